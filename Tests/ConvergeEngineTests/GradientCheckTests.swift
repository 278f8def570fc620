import ConvergeEngine
import ConvergeTestSupport
import XCTest

/// Checks every layer's and every loss's backward pass against central finite differences,
/// including those no PyTorch fixture covers (BatchNorm1d, the Softmax layer, Dropout).
/// Central finite differences against a layer's backward pass.
struct GradientChecker {
    /// Float32 central differences: h large enough that rounding stays small, small enough
    /// that curvature does too. A wrong backward is off by far more than these tolerances.
    let step: Float = 1e-2
    let rtol: Double = 2e-2, atol: Double = 2e-3

    /// Objective `Σ R ⊙ layer(x)` with a fixed random `R`, so `R` is the output gradient.
    func checkLayer(_ layer: Layer, input: Tensor, seed: UInt64 = 7, file: StaticString = #filePath, line: UInt = #line)
    {
        let probe = layer.forward(input).copy()
        let weights = Tensor.random(shape: probe.shape, seed: seed)
        func objective() -> Double {
            let output = layer.forward(input)
            var sum = 0.0
            for i in 0..<output.count { sum += Double(output[i]) * Double(weights[i]) }
            return sum
        }
        for parameter in layer.parameters { parameter.zeroGradient() }
        _ = layer.forward(input)
        let inputGradient = layer.backward(weights).copy()
        let analyticParameters = layer.parameters.map { $0.gradient.copy() }

        func numericGradient(of tensor: Tensor) -> [Double] {
            (0..<tensor.count).map { index in
                let original = tensor[index]
                tensor[index] = original + step
                let plus = objective()
                tensor[index] = original - step
                let minus = objective()
                tensor[index] = original
                return (plus - minus) / Double(2 * step)
            }
        }
        assertClose(
            inputGradient.doubles, numericGradient(of: input), rtol: rtol, atol: atol,
            "\(layer.kind) input gradient", file: file, line: line)
        for (parameter, analytic) in zip(layer.parameters, analyticParameters) {
            assertClose(
                analytic.doubles, numericGradient(of: parameter.value), rtol: rtol, atol: atol,
                "\(layer.kind).\(parameter.name) gradient", file: file, line: line)
        }
    }

    /// Random input with every value at least 0.1 away from 0, so no difference crosses a kink.
    func input(_ shape: [Int], seed: UInt64 = 3, scale: Float = 1) -> Tensor {
        let tensor = Tensor.random(shape: shape, seed: seed, scale: scale)
        for i in 0..<tensor.count { tensor[i] += tensor[i] >= 0 ? 0.1 : -0.1 }
        return tensor
    }
}

final class GradientCheckTests: XCTestCase {
    let checker = GradientChecker()
    let step = GradientChecker().step
    let rtol = GradientChecker().rtol, atol = GradientChecker().atol

    func checkLayer(_ layer: Layer, input: Tensor, seed: UInt64 = 7, file: StaticString = #filePath, line: UInt = #line)
    {
        checker.checkLayer(layer, input: input, seed: seed, file: file, line: line)
    }

    func input(_ shape: [Int], seed: UInt64 = 3, scale: Float = 1) -> Tensor {
        checker.input(shape, seed: seed, scale: scale)
    }

    func testLinear() {
        var generator = RandomGenerator(seed: 1)
        checkLayer(Linear(inputSize: 5, outputSize: 4, generator: &generator), input: input([3, 5]))
    }

    func testLinearWithoutBiasOnASequence() {
        var generator = RandomGenerator(seed: 2)
        checkLayer(Linear(inputSize: 3, outputSize: 2, hasBias: false, generator: &generator), input: input([2, 4, 3]))
    }

    func testElementwiseActivations() {
        let layers: [Layer] = [ReLU(), LeakyReLU(negativeSlope: 0.1), Tanh(), Sigmoid(), GELU()]
        for layer in layers { checkLayer(layer, input: input([4, 6], scale: 2)) }
    }

    func testSoftmaxLayer() {
        checkLayer(Softmax(), input: input([3, 5]))
    }

    func testDropoutWithAFixedMask() {
        let dropout = Dropout(probability: 0.4, generator: RandomGenerator(seed: 9))
        let x = input([4, 10])
        let output = dropout.forward(x)
        XCTAssertTrue((0..<output.count).contains { output[$0] == 0 }, "some values should be dropped")
        dropout.isMaskFrozen = true
        checkLayer(dropout, input: x)
    }

    func testLayerNorm() {
        let norm = LayerNorm(weight: Tensor.random(shape: [6], seed: 4), bias: Tensor.random(shape: [6], seed: 5))
        checkLayer(norm, input: input([3, 6]))
    }

    func testBatchNormInTrainingAndEvaluation() {
        let norm = BatchNorm1d(featureCount: 4)
        norm.weight.value.assign(Tensor.random(shape: [4], seed: 6))
        norm.bias.value.assign(Tensor.random(shape: [4], seed: 8))
        checkLayer(norm, input: input([5, 4]))
        norm.setMode(.evaluation)
        checkLayer(norm, input: input([5, 4], seed: 11))
    }

    func testWholeNetwork() {
        var generator = RandomGenerator(seed: 12)
        let model = Sequential(
            [
                Linear(inputSize: 4, outputSize: 6, generator: &generator), GELU(),
                LayerNorm(dimension: 6), Linear(inputSize: 6, outputSize: 5, generator: &generator), Tanh(),
                Linear(inputSize: 5, outputSize: 3, generator: &generator),
            ], computesInputGradient: true)
        let x = input([4, 4])
        let targets = Tensor(shape: [4], scalars: [0, 2, 1, 2])
        let loss = CrossEntropy()
        model.zeroGradients()
        _ = loss.forward(model.forward(x), targets: targets)
        let inputGradient = model.backward(loss.backward()).copy()
        func objective() -> Double { Double(loss.forward(model.forward(x), targets: targets)) }
        for (key, parameter) in model.namedParameters {
            let analytic = parameter.gradient.copy()
            let numeric = (0..<parameter.value.count).map { index -> Double in
                let original = parameter.value[index]
                parameter.value[index] = original + step
                let plus = objective()
                parameter.value[index] = original - step
                let minus = objective()
                parameter.value[index] = original
                return (plus - minus) / Double(2 * step)
            }
            assertClose(analytic.doubles, numeric, rtol: rtol, atol: 5e-4, key)
        }
        XCTAssertGreaterThan(inputGradient.norm, 0)
    }

    /// Checks `loss.backward()` against differences of `loss.forward` in the output.
    func checkLoss(_ loss: Loss, output: Tensor, targets: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        _ = loss.forward(output, targets: targets)
        let analytic = loss.backward().copy()
        let numeric = (0..<output.count).map { index -> Double in
            let original = output[index]
            output[index] = original + step
            let plus = Double(loss.forward(output, targets: targets))
            output[index] = original - step
            let minus = Double(loss.forward(output, targets: targets))
            output[index] = original
            return (plus - minus) / Double(2 * step)
        }
        assertClose(analytic.doubles, numeric, rtol: rtol, atol: 5e-4, loss.kind, file: file, line: line)
    }

    func testLosses() {
        let logits = input([4, 3])
        let classes = Tensor(shape: [4], scalars: [2, 0, 1, 1])
        checkLoss(CrossEntropy(), output: logits, targets: classes)
        checkLoss(NaiveLogSoftmaxCrossEntropy(), output: logits, targets: classes)
        checkLoss(MeanSquaredError(), output: logits, targets: Tensor.random(shape: [4, 3], seed: 21))
        var generator = RandomGenerator(seed: 22)
        let probabilities = Tensor(shape: [4, 3])
        for i in 0..<probabilities.count { probabilities[i] = generator.nextUnitFloat() }
        checkLoss(BinaryCrossEntropyWithLogits(), output: logits, targets: probabilities)
    }
}

/// Finite differences for the sequence layers, with backpropagation through time.
final class SequenceGradientCheckTests: XCTestCase {
    let checker = GradientChecker()

    func testRNN() {
        var generator = RandomGenerator(seed: 31)
        checker.checkLayer(RNN(inputSize: 3, hiddenSize: 4, generator: &generator), input: checker.input([2, 5, 3]))
    }

    func testLSTM() {
        var generator = RandomGenerator(seed: 32)
        checker.checkLayer(LSTM(inputSize: 3, hiddenSize: 4, generator: &generator), input: checker.input([2, 4, 3]))
    }

    func testSelfAttentionScaledUnscaledAndCausal() {
        for (scaled, causal) in [(true, false), (false, false), (true, true)] {
            var generator = RandomGenerator(seed: 33)
            let layer = SelfAttention(
                modelDimension: 4, keyDimension: 3, scaled: scaled, causal: causal, generator: &generator)
            checker.checkLayer(layer, input: checker.input([2, 5, 4], scale: 0.5))
        }
    }

    func testPoolingLayers() {
        checker.checkLayer(LastStep(), input: checker.input([2, 3, 4]))
        checker.checkLayer(MeanPool(), input: checker.input([2, 3, 4]))
    }

    func testEmbeddingWeightGradient() {
        var generator = RandomGenerator(seed: 34)
        let embedding = Embedding(vocabularySize: 5, dimension: 3, generator: &generator)
        let tokens = Tensor(shape: [2, 3], scalars: [0, 4, 4, 1, 2, 0])
        let output = embedding.forward(tokens)
        XCTAssertEqual(output.shape, [2, 3, 3])
        XCTAssertEqual(Array(output.scalars[3..<6]), Array(embedding.weight.value.scalars[12..<15]))
        let weights = Tensor.random(shape: [2, 3, 3], seed: 35)
        embedding.weight.zeroGradient()
        _ = embedding.backward(weights)
        // Token 4 appears twice: its row gets the sum of both positions' gradients.
        for j in 0..<3 {
            XCTAssertEqual(embedding.weight.gradient[4 * 3 + j], weights[3 + j] + weights[6 + j], accuracy: 1e-6)
        }
        XCTAssertEqual(embedding.weight.gradient[3 * 3], 0, "an unused token gets no gradient")
    }

    func testHiddenGradientNormsShowHowFarTheSignalReaches() {
        var generator = RandomGenerator(seed: 36)
        let rnn = RNN(inputSize: 2, hiddenSize: 8, generator: &generator)
        let model = Sequential([rnn, LastStep(), Linear(inputSize: 8, outputSize: 1, generator: &generator)])
        let x = Tensor.random(shape: [4, 30, 2], seed: 37)
        let loss = MeanSquaredError()
        _ = loss.forward(model.forward(x), targets: Tensor(shape: [4, 1]))
        model.backward(loss.backward())
        XCTAssertEqual(rnn.stateGradientNorms.count, 30)
        XCTAssertGreaterThan(
            rnn.stateGradientNorms[29], 100 * rnn.stateGradientNorms[0],
            "with small weights the signal fades going back in time")
    }
}

/// Finite differences for the convolutional layers, on `B x C x H x W` images.
final class ConvolutionGradientCheckTests: XCTestCase {
    let checker = GradientChecker()

    func testConv2dWithStrideAndPadding() {
        for (stride, padding) in [((1, 1), (0, 0)), ((2, 1), (1, 2)), ((2, 2), (1, 0))] {
            let layer = Conv2d(
                weight: checker.input([3, 2, 3, 2], seed: 5, scale: 0.5), bias: checker.input([3], seed: 6),
                stride: stride, padding: padding)
            checker.checkLayer(layer, input: checker.input([2, 2, 6, 5]))
        }
        let withoutBias = Conv2d(weight: checker.input([2, 1, 2, 2], seed: 8), bias: nil)
        checker.checkLayer(withoutBias, input: checker.input([1, 1, 4, 4]))
    }

    /// Values spaced well apart, so that no finite-difference step changes which is a maximum.
    func distinct(_ shape: [Int]) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { Float(($0 * 37) % count) * 0.05 - 1 })
    }

    func testPoolingWithOverlappingWindows() {
        for reduction in [Pool2d.Reduction.maximum, .average] {
            checker.checkLayer(Pool2d(reduction, kernel: (3, 3), stride: (2, 2)), input: distinct([2, 2, 7, 7]))
            checker.checkLayer(Pool2d(reduction, kernel: (2, 2), stride: (2, 2)), input: distinct([1, 3, 4, 5]))
        }
    }

    /// Among equal maxima the first in row-major order takes the whole gradient, as in PyTorch.
    func testMaxPoolingTiesGoToTheFirstMaximum() {
        let pool = Pool2d(.maximum, kernel: (2, 2), stride: (2, 2))
        let input = Tensor(shape: [1, 1, 2, 2], scalars: [1, 3, 3, 3])
        XCTAssertEqual(pool.forward(input).scalars, [3])
        let gradient = pool.backward(Tensor(shape: [1, 1, 1, 1], scalars: [1]))
        XCTAssertEqual(gradient.scalars, [0, 1, 0, 0])
    }

    func testGlobalAveragePooling() {
        let pool = GlobalAveragePool()
        let input = Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 4, 10, 10, 10, 10])
        XCTAssertEqual(pool.forward(input).scalars, [2.5, 10])
        checker.checkLayer(GlobalAveragePool(), input: checker.input([2, 3, 4, 5]))
    }

    func testFlattenIsChannelMajor() {
        let flatten = Flatten()
        let input = checker.input([2, 3, 2, 2])
        let output = flatten.forward(input)
        XCTAssertEqual(output.shape, [2, 12])
        XCTAssertEqual(output.scalars, input.scalars)
        checker.checkLayer(flatten, input: input)
    }

    func testBatchLastViewReadsTheBatchAsAViewWould() {
        // Two examples of three values, stored batch-last: [a0 b0 a1 b1 a2 b2]. A view as
        // 2 x 3 gives rows [a0 b0 a1] and [b1 a2 b2]: each row mixes both examples.
        let view = BatchLastView()
        let input = Tensor(shape: [2, 3], scalars: [1, 2, 3, 10, 20, 30])
        XCTAssertEqual(view.forward(input).scalars, [1, 10, 2, 20, 3, 30])
        XCTAssertEqual(view.forward(Tensor(shape: [1, 3], scalars: [4, 5, 6])).scalars, [4, 5, 6], "one example")
        checker.checkLayer(view, input: checker.input([4, 2, 3, 3]))
        let model = Sequential([Flatten()], inputAdapter: BatchLastView(), computesInputGradient: true)
        XCTAssertEqual(model.forward(input).scalars, [1, 10, 2, 20, 3, 30])
        XCTAssertTrue(model.namedParameters.isEmpty)
        XCTAssertEqual(model.backward(Tensor(shape: [2, 3], scalars: [1, 10, 2, 20, 3, 30])).scalars, input.scalars)
    }

    func testBatchNorm2dInTrainingAndEvaluation() {
        let norm = BatchNorm2d(channelCount: 3)
        norm.weight.value.assign(checker.input([3], seed: 6))
        norm.bias.value.assign(checker.input([3], seed: 8))
        checker.checkLayer(norm, input: checker.input([2, 3, 3, 4]))
        norm.setMode(.evaluation)
        checker.checkLayer(norm, input: checker.input([2, 3, 3, 4], seed: 11))
    }

    /// The running statistics follow PyTorch: momentum 0.1, the variance over the channel's
    /// `B·H·W` values unbiased by `n / (n − 1)`; evaluation then uses them.
    func testBatchNorm2dRunningStatistics() {
        let norm = BatchNorm2d(channelCount: 2)
        // Channel 0 holds 1, 2, 3, 4 over two images of 1 x 2; channel 1 holds 5 everywhere.
        let input = Tensor(shape: [2, 2, 1, 2], scalars: [1, 2, 5, 5, 3, 4, 5, 5])
        let output = norm.forward(input)
        XCTAssertEqual(norm.runningMean.scalars[0], 0.25, accuracy: 1e-6)
        XCTAssertEqual(norm.runningMean.scalars[1], 0.5, accuracy: 1e-6)
        // Biased variance of 1...4 is 1.25; unbiased 5/3.
        XCTAssertEqual(norm.runningVariance.scalars[0], 0.9 + 0.1 * 5 / 3, accuracy: 1e-6)
        XCTAssertEqual(norm.runningVariance.scalars[1], 0.9, accuracy: 1e-6)
        XCTAssertEqual(output[0], (1 - 2.5) / (1.25 + 1e-5).squareRoot(), accuracy: 1e-5)
        XCTAssertEqual(output[2], 0, accuracy: 1e-6, "a constant channel normalises to 0")
        norm.setMode(.evaluation)
        let evaluated = norm.forward(input)
        XCTAssertEqual(evaluated[0], (1 - 0.25) / (0.9 + 0.5 / 3 + 1e-5).squareRoot(), accuracy: 1e-5)
    }

    func testResidualWithIdentityAndProjectionShortcuts() {
        let identity = Residual([
            Conv2d(
                weight: checker.input([2, 2, 3, 3], seed: 5, scale: 0.4), bias: checker.input([2], seed: 6),
                padding: (1, 1)),
            Tanh(),
            Conv2d(weight: checker.input([2, 2, 3, 3], seed: 7, scale: 0.4), bias: nil, padding: (1, 1)),
        ])
        checker.checkLayer(identity, input: checker.input([2, 2, 4, 4]))
        let projection = Residual(
            [
                Conv2d(weight: checker.input([3, 2, 3, 3], seed: 9, scale: 0.4), bias: nil, padding: (1, 1)),
                BatchNorm2d(channelCount: 3), Tanh(),
            ],
            shortcut: [Conv2d(weight: checker.input([3, 2, 1, 1], seed: 10), bias: checker.input([3], seed: 12))])
        checker.checkLayer(projection, input: checker.input([2, 2, 4, 4], seed: 13))
    }

    /// A residual block with a zero branch passes its input and its gradient through unchanged.
    func testResidualIdentityPathCarriesTheGradient() {
        let block = Residual([Conv2d(weight: Tensor(shape: [1, 1, 1, 1], repeating: 0), bias: nil)])
        let input = checker.input([1, 1, 2, 2])
        XCTAssertEqual(block.forward(input).scalars, input.scalars)
        let gradient = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(block.backward(gradient).scalars, [1, 2, 3, 4])
    }

    /// Nested parameters are addressed as PyTorch addresses a module's submodules.
    func testNestedParametersHaveDottedKeys() {
        let model = Sequential([
            Conv2d(weight: Tensor(shape: [2, 1, 3, 3]), bias: Tensor(shape: [2])),
            Residual(
                [Conv2d(weight: Tensor(shape: [2, 2, 3, 3]), bias: nil), BatchNorm2d(channelCount: 2)],
                shortcut: [Conv2d(weight: Tensor(shape: [2, 2, 1, 1]), bias: nil)]),
        ])
        XCTAssertEqual(
            model.namedParameters.map(\.key),
            [
                "layers.0.weight", "layers.0.bias", "layers.1.layers.0.weight", "layers.1.layers.1.weight",
                "layers.1.layers.1.bias", "layers.1.shortcut.0.weight",
            ])
        XCTAssertEqual(model.parameterCount, 18 + 2 + 36 + 4 + 4)
    }
}

/// The receptive field, counted and measured: two 3x3 convolutions see 5x5 pixels, a pool
/// between them 8x8, and the measured gradient is 0 outside the counted field.
final class ReceptiveFieldTests: XCTestCase {
    func testTheFieldGrowsWithDepthAndPooling() throws {
        var generator = RandomGenerator(seed: 4)
        func conv(_ input: Int, _ output: Int) -> Conv2d {
            Conv2d(inputChannels: input, outputChannels: output, kernel: (3, 3), padding: (1, 1), generator: &generator)
        }
        let images = Tensor.random(shape: [4, 1, 16, 16], seed: 2)
        let plain = Sequential([conv(1, 4), Tanh(), conv(4, 4), Tanh(), GlobalAveragePool(), Flatten()])
        let field = try XCTUnwrap(ReceptiveField.measure(model: plain, images: images))
        XCTAssertEqual(field.theoreticalSize.height, 5)
        XCTAssertEqual(field.effectiveSize.height, 5)
        XCTAssertEqual(field.effectiveSize.width, 5)
        XCTAssertTrue(field.followedByGlobalPool)
        // Nothing outside the 5x5 window around the centre (8, 8) reaches the unit.
        for row in 0..<16 {
            for column in 0..<16 where abs(row - 8) > 2 || abs(column - 8) > 2 {
                XCTAssertEqual(field.map[row * 16 + column], 0)
            }
        }
        XCTAssertTrue(plain.parameters.allSatisfy { $0.gradient.scalars.allSatisfy { $0 == 0 } }, "gradients cleared")
        let pooled = Sequential([conv(1, 4), Tanh(), Pool2d(.maximum, kernel: (2, 2), stride: (2, 2)), conv(4, 4)])
        XCTAssertEqual(try XCTUnwrap(ReceptiveField.measure(model: pooled, images: images)).theoreticalSize.width, 8)
        XCTAssertNil(ReceptiveField.measure(model: Sequential([Flatten()]), images: images))
    }
}
