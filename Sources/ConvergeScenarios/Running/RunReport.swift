import ConvergeEngine
import ConvergeSupport
import Foundation

/// The measurements of one training run of a setup: what `run` shows, what criteria read.
public struct RunReport: Sendable {
    public var history: TrainingHistory
    /// Loss on the training set at the initial weights.
    public var initialLoss: Float
    /// `ln C`: the loss of a model that knows nothing, for comparison with `initialLoss`.
    public var chanceLoss: Float
    public var validationLoss: Float?

    /// The validation result in words: the accuracy of a classifier, the loss of a regression
    /// model (which has no accuracy).
    public var validationSummary: String {
        validationAccuracy == nil && validationLoss != nil
            ? "validation loss \(Format.number(validationLoss))"
            : "validation accuracy \(Format.percent(validationAccuracy))"
    }
    public var validationAccuracy: Float?
    /// Share of validation predictions that change between two evaluations of the same weights.
    public var evaluationDisagreement: Float?
    /// Share of validation predictions that differ between evaluation in batches of 2 and in one batch.
    public var batchDisagreement: Float?
    /// The configured loss on a fixed probe: logits that put the true class 120 below another.
    /// Stable cross-entropy gives 120; `log(softmax)` gives infinity.
    public var lossProbe: Float
    /// Whether every hidden unit of the first layer has the same incoming weights (broken symmetry check).
    public var hiddenUnitsIdentical: Bool
    /// For a recurrent model at initialisation: `‖dL/dh_0‖ / ‖dL/dh_{T-1}‖` on the probe batch,
    /// how much of the learning signal reaches the first time step.
    public var initialTimeGradientRatio: Float?
    /// For an attention model at initialisation: mean attention entropy over `ln T` (1 for
    /// uniform attention, near 0 for a saturated softmax).
    public var initialAttentionEntropyRatio: Float?
    /// For a next-token model: share of greedily generated letters that continue validation
    /// sentences correctly (`Generation`).
    public var generationAccuracy: Float?

    public var finalTrainingLoss: Float? { history.epochs.last?.trainingLoss }
    public var firstEpochLoss: Float? { history.epochs.first?.trainingLoss }
    public var trainingAccuracy: Float? { history.epochs.last?.trainingAccuracy }

    /// The metric called `name`, as criteria in scenario files spell it. Booleans are 1 or 0;
    /// a metric the run could not measure (a diverged run has no validation accuracy) is nil.
    public func metric(_ name: String) -> Double? {
        func value(_ number: Float?) -> Double? { number.map(Double.init) }
        switch name {
        case "val_accuracy": return value(validationAccuracy)
        case "val_loss": return value(validationLoss)
        case "train_accuracy": return value(trainingAccuracy)
        case "final_train_loss": return value(finalTrainingLoss).flatMap { $0.isFinite ? $0 : nil }
        case "first_epoch_loss": return value(firstEpochLoss)
        case "final_to_first_loss": return ratio(finalTrainingLoss, firstEpochLoss)
        case "init_loss": return Double(initialLoss)
        case "init_loss_ratio": return ratio(initialLoss, chanceLoss)
        case "final_loss_ratio": return ratio(finalTrainingLoss, chanceLoss)
        case "non_finite": return history.hasDiverged ? 1 : 0
        case "non_finite_step": return history.firstNonFinite.map { Double($0.step) }
        case "eval_disagreement": return value(evaluationDisagreement)
        case "batch_disagreement": return value(batchDisagreement)
        case "generalization_gap":
            return trainingAccuracy.flatMap { train in validationAccuracy.map { Double(train - $0) } }
        case "loss_probe": return Double(lossProbe)
        case "hidden_units_identical": return hiddenUnitsIdentical ? 1 : 0
        case "val_loss_ratio": return ratio(validationLoss, chanceLoss)
        case "init_time_gradient_ratio": return value(initialTimeGradientRatio)
        case "init_attention_entropy_ratio": return value(initialAttentionEntropyRatio)
        case "generation_accuracy": return value(generationAccuracy)
        default: return nil
        }
    }

    /// Names `metric(_:)` knows, for validating scenario files.
    public static let metricNames = [
        "val_accuracy", "val_loss", "train_accuracy", "final_train_loss", "first_epoch_loss", "final_to_first_loss",
        "init_loss", "init_loss_ratio", "final_loss_ratio", "non_finite", "non_finite_step", "eval_disagreement",
        "batch_disagreement", "generalization_gap", "loss_probe", "hidden_units_identical", "val_loss_ratio",
        "init_time_gradient_ratio", "init_attention_entropy_ratio", "generation_accuracy",
    ]

    private func ratio(_ a: Float?, _ b: Float?) -> Double? {
        guard let a, let b, b != 0, a.isFinite else { return nil }
        return Double(a / b)
    }
}
