import ConvergeEngine
import Foundation

/// One training run of a setup on prepared data, from fresh weights, with everything the
/// session and the criteria need measured along the way.
/// What only sequence models show at initialisation (see `TrainingRun.sequenceReadings`).
public typealias SequenceReadings = (
    timeGradientRatio: Float?, entropyRatio: Float?, timeGradientNorms: [Float], attention: Tensor?
)

public final class TrainingRun {
    public let setup: Setup
    public let data: PreparedData
    public let model: Sequential
    public let loss: Loss
    public let optimizer: Optimizer
    public let trainer: Trainer

    /// Builds the model, loss, optimizer and trainer of `setup` (no training yet).
    public init(
        setup: Setup, data: PreparedData, probes: ProbeOptions = [], probeInterval: Int = 1,
        cancellation: CancellationFlag? = nil, progress: TrainingProgress? = nil, maximumSteps: Int? = nil
    ) {
        self.setup = setup
        self.data = data
        model = TrainingRun.startingModel(setup, data: data)
        loss = ModelFactory.makeLoss(setup)
        let stepsPerEpoch = setup.stepsPerEpoch(trainingRows: data.training.count)
        optimizer = ModelFactory.makeOptimizer(setup, model: model, stepsPerEpoch: stepsPerEpoch)
        var configuration = ModelFactory.makeConfiguration(setup, stepsPerEpoch: stepsPerEpoch)
        configuration.probes = probes
        configuration.probeInterval = probeInterval
        configuration.cancellation = cancellation
        configuration.progress = progress
        configuration.maximumSteps = maximumSteps
        trainer = Trainer(model: model, loss: loss, optimizer: optimizer, configuration: configuration)
    }

    /// The model of `setup` as training starts: fresh weights from the setup's seed, and the
    /// pretrained backbone when the setup asks for it and the data has one.
    public static func startingModel(_ setup: Setup, data: PreparedData) -> Sequential {
        let model = ModelFactory.makeModel(
            setup, exampleShape: data.exampleShape, classCount: data.outputWidth, everyStep: data.predictsEveryStep)
        if setup.pretrained, let pretraining = data.pretraining { pretraining.load(into: model, setup: setup) }
        return model
    }

    /// Trains for the setup's epochs and measures the result.
    public func execute() -> RunReport {
        let (initial, sequenceReadings, history) = trainAsRecorded()
        return report(history: history, initialLoss: initial, sequenceReadings: sequenceReadings)
    }

    /// The training of `execute`, step for step: the same evaluations in the same places,
    /// so every random draw (dropout masks in a model left in training mode, batch order)
    /// matches. `nan-check` replays a run this way to find the very NaN the run met.
    public func trainAsRecorded() -> (initialLoss: Float, sequenceReadings: SequenceReadings, history: TrainingHistory)
    {
        let initial = trainer.evaluate(data.training).loss
        let sequenceReadings = TrainingRun.sequenceReadings(model: model, loss: loss, data: data)
        let history = trainer.train(on: data.training, evaluatingOn: data.validation)
        return (initial, sequenceReadings, history)
    }

    func report(history: TrainingHistory, initialLoss initial: Float, sequenceReadings: SequenceReadings) -> RunReport {
        var report = RunReport(
            history: history, initialLoss: initial, chanceLoss: TrainingRun.chanceLoss(data),
            lossProbe: data.isRegression
                ? .nan : TrainingRun.lossProbe(ModelFactory.makeLoss(setup), classCount: data.classCount),
            hiddenUnitsIdentical: TrainingRun.firstLayerUnitsIdentical(model),
            initialTimeGradientRatio: sequenceReadings.timeGradientRatio,
            initialAttentionEntropyRatio: sequenceReadings.entropyRatio)
        if !history.hasDiverged {
            let first = trainer.evaluate(data.validation)
            report.validationLoss = first.loss
            report.validationAccuracy = first.accuracy
            let second = trainer.evaluate(data.validation)
            report.evaluationDisagreement = TrainingRun.disagreement(first.predictions, second.predictions)
            report.batchDisagreement = batchDisagreement()
            if data.predictsEveryStep {
                report.generationAccuracy =
                    Generation.greedy(
                        model: model, sentences: data.validation, promptLength: TrainingRun.promptLength,
                        count: TrainingRun.generatedSentences
                    ).accuracy
            }
        }
        return report
    }

    /// Readings only sequence models have, on the probe batch (the first 256 training rows):
    /// how much gradient reaches the first time step, and how spread the attention is.
    public static func sequenceReadings(model: Sequential, loss: Loss, data: PreparedData) -> SequenceReadings {
        let recurrent = model.layers.first { $0 is RNN || $0 is LSTM }
        let attention = model.layers.first { $0 is SelfAttention } as? SelfAttention
        guard recurrent != nil || attention != nil, data.training.inputs.shape.count == 3 else {
            return (nil, nil, [], nil)
        }
        let batch = data.training.subset(Array(0..<Swift.min(256, data.training.count)))
        _ = ModelInspection(model: model, loss: loss, inputs: batch.inputs, targets: batch.targets)
        var norms: [Float] = []
        if let rnn = recurrent as? RNN { norms = rnn.stateGradientNorms }
        if let lstm = recurrent as? LSTM { norms = lstm.stateGradientNorms }
        let ratio: Float? = norms.isEmpty ? nil : norms[0] / Swift.max(norms[norms.count - 1], 1e-30)
        let steps = Float(data.training.inputs.shape[1])
        let entropy = attention.map { $0.meanEntropy / Foundation.log(steps) }
        return (ratio, entropy, norms, attention?.attention.copy())
    }

    /// Letters of a validation sentence a generated sentence starts from: two fix the
    /// scenarios' language.
    public static let promptLength = 2
    /// Validation sentences the run report generates from.
    public static let generatedSentences = 64

    /// The loss of a model that knows nothing: `ln C` for C classes, the variance of the
    /// targets (the MSE of always predicting their mean) for regression.
    public static func chanceLoss(_ data: PreparedData) -> Float {
        guard data.isRegression else { return Foundation.log(Float(data.classCount)) }
        let targets = data.training.targets
        guard targets.count > 0 else { return 1 }
        return targets.standardDeviation * targets.standardDeviation
    }

    /// Predictions in batches of 2 against predictions with the whole set as one batch.
    func batchDisagreement() -> Float {
        var small = setup
        var whole = setup
        small.evaluationBatchSize = 2
        whole.evaluationBatchSize = Swift.max(data.validation.count, 1)
        let pairs = TrainingRun.evaluator(for: small, like: self).evaluate(data.validation).predictions
        let single = TrainingRun.evaluator(for: whole, like: self).evaluate(data.validation).predictions
        return TrainingRun.disagreement(pairs, single)
    }

    /// A trainer sharing this run's model, for evaluating it with other settings.
    static func evaluator(for setup: Setup, like run: TrainingRun) -> Trainer {
        var configuration = run.trainer.configuration
        configuration.evaluationBatchSize = setup.evaluationBatchSize
        return Trainer(model: run.model, loss: run.loss, optimizer: run.optimizer, configuration: configuration)
    }

    static func disagreement(_ a: [Int], _ b: [Int]) -> Float {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return Float(zip(a, b).filter { $0 != $1 }.count) / Float(a.count)
    }

    /// The loss of logits whose true class sits 120 below another class (exactly 120 for a
    /// correct cross-entropy).
    static func lossProbe(_ loss: Loss, classCount: Int) -> Float {
        let logits = Tensor(shape: [1, classCount])
        logits[0, 1] = 120
        return loss.forward(logits, targets: Tensor(shape: [1], scalars: [0]))
    }

    /// Whether every hidden unit of the first layer has exactly the same incoming weights.
    public static func firstLayerUnitsIdentical(_ model: Sequential) -> Bool {
        guard let first = model.layers.first as? Linear, first.outputSize > 1 else { return false }
        let weight = first.weight.value
        let width = first.inputSize
        for unit in 1..<first.outputSize {
            for column in 0..<width where weight[unit * width + column] != weight[column] { return false }
        }
        return true
    }
}
