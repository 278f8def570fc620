import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `eval`: evaluate the trained model twice, in pairs against all at once, and in both modes.
public struct EvalCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "eval", tier: .sanity, summary: "evaluate the trained model twice, and in pairs against all at once",
        pointsAt: [.evaluationMode, .dropout, .normalization, .evaluationBatch, .collate], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var diverged: Bool
        public var accuracyFirst: Double? = nil
        public var accuracySecond: Double? = nil
        public var evalDisagreement: Double? = nil
        public var batchDisagreement: Double? = nil
        public var trainModeAccuracy: Double? = nil
        public var evalModeAccuracy: Double? = nil
        /// Padded sequences: the share of predictions that change when the validation
        /// sequences carry only the training data's padding.
        public var paddingDisagreement: Double? = nil
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.evaluate()
    }
}

extension Session {
    /// Evaluates the last run's model twice as configured, in batches of 2 against all at
    /// once, and in both modes, so mode-dependent layers show themselves.
    func evaluate() -> CommandResult {
        let run = lastRun
        let validation = run.data.validation
        guard !lastReport.history.hasDiverged else {
            return CommandResult(
                text:
                    "The last run diverged (its weights are not finite): there is nothing meaningful to evaluate. `run` again after a change.",
                record: EvalCommand.Record(diverged: true))
        }
        func evaluator(mode: Mode, batch: Int) -> Trainer {
            var configuration = run.trainer.configuration
            configuration.evaluationMode = mode
            configuration.evaluationBatchSize = batch
            return Trainer(model: run.model, loss: run.loss, optimizer: run.optimizer, configuration: configuration)
        }
        let configured = evaluator(mode: setup.evaluationMode, batch: setup.evaluationBatchSize)
        let first = configured.evaluate(validation)
        let second = configured.evaluate(validation)
        let disagreement = PredictCommand.disagreement(first.predictions, second.predictions)
        let pairs = evaluator(mode: setup.evaluationMode, batch: 2).evaluate(validation)
        let whole = evaluator(mode: setup.evaluationMode, batch: Swift.max(validation.count, 1)).evaluate(validation)
        let batchDisagreement = PredictCommand.disagreement(pairs.predictions, whole.predictions)
        let trainingMode = evaluator(mode: .training, batch: setup.evaluationBatchSize).evaluate(validation)
        let evaluationMode = evaluator(mode: .evaluation, batch: setup.evaluationBatchSize).evaluate(validation)
        let modeName = setup.evaluationMode == .evaluation ? "eval" : "train"
        var rows: [[String]] = [
            ["as configured (\(modeName) mode), first", Format.percent(first.accuracy), Format.number(first.loss)],
            ["as configured (\(modeName) mode), second", Format.percent(second.accuracy), Format.number(second.loss)],
            ["in batches of 2", Format.percent(pairs.accuracy), Format.number(pairs.loss)],
            ["all rows in one batch", Format.percent(whole.accuracy), Format.number(whole.loss)],
            ["model.train() mode", Format.percent(trainingMode.accuracy), Format.number(trainingMode.loss)],
            ["model.eval() mode", Format.percent(evaluationMode.accuracy), Format.number(evaluationMode.loss)],
        ]
        // Padded sequences longer than training's: the same sequences with training's padding.
        var paddingDisagreement: Float?
        let trainingSteps = run.data.training.inputs.shape.count == 3 ? run.data.training.inputs.shape[1] : 0
        if validation.inputs.shape.count == 3, trainingSteps > 0, validation.inputs.shape[1] > trainingSteps {
            let trimmed = configured.evaluate(validation.withSteps(trainingSteps))
            paddingDisagreement = PredictCommand.disagreement(first.predictions, trimmed.predictions)
            rows.append([
                "padded to \(trainingSteps) steps, as in training", Format.percent(trimmed.accuracy),
                Format.number(trimmed.loss),
            ])
        }
        var text =
            "validation set, \(validation.count) rows, weights of the last run:\n"
            + Format.table(["evaluation", "accuracy", "loss"], rows)
        text += "\n\ntwo evaluations of the same weights disagree on \(Format.percent(disagreement)) of predictions"
        text += "\nbatches of 2 and one batch disagree on \(Format.percent(batchDisagreement)) of predictions"
        if let paddingDisagreement {
            text +=
                "\nthe same sequences padded to \(validation.inputs.shape[1]) and to \(trainingSteps) steps disagree on "
                + "\(Format.percent(paddingDisagreement)) of predictions"
            if paddingDisagreement > 0 {
                text += "\n" + style.alert("a sequence's prediction depends on how much padding it carries")
            }
        }
        if disagreement > 0 {
            text += "\n" + style.alert("two passes over the same weights differ: something random is on at evaluation")
        }
        if batchDisagreement > 0 {
            text +=
                "\n"
                + style.alert(
                    "a row's prediction depends on the other rows of its batch: something mixes rows at evaluation")
        }
        return CommandResult(
            text: text,
            record: EvalCommand.Record(
                diverged: false, accuracyFirst: first.accuracy.measured, accuracySecond: second.accuracy.measured,
                evalDisagreement: disagreement.measured, batchDisagreement: batchDisagreement.measured,
                trainModeAccuracy: trainingMode.accuracy.measured, evalModeAccuracy: evaluationMode.accuracy.measured,
                paddingDisagreement: paddingDisagreement?.measured,
                findings: [Finding(.evaluationUnstable, abnormal: disagreement > 0 || batchDisagreement > 0)]
                    + (paddingDisagreement.map { [Finding(.padsUnmasked, abnormal: $0 > 0)] } ?? [])))
    }
}
