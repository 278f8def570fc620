import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `attention`: attention models: attention entropy and a heat map of the weights.
public struct AttentionCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "attention", tier: .instrument,
        summary: "attention models: attention entropy and a heat map of the weights (of one block and head)",
        usage: "attention [BLOCK [HEAD]]", example: "attention 2 1",
        pointsAt: [.attentionScale, .keyDimension, .initialization, .learningRate, .positions, .causal],
        budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var attention: Bool
        public var entropyRatioInit: Double? = nil
        public var entropyRatioTrained: Double? = nil
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
        /// False when the model has no such layer: the check cannot bear on it.
        public var applies = true
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        if session.setup.architecture == .transformer { return session.transformerAttentionView(arguments) }
        guard arguments.isEmpty else {
            return .error("`attention BLOCK HEAD` picks a block and a head of a Transformer; this model has one map.")
        }
        return session.attentionView()
    }
}

extension Session {
    func attentionView() -> CommandResult {
        let prepared = preparedData()
        let fresh = makeRun(setup, prepared)
        let initial = TrainingRun.sequenceReadings(model: fresh.model, loss: fresh.loss, data: prepared)
        guard let attention = initial.attention, let initialRatio = initial.entropyRatio else {
            return CommandResult(
                text: "This model has no attention layer. (`code` shows the model.)",
                record: AttentionCommand.Record(attention: false, applies: false))
        }
        let trained =
            lastReport.history.hasDiverged
            ? nil
            : TrainingRun.sequenceReadings(model: lastRun.model, loss: lastRun.loss, data: lastRun.data)
        let steps = attention.columns
        let uniform = Foundation.log(Float(steps))
        var lines = [
            "attention entropy, mean over queries (uniform over \(steps) keys: \(Format.number(uniform)) nats):"
        ]
        lines.append(
            "  at init        \(Format.number(initialRatio * uniform)) nats (\(Format.percent(initialRatio)) of uniform)"
        )
        if let ratio = trained?.entropyRatio {
            lines.append(
                "  after last run \(Format.number(ratio * uniform)) nats (\(Format.percent(ratio)) of uniform)")
        }
        let labels = (0..<steps).map { "t\($0)" }
        lines.append("\nfirst probe sequence at init:")
        lines.append(
            AttentionHeatMap(weights: AttentionHeatMap.matrix(attention, example: 0), labels: labels, style: style).text
        )
        if initialRatio < 0.3 {
            lines.append(
                style.alert(
                    "saturated: each query puts almost all its weight on one key; the softmax passes almost no gradient to the queries and keys"
                ))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: AttentionCommand.Record(
                attention: true, entropyRatioInit: initialRatio.measured,
                entropyRatioTrained: trained?.entropyRatio.measured,
                findings: [Finding(.attentionSaturated, abnormal: initialRatio < 0.3)]))
    }
}
