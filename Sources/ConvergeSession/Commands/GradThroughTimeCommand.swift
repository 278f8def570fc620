import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `grad-through-time`: recurrent models: the gradient norm at every time step, at init.
public struct GradThroughTimeCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "grad-through-time", tier: .instrument,
        summary: "recurrent models: gradient norm at every time step, at init",
        pointsAt: [.architecture, .recurrentInit, .clip, .learningRate], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var recurrent: Bool
        public var normsInit: [Double?]? = nil
        public var firstLastRatio: Double? = nil
        public var stepsToOnePercent: Int? = nil
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
        /// False when the model has no such layer: the check cannot bear on it.
        public var applies = true
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.gradientThroughTime()
    }
}

extension Session {
    func gradientThroughTime() -> CommandResult {
        let prepared = preparedData()
        let fresh = makeRun(setup, prepared)
        let initial = TrainingRun.sequenceReadings(model: fresh.model, loss: fresh.loss, data: prepared)
        guard !initial.timeGradientNorms.isEmpty else {
            return CommandResult(
                text:
                    "This model has no recurrent layer: nothing flows back through time. (`code` shows the model.)",
                record: GradThroughTimeCommand.Record(recurrent: false, applies: false))
        }
        // The trained column is the last run's, so only while it trained this very setup.
        let trained =
            lastReport.history.hasDiverged || lastRun.setup != setup
            ? nil
            : TrainingRun.sequenceReadings(model: lastRun.model, loss: lastRun.loss, data: lastRun.data)
                .timeGradientNorms
        let norms = initial.timeGradientNorms
        let last = Swift.max(norms.last ?? 1, 1e-30)
        // Bars on a log scale across the norms shown, so growth and decay both show.
        let logs = norms.map { Foundation.log10(Double(Swift.max($0, 1e-30))) }
        let lowest = logs.min() ?? 0
        let span = Swift.max((logs.max() ?? 0) - lowest, 1)
        var lines = [
            "\(setup.architecture == .lstm ? "‖dL/d(h_t, c_t)‖" : "‖dL/dh_t‖") on the probe batch, last step back "
                + "to the first (at init; log-scale bars):"
        ]
        for t in stride(from: norms.count - 1, through: 0, by: -1) {
            let fraction = Float(0.05 + 0.95 * (logs[t] - lowest) / span)
            lines.append(
                String(
                    format: "  t=%3d  %@", t, Format.number(norms[t]).padding(toLength: 10, withPad: " ", startingAt: 0)
                )
                    + style.bar(Swift.min(fraction, 1), width: 30)
                    + (trained.map { "  trained " + Format.number($0[t]) } ?? ""))
        }
        let ratio = norms[0] / last
        let reach = norms.indices.reversed().first { norms[$0] / last < 0.01 }.map { norms.count - 1 - $0 }
        // The growth per step going back: over a short sequence a modest total ratio is
        // already a factor above 1 at every step, which is what explodes.
        let perStep = norms.count > 1 ? Float(Foundation.pow(Double(ratio), 1 / Double(norms.count - 1))) : 1
        let exploding = ratio > 1e3 || (ratio >= 10 && perStep >= 1.5)
        lines.append(
            "\nfirst step / last step: \(Format.number(ratio)) (\(Format.number(perStep))x per step going back)")
        // An LSTM's gates can learn to carry the signal that vanishes at init: judge it by the
        // trained model of this setup when there is one, and do not claim the worst before.
        let trainedRatio = trained.map { $0[0] / Swift.max($0[$0.count - 1], 1e-30) }
        let vanishesAtInit = ratio < 1e-3
        let vanishing = vanishesAtInit && (trainedRatio.map { $0 < 1e-3 } ?? (setup.architecture != .lstm))
        if vanishing {
            lines.append(
                style.alert(
                    "vanishing through time: the signal from the loss falls below 1% within \(reach ?? 0) steps; the early inputs cannot be learned"
                        + (trainedRatio == nil ? "" : ", and training did not change that")))
        } else if vanishesAtInit, let trainedRatio {
            lines.append(
                style.good(
                    "at init the signal falls below 1% within \(reach ?? 0) steps, but after training the first "
                        + "step gets \(Format.number(trainedRatio)) of the last step's gradient: "
                        + (setup.architecture == .lstm ? "the gates learned to carry it" : "training made it reach")
                ))
        } else if vanishesAtInit {
            lines.append(
                "at init the signal falls below 1% within \(reach ?? 0) steps; an LSTM's gates can learn to carry "
                    + "it: `run`, and the trained column shows whether they did")
        } else if exploding {
            lines.append(
                style.alert(
                    "exploding through time: the gradient grows about \(Format.number(perStep))x at every step going back, so updates can blow up"
                ))
        } else {
            lines.append(style.good("the gradient reaches the first step"))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: GradThroughTimeCommand.Record(
                recurrent: true, normsInit: norms.map { $0.measured }, firstLastRatio: ratio.measured,
                stepsToOnePercent: reach,
                findings: [
                    Finding(.vanishingThroughTime, abnormal: vanishing),
                    Finding(.explodingThroughTime, abnormal: exploding),
                ]))
    }
}
