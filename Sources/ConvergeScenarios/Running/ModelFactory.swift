import ConvergeEngine

/// Builds the engine objects a setup describes: the model, the loss, the optimizer, and the
/// trainer's configuration.
public enum ModelFactory {
    /// The model of `setup` for `inputWidth` features and `classCount` outputs.
    public static func makeModel(_ setup: Setup, inputWidth: Int, classCount: Int) -> Sequential {
        makeModel(setup, exampleShape: [inputWidth], classCount: classCount)
    }

    /// The model of `setup` for examples of `exampleShape` (`features`, `T x features` or
    /// `C x H x W`) and `classCount` outputs. With `everyStep`, a Transformer predicts at
    /// every step (a language model's head) instead of once per sequence.
    ///
    /// A batch-last loader that views rather than permutes reaches the model through
    /// `BatchLastView`, and a Transformer's padding mask is read by `PaddingMaskReader`;
    /// neither is one of the model's layers, so parameter keys and probes do not see them.
    public static func makeModel(_ setup: Setup, exampleShape: [Int], classCount: Int, everyStep: Bool = false)
        -> Sequential
    {
        let layers: [Layer]
        var inputAdapter: Layer? = setup.collate == .view ? BatchLastView() : nil
        switch setup.architecture {
        case .mlp:
            layers = makePerceptron(setup, inputWidth: exampleShape.reduce(1, *), classCount: classCount)
        case .rnn, .lstm, .attention:
            layers = makeSequenceModel(setup, featureCount: exampleShape.last ?? 1, outputWidth: classCount)
        case .transformer:
            let padding = setup.paddingMask ? KeyPaddingMask() : nil
            layers = makeTransformer(
                setup, steps: exampleShape.first ?? 1, featureCount: exampleShape.last ?? 1, outputWidth: classCount,
                padding: padding, everyStep: everyStep)
            inputAdapter = padding.map(PaddingMaskReader.init)
        case .cnn:
            let image = exampleShape.count == 3 ? exampleShape : [1, 1, exampleShape.reduce(1, *)]
            layers = makeConvolutional(
                setup, imageChannels: image[0], height: image[1], width: image[2], classCount: classCount)
        }
        return Sequential(layers, inputAdapter: inputAdapter)
    }

    /// Convolutions (`kernel x kernel`, padded to keep the size), each followed by the
    /// normalisation and the activation; pairs of them wrapped in residual blocks when the
    /// setup says so; a 2x2 pooling after every `poolEvery` convolutions while the image is
    /// at least 2x2; then the head and a linear read-out.
    static func makeConvolutional(_ setup: Setup, imageChannels: Int, height: Int, width: Int, classCount: Int)
        -> [Layer]
    {
        var generator = RandomGenerator(seed: setup.seed)
        let weightInit = setup.weightInit.initializer(activation: setup.activation)
        func convolution(_ input: Int, _ output: Int, kernel: Int, stride: Int = 1) -> Layer {
            Conv2d(
                inputChannels: input, outputChannels: output, kernel: (kernel, kernel), stride: (stride, stride),
                padding: (kernel / 2, kernel / 2), weightInitializer: weightInit, generator: &generator)
        }
        // A padded k x k window with stride s: ceil(size / s) positions.
        func strided(_ size: (height: Int, width: Int)) -> (height: Int, width: Int) {
            ((size.height - 1) / setup.stride + 1, (size.width - 1) / setup.stride + 1)
        }
        func normalized(_ layer: Layer, channels: Int) -> [Layer] {
            [layer] + (setup.normalization.makeImageLayer(channels: channels).map { [$0] } ?? [])
        }
        var layers: [Layer] = []
        var channels = imageChannels
        var size = (height: height, width: width)
        var convolutions = 0
        var index = 0
        while index < setup.channels.count {
            let output = setup.channels[index]
            let paired = setup.residual && index + 1 < setup.channels.count
            if paired {
                let second = setup.channels[index + 1]
                // The block's first convolution strides; a strided or widening block needs a
                // projection on its shortcut so both branches agree.
                let body =
                    normalized(
                        convolution(channels, output, kernel: setup.kernelSize, stride: setup.stride), channels: output)
                    + [setup.activation.makeLayer()]
                    + normalized(convolution(output, second, kernel: setup.kernelSize), channels: second)
                let shortcut =
                    channels == second && setup.stride == 1
                    ? nil
                    : normalized(convolution(channels, second, kernel: 1, stride: setup.stride), channels: second)
                layers.append(Residual(body, shortcut: shortcut))
                channels = second
            } else {
                layers += normalized(
                    convolution(channels, output, kernel: setup.kernelSize, stride: setup.stride), channels: output)
                channels = output
            }
            size = strided(size)
            layers.append(setup.activation.makeLayer())
            for _ in 0..<(paired ? 2 : 1) {
                convolutions += 1
                if setup.pooling != .none && convolutions % setup.poolEvery == 0 && size.height >= 2
                    && size.width >= 2
                {
                    layers.append(Pool2d(setup.pooling == .max ? .maximum : .average, kernel: (2, 2), stride: (2, 2)))
                    size = (size.height / 2, size.width / 2)
                }
            }
            index += paired ? 2 : 1
        }
        let features: Int
        switch setup.head {
        case .flatten:
            layers.append(Flatten())
            features = channels * size.height * size.width
        case .globalAverage:
            layers.append(GlobalAveragePool())
            features = channels
        }
        layers.append(
            Linear(inputSize: features, outputSize: classCount, weightInitializer: weightInit, generator: &generator))
        if setup.outputSoftmax { layers.append(Softmax()) }
        return layers
    }

    /// `[Linear → norm? → activation → dropout?] × hidden`, then `Linear`, then softmax if
    /// the setup says so.
    static func makePerceptron(_ setup: Setup, inputWidth: Int, classCount: Int) -> [Layer] {
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
        return layers
    }

    /// A sequence model: `rnn` or `lstm` (hidden size `hidden[0]`), or `attention` (a linear
    /// embedding to width `hidden[0]`, one self-attention layer); each followed by the last
    /// time step and a linear read-out.
    static func makeSequenceModel(_ setup: Setup, featureCount: Int, outputWidth: Int) -> [Layer] {
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
        case .rnn, .mlp, .cnn, .transformer:
            let recurrent: Initializer? =
                setup.recurrentInit == .pytorchDefault ? nil : setup.recurrentInit.initializer(activation: .tanh)
            layers.append(
                RNN(inputSize: featureCount, hiddenSize: width, recurrentInitializer: recurrent, generator: &generator))
        }
        layers.append(LastStep())
        layers.append(Linear(inputSize: width, outputSize: outputWidth, generator: &generator))
        return layers
    }

    /// A Transformer encoder: a linear embedding of each step's features (for one-hot tokens,
    /// exactly a lookup table), the positions, `blocks` blocks, a final layer norm when the
    /// norms come first (as GPT-2 ends), the mean over the steps (the last step when causal:
    /// only it has seen every step) and a linear read-out. Given a padding mask, attention and
    /// the mean leave out the steps it marks.
    static func makeTransformer(
        _ setup: Setup, steps: Int, featureCount: Int, outputWidth: Int, padding: KeyPaddingMask?,
        everyStep: Bool = false
    ) -> [Layer] {
        var generator = RandomGenerator(seed: setup.seed)
        let width = setup.hidden.first ?? 32
        var layers: [Layer] = [
            Linear(
                inputSize: featureCount, outputSize: width,
                weightInitializer: setup.weightInit.initializer(activation: nil), generator: &generator)
        ]
        switch setup.positions {
        case .none: break
        case .learned: layers.append(PositionalEmbedding(maximumLength: steps, dimension: width, generator: &generator))
        case .sinusoidal: layers.append(SinusoidalPositions(dimension: width))
        }
        for _ in 0..<setup.blocks {
            let block = TransformerBlock(
                modelDimension: width, headCount: setup.heads, feedForwardDimension: setup.feedForwardWidth,
                normFirst: setup.normPlacement == .pre, causal: setup.causal, generator: &generator)
            block.attention.keyPadding = padding
            layers.append(block)
        }
        if setup.normPlacement == .pre { layers.append(LayerNorm(dimension: width)) }
        if !everyStep { layers.append(setup.causal ? LastStep() : MeanPool(keyPadding: padding)) }
        layers.append(Linear(inputSize: width, outputSize: outputWidth, generator: &generator))
        return layers
    }

    public static func makeLoss(_ setup: Setup) -> Loss {
        setup.loss.makeLoss()
    }

    public static func makeOptimizer(_ setup: Setup, parameters: [Parameter]) -> Optimizer {
        setup.optimizer.makeOptimizer(
            parameters: parameters, learningRate: setup.learningRate, momentum: setup.momentum,
            weightDecay: setup.weightDecay)
    }

    /// The optimizer of `model`: one group, or two when the backbone (every layer but the
    /// read-out) has its own learning rate or is frozen for a while.
    public static func makeOptimizer(_ setup: Setup, model: Sequential, stepsPerEpoch: Int) -> Optimizer {
        guard setup.backboneLearningRate != nil || setup.frozenBackboneEpochs > 0 else {
            return makeOptimizer(setup, parameters: model.parameters)
        }
        let readOut = Pretraining.readOutKeys(of: model)
        let head = model.namedParameters.filter { readOut.contains($0.key) }.map(\.parameter)
        let backbone = model.namedParameters.filter { !readOut.contains($0.key) }.map(\.parameter)
        let frozenSteps =
            setup.frozenBackboneEpochs == Int.max
            ? Int.max : setup.frozenBackboneEpochs * stepsPerEpoch
        let backboneRate = setup.backboneLearningRate ?? setup.learningRate
        return ParameterGroups(
            groups: [
                .init(
                    optimizer: makeOptimizer(setup, parameters: backbone),
                    rateFactor: backboneRate / Swift.max(setup.learningRate, 1e-30), frozenSteps: frozenSteps),
                .init(optimizer: makeOptimizer(setup, parameters: head)),
            ], learningRate: setup.learningRate)
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
