import ConvergeEngine
import ConvergeScenarios

/// What the instrument commands share: readings on a fixed probe batch (the first 256
/// training rows), once with fresh weights and once with the weights of the last run.
extension Session {
    /// Inspections at initialisation and, when the last run ended finite and trained the same
    /// model, after it. (After `set hidden` or `set norm` and before `run`, the last run's
    /// model has other layers: its readings are left out rather than misaligned.)
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
        let sameModel =
            trained.parameters.map(\.key) == initial.parameters.map(\.key)
            && trained.activations.map(\.kind) == initial.activations.map(\.kind)
        return (initial, sameModel ? trained : nil)
    }

    /// The heading of the trained column, from what `inspections()` returned.
    func trainedLabel(_ trained: ModelInspection?) -> String {
        if lastReport.history.hasDiverged { return "after last run (diverged)" }
        return trained == nil ? "last run (other model)" : "after last run"
    }

    /// Why `candidate` cannot train on this scenario's data, or nil when it can: a loss or a
    /// model family that does not fit the data is refused by `set`, not left to fail in `run`.
    func incompatibility(of candidate: Setup) -> String? {
        let data = preparedData(candidate)
        let sequences = data.training.inputs.shape.count == 3
        if candidate.architecture.readsSequences && !sequences {
            return
                "this data set has one row of features per example, not sequences: a \(candidate.architecture.rawValue) needs sequences"
        }
        if !candidate.architecture.readsSequences && sequences {
            return
                "this data set holds sequences: \(candidate.architecture == .cnn ? "a cnn reads images" : "an mlp reads one row of features"); use rnn, lstm or attention"
        }
        if candidate.architecture.readsImages && !source.holdsImages && !sequences {
            return "this data set holds rows of features, not images: a cnn needs images; use mlp"
        }
        if candidate.architecture.readsImages && candidate.normalization == .layernorm {
            return "layernorm follows linear layers here; a cnn takes norm batchnorm or none"
        }
        if candidate.architecture == .transformer {
            let width = candidate.hidden.first ?? 32
            if width % candidate.heads != 0 {
                return "\(candidate.heads) heads do not split a width of \(width) evenly (`hidden` sets the width)"
            }
            if candidate.positions == .sinusoidal && width % 2 != 0 {
                return "sinusoidal positions pair up columns: the width (`hidden`) must be even"
            }
        }
        if candidate.pretrained && scenarioData.pretraining == nil {
            return "this project has no pretrained backbone: the model starts from its initialisation"
        }
        if candidate.collate != .standard && sequences {
            return "the sequences are stored batch-first: collate stays default"
        }
        if data.isRegression && candidate.loss != .mse {
            return
                "the targets are numbers to predict, not classes: \(candidate.loss.rawValue) needs class labels; use mse"
        }
        if !data.isRegression && candidate.loss == .mse {
            return "the targets are class labels: mse needs numeric targets; use cross_entropy"
        }
        return nil
    }
}

/// One parameter's measured value, as the instrument records keep it (in model order).
public struct ParameterValue: Codable, Sendable, Equatable {
    /// The parameter's dotted key, `layers.0.weight`.
    public var parameter: String
    public var value: Double?
}
