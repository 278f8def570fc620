import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport

/// `filters`: CNNs: the first convolution's filters as small images, fresh and after the
/// last run.
public struct FiltersCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "filters", tier: .instrument, summary: "CNNs: the first convolution's filters as small images",
        pointsAt: [.initialization, .learningRate, .standardize], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// Whether every filter of the first convolution after the last run is the same.
        public var identical: Bool?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
        /// False when the model has no convolution: the check cannot bear on it.
        public var applies = true
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.filters()
    }
}

extension Session {
    func filters() -> CommandResult {
        let fresh = makeRun(setup, preparedData())
        guard let initial = fresh.model.layers.first as? Conv2d else {
            return CommandResult(
                text: "This model has no convolution. (`code` shows the model.)",
                record: FiltersCommand.Record(applies: false))
        }
        var lines = [
            "first convolution, \(initial.outputChannels) filters of \(initial.kernel.height)x\(initial.kernel.width)"
                + (initial.inputChannels > 1 ? " (input channel 0)" : "") + ":"
        ]
        lines += ["at init:"] + picture(initial)
        let trained = lastReport.history.hasDiverged ? nil : lastRun.model.layers.first as? Conv2d
        var identical: Bool?
        if let trained, trained.weight.value.shape == initial.weight.value.shape {
            lines += ["after the last run:"] + picture(trained)
            let size = trained.weight.value.count / trained.outputChannels
            let first = Array(trained.weight.value.scalars[0..<size])
            identical =
                trained.outputChannels > 1
                && (1..<trained.outputChannels).allSatisfy {
                    Array(trained.weight.value.scalars[($0 * size)..<(($0 + 1) * size)]) == first
                }
            if identical == true {
                lines.append(style.alert("every filter is the same: the filters never became different"))
            }
        }
        lines.append("shades from the layer's most negative weight (blank) to its most positive; norms below each row")
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: FiltersCommand.Record(
                identical: identical, findings: [Finding(.identicalUnits, abnormal: identical == true)]))
    }

    /// The filters side by side, as many to a row as fit 58 columns, with each one's norm. A
    /// picture cannot wrap as prose does: a row that overflowed a 60-column terminal put its
    /// last filter under the first.
    private func picture(_ conv: Conv2d) -> [String] {
        let shades: [Character] = style.unicode ? Array(" ░▒▓█") : Array(" .:+#")
        let (height, width) = conv.kernel
        let weights = conv.weight.value
        let perFilter = conv.inputChannels * height * width
        let low = weights.scalars.min() ?? 0
        let span = Swift.max((weights.scalars.max() ?? 0) - low, 1e-12)
        let cell = Swift.max(width, 8) + 2
        let perRow = Swift.max(1, 56 / cell)
        var lines: [String] = []
        for start in stride(from: 0, to: conv.outputChannels, by: perRow) {
            let filters = Array(start..<Swift.min(start + perRow, conv.outputChannels))
            for u in 0..<height {
                lines.append(
                    "  "
                        + filters.map { o in
                            String(
                                (0..<width).map { v -> Character in
                                    let level = (weights[o * perFilter + u * width + v] - low) / span
                                    return shades[
                                        Swift.min(shades.count - 1, Int(level * Float(shades.count - 1) + 0.5))]
                                }
                            ).padding(toLength: cell, withPad: " ", startingAt: 0)
                        }.joined())
            }
            lines.append(
                "  "
                    + filters.map { o in
                        let norm = (0..<perFilter).reduce(Float(0)) {
                            $0 + weights[o * perFilter + $1] * weights[o * perFilter + $1]
                        }
                        return Format.number(norm.squareRoot()).padding(toLength: cell, withPad: " ", startingAt: 0)
                    }.joined())
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }
}
