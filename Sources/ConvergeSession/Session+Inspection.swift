import ConvergeEngine
import ConvergeScenarios

/// What the instrument commands share: readings on a fixed probe batch (the first 256
/// training rows), once with fresh weights and once with the weights of the last run.
extension Session {
    /// Inspections at initialisation and, when the last run ended finite, after it.
    func inspections() -> (initial: ModelInspection, trained: ModelInspection?) {
        let prepared = preparedData()
        let batch = probeBatch(prepared)
        let fresh = makeRun(setup, prepared)
        let initial = ModelInspection(
            model: fresh.model, loss: fresh.loss, inputs: batch.inputs, targets: batch.targets)
        guard !lastReport.history.hasDiverged else { return (initial, nil) }
        let lastBatch = probeBatch(lastRun.data)
        let trained = ModelInspection(
            model: lastRun.model, loss: lastRun.loss, inputs: lastBatch.inputs, targets: lastBatch.targets)
        return (initial, trained)
    }

    var trainedLabel: String { lastReport.history.hasDiverged ? "after last run (diverged)" : "after last run" }
}

/// One parameter's measured value, as the instrument records keep it (in model order).
public struct ParameterValue: Codable, Sendable, Equatable {
    /// The parameter's dotted key, `layers.0.weight`.
    public var parameter: String
    public var value: Double?
}
