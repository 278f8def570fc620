import ConvergeEngine
import ConvergeReference
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
            "layer  kind            parameter   shape      gradient norm",
        ]
        for (index, entry) in result.gradients.enumerated() {
            let kind = result.layerKinds[index].padding(toLength: 14, withPad: " ", startingAt: 0)
            guard let entry else {
                lines.append(String(format: "%5d  %@  -", index, kind))
                continue
            }
            for parameter in entry {
                let shape = parameter.value.shape.map(String.init).joined(separator: "x")
                lines.append(
                    String(
                        format: "%5d  %@  %@  %@  %.6g", index, kind,
                        parameter.name.padding(toLength: 10, withPad: " ", startingAt: 0),
                        shape.padding(toLength: 9, withPad: " ", startingAt: 0),
                        Double(parameter.value.norm)))
            }
        }
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
