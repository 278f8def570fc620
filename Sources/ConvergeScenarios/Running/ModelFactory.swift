import ConvergeEngine

/// Builds the engine objects a setup describes: the model, the loss, the optimizer, and the
/// trainer's configuration.
public enum ModelFactory {
    /// The model of `setup` for `inputWidth` features and `classCount` outputs.
    public static func makeModel(_ setup: Setup, inputWidth: Int, classCount: Int) -> Sequential {
        switch setup.architecture {
        case .mlp: return makePerceptron(setup, inputWidth: inputWidth, classCount: classCount)
        case .rnn, .lstm, .attention: return makeSequenceModel(setup, featureCount: inputWidth, outputWidth: classCount)
        }
    }

    /// `[Linear → norm? → activation → dropout?] × hidden`, then `Linear`, then softmax if
    /// the setup says so.
    static func makePerceptron(_ setup: Setup, inputWidth: Int, classCount: Int) -> Sequential {
        var generator = RandomGenerator(seed: setup.seed)
        let weightInit = setup.weightInit.initializer(activation: setup.activation)
        var layers: [Layer] = []
        var width = inputWidth
        for hiddenWidth in setup.hidden {
            layers.append(
                Linear(
                    inputSize: width, outputSize: hiddenWidth, weightInitializer: weightInit,
                    biasInitializer: setup.hiddenBiasInit.initializer(activation: setup.activation),
                    generator: &generator))
            if let normalization = setup.normalization.makeLayer(width: hiddenWidth) { layers.append(normalization) }
            layers.append(setup.activation.makeLayer())
            if setup.dropout > 0 { layers.append(Dropout(probability: setup.dropout, generator: generator.split())) }
            width = hiddenWidth
        }
        layers.append(
            Linear(inputSize: width, outputSize: classCount, weightInitializer: weightInit, generator: &generator))
        if setup.outputSoftmax { layers.append(Softmax()) }
        return Sequential(layers)
    }

    /// A sequence model: `rnn` or `lstm` (hidden size `hidden[0]`), or `attention` (a linear
    /// embedding to width `hidden[0]`, one self-attention layer); each followed by the last
    /// time step and a linear read-out.
    static func makeSequenceModel(_ setup: Setup, featureCount: Int, outputWidth: Int) -> Sequential {
        var generator = RandomGenerator(seed: setup.seed)
        let width = setup.hidden.first ?? 32
        var layers: [Layer] = []
        switch setup.architecture {
        case .lstm:
            layers.append(LSTM(inputSize: featureCount, hiddenSize: width, generator: &generator))
        case .attention:
            layers.append(
                Linear(
                    inputSize: featureCount, outputSize: width,
                    weightInitializer: setup.weightInit.initializer(activation: nil),
                    generator: &generator))
            layers.append(
                SelfAttention(
                    modelDimension: width, keyDimension: setup.keyDimension, scaled: setup.attentionScaled,
                    generator: &generator))
        case .rnn, .mlp:
            let recurrent: Initializer? =
                setup.recurrentInit == .pytorchDefault ? nil : setup.recurrentInit.initializer(activation: .tanh)
            layers.append(
                RNN(inputSize: featureCount, hiddenSize: width, recurrentInitializer: recurrent, generator: &generator))
        }
        layers.append(LastStep())
        layers.append(Linear(inputSize: width, outputSize: outputWidth, generator: &generator))
        return Sequential(layers)
    }

    public static func makeLoss(_ setup: Setup) -> Loss {
        setup.loss.makeLoss()
    }

    public static func makeOptimizer(_ setup: Setup, parameters: [Parameter]) -> Optimizer {
        setup.optimizer.makeOptimizer(
            parameters: parameters, learningRate: setup.learningRate, momentum: setup.momentum,
            weightDecay: setup.weightDecay)
    }

    public static func makeConfiguration(_ setup: Setup, stepsPerEpoch: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = setup.epochs
        configuration.batchSize = setup.batchSize
        configuration.shufflesEachEpoch = setup.shuffle
        configuration.zeroesGradients = setup.zeroGrad
        configuration.clipping = setup.clip.map { .globalNorm($0) } ?? .none
        let after = setup.schedule.makeSchedule(decaySteps: setup.epochs * stepsPerEpoch - setup.warmup)
        configuration.schedule = setup.warmup > 0 ? .linearWarmup(steps: setup.warmup, then: after) : after
        configuration.seed = 1000 &+ setup.seed
        configuration.evaluationMode = setup.evaluationMode
        configuration.evaluationBatchSize = setup.evaluationBatchSize
        return configuration
    }
}
