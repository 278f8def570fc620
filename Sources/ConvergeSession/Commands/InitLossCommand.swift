import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `init-loss`: the loss at initialisation against ln C.
public struct InitLossCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "init-loss", tier: .sanity, summary: "the loss at initialisation against ln C",
        pointsAt: [.initialization, .biasInit, .standardize, .outputSoftmax, .loss], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var initLoss: Double?
        public var expectedLoss: Double?
        public var ratio: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.initLoss()
    }
}

extension Session {
    /// The loss of a fresh model against `ln C`, the loss of a model that spreads its belief
    /// evenly over the C classes.
    func initLoss() -> CommandResult {
        let prepared = preparedData()
        let run = makeRun(setup, prepared)
        let observed = run.trainer.evaluate(prepared.training).loss
        let expected = TrainingRun.chanceLoss(prepared)
        let reference = prepared.isRegression ? "the variance of the targets" : "ln \(prepared.classCount)"
        // What the reference means: predicting the mean of the targets, or an even belief.
        let short = prepared.isRegression ? "the targets' variance" : "ln C"
        let ratio = observed / expected
        let verdict: String
        if !observed.isFinite {
            verdict = style.alert("not a number: the loss is broken before any training")
        } else if ratio > 1.5 {
            verdict = style.alert(
                "far above \(short): the initial predictions are "
                    + (prepared.isRegression ? "far off" : "confidently wrong")
                    + " (look at the scale of the inputs, the weights, or the output layer)"
            )
        } else if ratio < 0.5 {
            verdict = style.alert("far below \(short): suspicious before any training (leaked labels?)")
        } else {
            verdict = style.good(
                "close to \(short): the model starts out "
                    + (prepared.isRegression ? "near the mean of the targets" : "appropriately unsure"))
        }
        // The two losses as a small table, so their numbers line up.
        let text =
            Format.rows([
                ["loss at initialisation (\(prepared.training.count) training rows):", Format.number(observed)],
                ["expected, \(reference):", Format.number(expected)],
            ]) + "\nratio \(Format.number(ratio)): \(verdict)"
        return CommandResult(
            text: text,
            record: InitLossCommand.Record(
                initLoss: observed.measured, expectedLoss: expected.measured, ratio: ratio.measured,
                findings: [Finding(.initialLossOff, abnormal: !observed.isFinite || ratio > 1.5 || ratio < 0.5)]))
    }
}
