import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// Instruments for sequence models: how far the gradient reaches back in time, and what
/// the attention looks at.
extension Session {
    func gradientThroughTime() -> CommandResult {
        let prepared = preparedData()
        let fresh = makeRun(setup, prepared)
        let initial = TrainingRun.sequenceReadings(model: fresh.model, loss: fresh.loss, data: prepared)
        guard !initial.timeGradientNorms.isEmpty else {
            return CommandResult(input: "", name: "grad-through-time", tier: .instrument,
                                 text: "This model has no recurrent layer: nothing flows back through time. (`config` shows the architecture.)",
                                 values: [("recurrent", .bool(false))])
        }
        let trained = lastReport.history.hasDiverged ? nil
            : TrainingRun.sequenceReadings(model: lastRun.model, loss: lastRun.loss, data: lastRun.data).timeGradientNorms
        let norms = initial.timeGradientNorms
        let last = Swift.max(norms.last ?? 1, 1e-30)
        var lines = ["‖dL/dh_t‖ on the probe batch, from the last step back to the first (at init):"]
        for t in stride(from: norms.count - 1, through: 0, by: -1) {
            let relative = norms[t] / last
            let fraction = Float((Foundation.log10(Double(Swift.max(relative, 1e-12))) + 12) / 12)
            lines.append(String(format: "  t=%3d  %@", t, Format.number(norms[t]).padding(toLength: 10, withPad: " ", startingAt: 0))
                + style.bar(Swift.min(fraction, 1), width: 30) + (trained.map { "  trained " + Format.number($0[t]) } ?? ""))
        }
        let ratio = norms[0] / last
        let reach = norms.indices.reversed().first { norms[$0] / last < 0.01 }.map { norms.count - 1 - $0 }
        lines.append("\nfirst step / last step: \(Format.number(ratio))")
        if ratio < 1e-3 {
            lines.append(style.alert("vanishing through time: the signal from the loss falls below 1% within \(reach ?? 0) steps; the early inputs cannot be learned"))
        } else if ratio > 1e3 {
            lines.append(style.alert("exploding through time: the gradient grows going back, so updates can blow up"))
        } else {
            lines.append(style.good("the gradient reaches the first step"))
        }
        return CommandResult(input: "", name: "grad-through-time", tier: .instrument, text: lines.joined(separator: "\n"), values: [
            ("recurrent", .bool(true)),
            ("norms_init", .array(norms.map { Format.json($0) })),
            ("first_last_ratio", Format.json(ratio)),
            ("steps_to_one_percent", reach.map { .number(Double($0)) } ?? .null),
        ])
    }

    func attentionView() -> CommandResult {
        let prepared = preparedData()
        let fresh = makeRun(setup, prepared)
        let initial = TrainingRun.sequenceReadings(model: fresh.model, loss: fresh.loss, data: prepared)
        guard let attention = initial.attention, let initialRatio = initial.entropyRatio else {
            return CommandResult(input: "", name: "attention", tier: .instrument,
                                 text: "This model has no attention layer. (`config` shows the architecture.)",
                                 values: [("attention", .bool(false))])
        }
        let trained = lastReport.history.hasDiverged ? nil
            : TrainingRun.sequenceReadings(model: lastRun.model, loss: lastRun.loss, data: lastRun.data)
        let steps = attention.columns
        let uniform = Foundation.log(Float(steps))
        var lines = ["attention entropy, mean over queries (uniform over \(steps) keys: \(Format.number(uniform)) nats):"]
        lines.append("  at init        \(Format.number(initialRatio * uniform)) nats (\(Format.percent(initialRatio)) of uniform)")
        if let ratio = trained?.entropyRatio {
            lines.append("  after last run \(Format.number(ratio * uniform)) nats (\(Format.percent(ratio)) of uniform)")
        }
        let labels = (0..<steps).map { "t\($0)" }
        lines.append("\nfirst probe sequence at init:")
        lines.append(AttentionHeatMap(weights: AttentionHeatMap.matrix(attention, example: 0), labels: labels, style: style).text)
        if initialRatio < 0.3 {
            lines.append(style.alert("saturated: each query puts almost all its weight on one key; the softmax passes almost no gradient to the queries and keys"))
        }
        return CommandResult(input: "", name: "attention", tier: .instrument, text: lines.joined(separator: "\n"), values: [
            ("attention", .bool(true)),
            ("entropy_ratio_init", Format.json(initialRatio)),
            ("entropy_ratio_trained", Format.json(trained?.entropyRatio)),
        ])
    }
}
