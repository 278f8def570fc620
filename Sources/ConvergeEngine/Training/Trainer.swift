/// Trains a model: epochs of shuffled mini-batches, each step in PyTorch's order, with
/// evaluation after every epoch and optional probes.
public final class Trainer {
    public let model: Sequential
    public let loss: Loss
    public let optimizer: Optimizer
    public let configuration: TrainingConfiguration
    /// Steps taken so far, across every call to `train` and `step`.
    public private(set) var stepCount = 0

    private let baseLearningRate: Float
    private var shuffleGenerator: RandomGenerator
    private let probeRecorder: ProbeRecorder?
    private let batchInputs = Tensor()
    private let batchTargets = Tensor()
    private var history = TrainingHistory()

    public init(
        model: Sequential, loss: Loss, optimizer: Optimizer,
        configuration: TrainingConfiguration = TrainingConfiguration()
    ) {
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.configuration = configuration
        self.baseLearningRate = optimizer.learningRate
        self.shuffleGenerator = RandomGenerator(seed: configuration.seed)
        self.probeRecorder =
            configuration.probes.isEmpty ? nil : ProbeRecorder(options: configuration.probes, model: model)
    }

    /// One optimizer step on one batch: zero the gradients, forward, loss, backward, clip,
    /// update. Returns the loss before the update.
    ///
    /// A non-finite loss is recorded in the history and, when the configuration says so,
    /// the update is skipped so the weights keep their last finite values.
    @discardableResult
    public func step(inputs: Tensor, targets: Tensor) -> Float {
        let step = stepCount
        stepCount += 1
        let recordsProbes =
            probeRecorder != nil
            && (step % Swift.max(configuration.probeInterval, 1) == 0 || step == 0)

        if configuration.zeroesGradients { model.zeroGradients() }
        model.setModeIfNeeded(.training)
        let output = model.forward(inputs)
        let lossValue = loss.forward(output, targets: targets)
        if !lossValue.isFinite && history.firstNonFinite == nil {
            let earlier = probeRecorder?.firstNonFiniteActivation(step: step)
            history.firstNonFinite = earlier ?? NonFiniteEvent(step: step, location: "loss", value: lossValue)
        }
        if !lossValue.isFinite && configuration.stopsAtNonFiniteLoss { return lossValue }

        model.backward(loss.backward())
        if history.firstNonFinite == nil, let event = probeRecorder?.firstNonFiniteGradient(step: step) {
            history.firstNonFinite = event
        }
        if recordsProbes { probeRecorder?.recordBeforeUpdate(step: step) }
        configuration.clipping.apply(to: optimizer.parameters)
        optimizer.learningRate = configuration.schedule.learningRate(atStep: step, base: baseLearningRate)
        optimizer.step()
        if recordsProbes, let record = probeRecorder?.finishAfterUpdate() { history.probes.append(record) }
        return lossValue
    }

    /// Trains for the configured number of epochs and returns everything measured.
    ///
    /// Training stops early at the first non-finite loss when the configuration says so;
    /// the history then says where and when it happened.
    public func train(on training: Dataset, evaluatingOn evaluation: Dataset? = nil) -> TrainingHistory {
        history = TrainingHistory()
        let batchSize = Swift.max(1, Swift.min(configuration.batchSize, training.count))
        var order = Array(0..<training.count)
        shapeBatch(like: training, rows: batchSize)
        for epoch in 1...Swift.max(configuration.epochs, 1) {
            if configuration.shufflesEachEpoch { shuffleGenerator.shuffle(&order) }
            var lossSum: Double = 0
            var steps = 0
            var correct = 0
            var counted = 0
            var measuresAccuracy = true
            var start = 0
            while start < training.count {
                if configuration.cancellation?.isRaised == true {
                    history.wasCancelled = true
                    break
                }
                if let limit = configuration.maximumSteps, history.stepLosses.count >= limit { break }
                let end = Swift.min(start + batchSize, training.count)
                if end - start != batchInputs.shape[0] { shapeBatch(like: training, rows: end - start) }
                Dataset.gatherRows(order[start..<end], from: training, intoInputs: batchInputs, targets: batchTargets)
                let stepLoss = step(inputs: batchInputs, targets: batchTargets)
                history.stepLosses.append(stepLoss)
                history.learningRates.append(optimizer.learningRate)
                lossSum += Double(stepLoss)
                steps += 1
                if let right = loss.correctCount(output: model.layerOutputs.last ?? batchInputs, targets: batchTargets)
                {
                    correct += right
                    counted += batchTargets.count
                } else {
                    measuresAccuracy = false
                }
                start = end
                if !stepLoss.isFinite && configuration.stopsAtNonFiniteLoss { break }
            }
            var summary = EpochSummary(
                epoch: epoch, trainingLoss: Float(lossSum / Double(Swift.max(steps, 1))),
                trainingAccuracy: measuresAccuracy && counted > 0 ? Float(correct) / Float(counted) : nil)
            if let evaluation, !history.hasDiverged || !configuration.stopsAtNonFiniteLoss {
                let result = evaluate(evaluation)
                summary.evaluationLoss = result.loss
                summary.evaluationAccuracy = result.accuracy
            }
            if (history.wasCancelled || configuration.maximumSteps != nil) && steps == 0 { break }
            history.epochs.append(summary)
            configuration.progress?.report(
                epoch, of: configuration.epochs, unit: "epoch", loss: history.stepLosses.last ?? .nan)
            if (history.hasDiverged && configuration.stopsAtNonFiniteLoss) || history.wasCancelled { break }
            if let limit = configuration.maximumSteps, history.stepLosses.count >= limit { break }
        }
        model.setModeIfNeeded(.training)
        return history
    }

    /// Loss and accuracy over `data`, in the configured evaluation mode and batch size.
    public func evaluate(_ data: Dataset) -> Evaluation {
        model.setModeIfNeeded(configuration.evaluationMode)
        defer { model.setModeIfNeeded(.training) }
        let batchSize = Swift.max(1, Swift.min(configuration.evaluationBatchSize, data.count))
        let inputs = Tensor()
        let targets = Tensor()
        var lossSum: Double = 0
        var correct = 0
        var counted = 0
        var measuresAccuracy = true
        var predictions: [Int] = []
        predictions.reserveCapacity(data.count)
        var start = 0
        while start < data.count {
            let end = Swift.min(start + batchSize, data.count)
            var inputShape = data.inputs.shape
            var targetShape = data.targets.shape
            inputShape[0] = end - start
            targetShape[0] = end - start
            inputs.reshape(inputShape)
            targets.reshape(targetShape)
            Dataset.gatherRows(Array(start..<end)[...], from: data, intoInputs: inputs, targets: targets)
            let output = model.forward(inputs)
            lossSum += Double(loss.forward(output, targets: targets)) * Double(end - start)
            if let right = loss.correctCount(output: output, targets: targets) {
                correct += right
                counted += targets.count
                predictions.append(contentsOf: output.argmaxPerRow())
            } else {
                measuresAccuracy = false
            }
            start = end
        }
        return Evaluation(
            loss: Float(lossSum / Double(Swift.max(data.count, 1))),
            accuracy: measuresAccuracy && counted > 0 ? Float(correct) / Float(counted) : nil,
            predictions: predictions)
    }

    private func shapeBatch(like data: Dataset, rows: Int) {
        var inputShape = data.inputs.shape
        var targetShape = data.targets.shape
        inputShape[0] = rows
        targetShape[0] = rows
        batchInputs.reshape(inputShape)
        batchTargets.reshape(targetShape)
    }
}

extension Sequential {
    /// Switches mode only when it differs, so a training loop can call it every step for free.
    func setModeIfNeeded(_ newMode: Mode) {
        if mode != newMode { setMode(newMode) }
    }
}
