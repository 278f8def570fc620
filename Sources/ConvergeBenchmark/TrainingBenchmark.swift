import CHeap
import ConvergeEngine
import Foundation

/// The engine's own speed measurement: full training steps (forward, cross-entropy, backward,
/// an optimizer step) on the MLPs, CNNs and Transformer of the sizes the issues name, after a
/// warm-up. MLPs and CNNs step with SGD and momentum, the Transformer with AdamW.
public struct TrainingBenchmark: Sendable {
    /// The network a case trains.
    public enum Network: Sendable {
        /// Layer widths, input first: `[2, 64, 64, 3]` is 2-64-64-3 with ReLU between.
        case perceptron(widths: [Int])
        /// Images of `image` (`C x H x W`); each stage is 3x3 convolutions (padding 1, ReLU)
        /// of the listed channel counts followed by a 2x2 max pool; then flatten and a linear
        /// read-out to `classes`.
        case convolutional(image: [Int], stages: [[Int]], classes: Int)
        /// Token ids of `length` steps from `vocabulary`, an embedding of `width` plus learned
        /// positions, `blocks` pre-LN blocks of `heads` heads and an exact-GELU MLP of
        /// `feedForward`, a final norm, a mean over the steps and a linear read-out to `classes`.
        case transformer(
            vocabulary: Int, length: Int, width: Int, heads: Int, blocks: Int, feedForward: Int, classes: Int)

        /// The shape of one example.
        var exampleShape: [Int] {
            switch self {
            case .perceptron(let widths): return [widths[0]]
            case .convolutional(let image, _, _): return image
            case .transformer(_, let length, _, _, _, _, _): return [length]
            }
        }

        var classCount: Int {
            switch self {
            case .perceptron(let widths): return widths[widths.count - 1]
            case .convolutional(_, _, let classes): return classes
            case .transformer(_, _, _, _, _, _, let classes): return classes
            }
        }
    }

    /// One benchmark case.
    public struct Case: Sendable {
        public var name: String
        public var network: Network
        public var batchSize: Int
        /// Timed steps (the median is reported).
        public var steps: Int
        /// When set, the case is an LR range test of this many steps, timed as a whole.
        public var rangeTestSteps: Int?
    }

    /// A measured case.
    public struct Measurement: Sendable {
        public var name: String
        /// Median microseconds per step (per whole test for the LR range test).
        public var medianMicroseconds: Double
        /// Steps timed (repetitions for the LR range test).
        public var steps: Int
        /// BLAS threads of the fastest setting.
        public var threads: Int
        /// Change in heap bytes in use from the end of the warm-up to the end of the timed
        /// steps: a steady-state step keeps nothing it allocates, so this should be 0.
        public var heapGrowthBytes: Int
    }

    /// The cases of the issue, with the PyTorch reference in microseconds beside each.
    public static let standardCases: [(benchmark: Case, pytorchMicroseconds: Double)] = [
        (Case(name: "tiny", network: .perceptron(widths: [2, 64, 64, 3]), batchSize: 32, steps: 200), 302),
        (Case(name: "small", network: .perceptron(widths: [64, 128, 128, 10]), batchSize: 64, steps: 200), 413),
        (Case(name: "mnist", network: .perceptron(widths: [784, 256, 128, 10]), batchSize: 128, steps: 200), 1237),
        (Case(name: "wide", network: .perceptron(widths: [1024, 1024, 1024, 10]), batchSize: 256, steps: 60), 16_800),
        (
            Case(
                name: "lr-range", network: .perceptron(widths: [64, 128, 128, 10]), batchSize: 64, steps: 15,
                rangeTestSteps: 100), 43_000
        ),
        // PyTorch: best of 1 and 2 threads, from the figures in shared/NOTES.md.
        (
            Case(
                name: "conv-digits", network: .convolutional(image: [1, 8, 8], stages: [[16, 32]], classes: 10),
                batchSize: 64, steps: 200), 2430
        ),
        (
            Case(
                name: "conv-cifar",
                network: .convolutional(image: [3, 32, 32], stages: [[32], [64], [128]], classes: 10),
                batchSize: 64, steps: 20), 35_500
        ),
        (
            Case(
                name: "transformer-tiny",
                network: .transformer(
                    vocabulary: 32, length: 16, width: 32, heads: 2, blocks: 2, feedForward: 64, classes: 10),
                batchSize: 32, steps: 200), 3930
        ),
    ]

    public init() {}

    /// A ReLU MLP with PyTorch's default initialisation.
    public static func makeModel(widths: [Int], seed: UInt64) -> Sequential {
        var generator = RandomGenerator(seed: seed)
        var layers: [Layer] = []
        for index in 0..<(widths.count - 1) {
            if index > 0 { layers.append(ReLU()) }
            layers.append(Linear(inputSize: widths[index], outputSize: widths[index + 1], generator: &generator))
        }
        return Sequential(layers)
    }

    /// The network of a case, with PyTorch's default initialisation.
    public static func makeModel(_ network: Network, seed: UInt64) -> Sequential {
        switch network {
        case .perceptron(let widths): return makeModel(widths: widths, seed: seed)
        case .convolutional(let image, let stages, let classes):
            return makeConvolutional(image: image, stages: stages, classes: classes, seed: seed)
        case .transformer(let vocabulary, let length, let width, let heads, let blocks, let feedForward, let classes):
            var generator = RandomGenerator(seed: seed)
            var layers: [Layer] = [
                Embedding(vocabularySize: vocabulary, dimension: width, generator: &generator),
                PositionalEmbedding(maximumLength: length, dimension: width, generator: &generator),
            ]
            for _ in 0..<blocks {
                layers.append(
                    TransformerBlock(
                        modelDimension: width, headCount: heads, feedForwardDimension: feedForward, normFirst: true,
                        generator: &generator))
            }
            layers += [
                LayerNorm(dimension: width), MeanPool(),
                Linear(inputSize: width, outputSize: classes, generator: &generator),
            ]
            return Sequential(layers)
        }
    }

    /// The optimizer a case steps with: AdamW for the Transformer (as it is trained), SGD with
    /// momentum for the others.
    static func makeOptimizer(_ network: Network, parameters: [Parameter]) -> Optimizer {
        switch network {
        case .transformer:
            return Adam(parameters: parameters, learningRate: 1e-3, weightDecay: 0.01, weightDecayStyle: .decoupled)
        case .perceptron, .convolutional:
            return SGD(parameters: parameters, learningRate: 0.01, momentum: 0.9)
        }
    }

    /// Stages of 3x3 convolutions with ReLU, each ending in a 2x2 max pool; flatten; linear.
    static func makeConvolutional(image: [Int], stages: [[Int]], classes: Int, seed: UInt64) -> Sequential {
        var generator = RandomGenerator(seed: seed)
        var layers: [Layer] = []
        var (channels, height, width) = (image[0], image[1], image[2])
        for stage in stages {
            for output in stage {
                layers.append(
                    Conv2d(
                        inputChannels: channels, outputChannels: output, kernel: (3, 3), padding: (1, 1),
                        generator: &generator))
                layers.append(ReLU())
                channels = output
            }
            layers.append(Pool2d(.maximum, kernel: (2, 2), stride: (2, 2)))
            (height, width) = (height / 2, width / 2)
        }
        layers.append(Flatten())
        layers.append(Linear(inputSize: channels * height * width, outputSize: classes, generator: &generator))
        return Sequential(layers)
    }

    /// Random inputs and class targets for `rows` rows.
    public static func makeData(widths: [Int], rows: Int, seed: UInt64) -> Dataset {
        makeData(.perceptron(widths: widths), rows: rows, seed: seed)
    }

    /// Random examples of the network's input shape and class targets, `rows` of them: token
    /// ids for a Transformer, normal values otherwise.
    public static func makeData(_ network: Network, rows: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let inputs = Tensor(shape: [rows] + network.exampleShape)
        for i in 0..<inputs.count {
            if case .transformer(let vocabulary, _, _, _, _, _, _) = network {
                inputs[i] = Float(generator.nextIndex(below: vocabulary))
            } else {
                inputs[i] = generator.nextNormal()
            }
        }
        let targets = Tensor(shape: [rows])
        for i in 0..<rows { targets[i] = Float(generator.nextIndex(below: network.classCount)) }
        return Dataset(inputs: inputs, targets: targets)
    }

    /// Runs `benchmark` at the given BLAS thread count.
    public func measure(_ benchmark: Case, threads: Int) -> Measurement {
        BLAS.setThreadCount(threads)
        let clock = ContinuousClock()
        var samples: [Double] = []
        var heapAfterWarmUp = 0
        var heapAtEnd = 0
        if let rangeSteps = benchmark.rangeTestSteps {
            let data = TrainingBenchmark.makeData(benchmark.network, rows: benchmark.batchSize * 16, seed: 2)
            for repetition in 0..<(benchmark.steps + 2) {
                let started = clock.now
                do {
                    // Everything a test allocates lives in this scope, so the heap is read with none of it alive.
                    let model = TrainingBenchmark.makeModel(benchmark.network, seed: 1)
                    let optimizer = SGD(parameters: model.parameters, learningRate: 1e-6, momentum: 0.9)
                    var test = LearningRateRangeTest(start: 1e-6, end: 10, steps: rangeSteps)
                    test.divergenceFactor = .infinity  // time all the steps, as the reference does
                    _ = test.run(
                        model: model, loss: CrossEntropy(), optimizer: optimizer, data: data,
                        batchSize: benchmark.batchSize, seed: 3)
                }
                if repetition >= 2 { samples.append(Self.microseconds(clock.now - started)) }
                if repetition == 1 { heapAfterWarmUp = HeapUsage.bytesInUse() }
            }
            heapAtEnd = HeapUsage.bytesInUse()
        } else {
            let model = TrainingBenchmark.makeModel(benchmark.network, seed: 1)
            let data = TrainingBenchmark.makeData(benchmark.network, rows: benchmark.batchSize, seed: 2)
            let optimizer = TrainingBenchmark.makeOptimizer(benchmark.network, parameters: model.parameters)
            let trainer = Trainer(model: model, loss: CrossEntropy(), optimizer: optimizer)
            for _ in 0..<10 { trainer.step(inputs: data.inputs, targets: data.targets) }
            samples.reserveCapacity(benchmark.steps)
            heapAfterWarmUp = HeapUsage.bytesInUse()
            for _ in 0..<benchmark.steps {
                let started = clock.now
                trainer.step(inputs: data.inputs, targets: data.targets)
                samples.append(Self.microseconds(clock.now - started))
            }
            // Read the heap while the trainer is alive: Swift may free it right after its last use.
            heapAtEnd = withExtendedLifetime(trainer) { HeapUsage.bytesInUse() }
        }
        let growth = heapAtEnd - heapAfterWarmUp
        samples.sort()
        return Measurement(
            name: benchmark.name, medianMicroseconds: samples[samples.count / 2],
            steps: samples.count, threads: threads, heapGrowthBytes: growth)
    }

    static func microseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e6 + Double(parts.attoseconds) / 1e12
    }
}

/// Bytes the C heap has handed out and not taken back (glibc's `mallinfo2`), counting
/// large blocks served by `mmap`. Exact, unlike resident memory, so a steady-state training
/// step can be shown to allocate nothing that it keeps.
public enum HeapUsage {
    public static func bytesInUse() -> Int {
        let info = mallinfo2()
        return Int(info.uordblks) + Int(info.hblkhd)
    }
}
