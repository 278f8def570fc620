import ConvergeEngine
import ConvergeSupport

/// Everything about a training run that a candidate can change: data pipeline, model,
/// loss, optimizer and training loop, each as a named knob (see `Knob`).
///
/// A scenario's broken setup, its cures and its maskers are all written with the same knob
/// names (`lr: 3.0` in the file, `set lr 0.1` at the prompt), so one parser checks them all.
public struct Setup: Equatable, Sendable {
    /// How validation inputs are preprocessed.
    public enum ValidationPreprocessing: String, Sendable, CaseIterable {
        /// Standardised with the training set's statistics (correct).
        case trainStatistics = "train-stats"
        /// Left as they are (the bug when training inputs are standardised).
        case raw
    }

    // Data pipeline
    /// Standardise inputs with the training set's mean and standard deviation.
    public var standardize = true
    public var validationPreprocessing = ValidationPreprocessing.trainStatistics
    /// When false, training labels are permuted independently of the inputs (a pipeline bug).
    public var labelsAligned = true
    /// Reshuffle the training rows every epoch.
    public var shuffle = true
    /// Present the training rows sorted by class (matters only without shuffling).
    public var sortedByClass = false
    /// How the loader assembles each batch.
    public var collate = Collate.standard

    // Model
    /// The model family; sequence models read `B x T x F` inputs and predict from the last step.
    public var architecture = Architecture.mlp
    /// Initialisation of an RNN's recurrent weights `W_hh` (PyTorch's default otherwise).
    public var recurrentInit = InitScheme.pytorchDefault
    /// Divide attention scores by `√d_k`.
    public var attentionScaled = true
    /// Query and key width of an attention layer.
    public var keyDimension = 16
    /// Widths of the hidden layers (the hidden size of a recurrent layer, the model width of
    /// an attention layer: the first entry).
    public var hidden: [Int] = [64]
    /// Transformer blocks, one after another.
    public var blocks = 2
    /// Attention heads per block (they split the model width `hidden[0]`).
    public var heads = 2
    /// Width of each block's MLP.
    public var feedForwardWidth = 64
    /// Where a Transformer's positional information comes from.
    public var positions = Positions.learned
    /// Where each block puts its layer norms.
    public var normPlacement = NormPlacement.pre
    /// Hide later steps from each step's attention.
    public var causal = false
    /// Whether padded steps are hidden from attention and left out of the mean
    /// (`src_key_padding_mask`); without padding in the data it changes nothing.
    public var paddingMask = true
    /// Output channels of each convolution of a CNN, one layer per entry.
    public var channels: [Int] = [16, 32]
    /// Height and width of a CNN's kernels (odd; padded to keep the image size).
    public var kernelSize = 3
    /// The step of each convolution (of the first in a residual pair): 2 halves the image.
    public var stride = 1
    /// Downsampling after every `poolEvery` convolutions.
    public var pooling = Pooling.max
    /// Convolutions between two poolings.
    public var poolEvery = 1
    /// Group a CNN's convolutions in pairs with a skip connection around each pair.
    public var residual = false
    /// How a CNN's feature maps reach the read-out.
    public var head = ConvolutionHead.flatten
    /// Start the convolutions from the backbone pretrained on the scenario's other data.
    public var pretrained = false
    /// The learning rate of every layer but the read-out (nil: the same as `learningRate`).
    public var backboneLearningRate: Float?
    /// Epochs for which every layer but the read-out stays frozen (`Int.max`: the whole run).
    public var frozenBackboneEpochs = 0
    /// The hidden activation.
    public var activation = Activation.relu
    /// Weight initialisation of every `Linear` layer.
    public var weightInit = InitScheme.pytorchDefault
    /// Bias initialisation of the hidden `Linear` layers.
    public var hiddenBiasInit = InitScheme.pytorchDefault
    /// Dropout probability after each hidden activation (0: none).
    public var dropout: Float = 0
    /// Normalisation after each hidden `Linear`.
    public var normalization = Normalization.none
    /// A softmax layer at the output, before the loss (a bug with cross-entropy).
    public var outputSoftmax = false

    // Training
    public var loss = LossKind.crossEntropy
    public var optimizer = OptimizerKind.sgd
    public var learningRate: Float = 0.1
    public var momentum: Float = 0
    public var weightDecay: Float = 0
    public var batchSize = 32
    public var epochs = 10
    /// Global-norm clipping threshold, or nil for none.
    public var clip: Float?
    /// Linear warm-up steps (0: none).
    public var warmup = 0
    /// The schedule after warm-up.
    public var schedule = ScheduleKind.constant
    public var zeroGrad = true
    /// The mode the model is evaluated in.
    public var evaluationMode = Mode.evaluation
    /// Rows per evaluation pass.
    public var evaluationBatchSize = 256
    /// Seed of initialisation, dropout masks and batch order.
    public var seed: UInt64 = 0

    /// The largest seed a setup takes: 2^32, far more than anyone types, and small enough
    /// that every sum the trainer makes from it stays in range.
    public static let largestSeed: UInt64 = 1 << 32

    public init() {}

    /// Mini-batch steps in one epoch over `trainingRows` rows: the last batch may be short.
    public func stepsPerEpoch(trainingRows rows: Int) -> Int {
        let batch = Swift.max(batchSize, 1)
        return (rows + batch - 1) / batch
    }
}

/// An initialisation scheme as a candidate names it.
public enum InitScheme: Equatable, Sendable, CustomStringConvertible {
    case pytorchDefault
    case zeros
    case constant(Float)
    case normal(Float)
    case xavier
    case he

    /// Parses `default`, `zeros`, `constant:-5`, `normal:3`, `xavier`, `he`.
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        let argument = parts.count == 2 ? Knob.decimal(parts[1]) : nil
        switch parts.first ?? "" {
        case "default", "pytorch": self = .pytorchDefault
        case "zeros", "zero": self = .zeros
        case "constant" where argument != nil: self = .constant(argument ?? 0)
        case "normal" where argument.map({ $0 > 0 }) == true: self = .normal(argument ?? 1)
        case "xavier", "glorot": self = .xavier
        case "he", "kaiming": self = .he
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .pytorchDefault: return "default"
        case .zeros: return "zeros"
        case .constant(let value): return "constant:\(Format.setting(value))"
        case .normal(let deviation): return "normal:\(Format.setting(deviation))"
        case .xavier: return "xavier"
        case .he: return "he"
        }
    }

    /// The engine initialiser, with the gain suited to `activation` for Xavier and He
    /// (nil: a linear layer with no activation after it).
    func initializer(activation: Activation?) -> Initializer {
        switch self {
        case .pytorchDefault: return .pytorchDefault
        case .zeros: return .zeros
        case .constant(let value): return .constant(value)
        case .normal(let deviation): return .normal(mean: 0, standardDeviation: deviation)
        case .xavier: return .xavierNormal(gain: activation?.gain() ?? 1)
        case .he:
            return .kaimingNormal(gain: (activation == .leakyReLU ? Activation.leakyReLU : Activation.relu).gain())
        }
    }
}
