import ConvergeEngine
import ConvergeReference
import ConvergeSupport
import Foundation

/// The readable form of `converge grads`: one row per layer with its parameters' gradient norms.
struct GradientTable {
    let name: String
    let lossKind: String
    let result: ReferenceResult

    var rendered: String {
        var lines = [
            "\(name): output \(result.output.shape.map(String.init).joined(separator: " x ")), "
                + "\(lossKind) loss \(String(format: "%.6f", result.loss))",
            "",
        ]
        var rows: [[String]] = []
        for (index, entry) in result.gradients.enumerated() {
            let kind = result.layerKinds[index]
            let parameters = entry.flattened
            if parameters.isEmpty { rows.append(["\(index)", kind, "-", "", ""]) }
            for parameter in parameters {
                rows.append([
                    "\(index)", kind, parameter.path, parameter.value.shape.map(String.init).joined(separator: "x"),
                    String(format: "%.6g", Double(parameter.value.norm)),
                ])
            }
        }
        lines.append(Format.table(["layer", "kind", "parameter", "shape", "gradient norm"], rows))
        for (index, attention) in result.attention.enumerated() {
            guard let attention, attention.shape.count == 3 else { continue }
            let steps = attention.shape[1]
            lines.append("")
            lines.append("layer \(index) attention weights, first sequence (row i: query i over keys):")
            for i in 0..<steps {
                lines.append(
                    "  "
                        + (0..<steps).map { String(format: "%.3f", Double(attention[i * steps + $0])) }.joined(
                            separator: " "))
            }
        }
        if let losses = result.lossesBeforeSteps {
            lines.append("")
            lines.append(
                "losses over \(losses.count) optimizer steps: "
                    + losses.map { String(format: "%.6f", $0) }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
