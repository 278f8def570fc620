/// The name of every knob: what `set` takes, what scenario files write, what the grader
/// reads. A typo in code is a compile error; a typo in a file is an error naming the line.
///
/// Cases are in the order `config`, `diff` and `help set` show them. Adding a knob is
/// adding a case here and its row in `Knob.table(for:)`.
public enum KnobID: String, CaseIterable, Codable, Sendable, Comparable {
    // Data pipeline
    case standardize
    case validationPreprocessing = "val-preprocessing"
    case labels
    case shuffle
    case sorted
    case collate
    // Model
    case architecture
    case recurrentInit = "recurrent-init"
    case attentionScale = "attention-scale"
    case keyDimension = "d-k"
    case hidden
    case blocks
    case heads
    case feedForwardWidth = "d-ff"
    case positions
    case normPlacement = "norm-placement"
    case causal
    case paddingMask = "padding-mask"
    case channels
    case kernel
    case stride
    case pooling
    case poolEvery = "pool-every"
    case residual
    case head
    case pretrained
    case backboneLearningRate = "backbone-lr"
    case freeze
    case activation
    case initialization = "init"
    case biasInit = "bias-init"
    case dropout
    case normalization = "norm"
    case outputSoftmax = "output-softmax"
    case loss
    // Training
    case optimizer
    case learningRate = "lr"
    case momentum
    case weightDecay = "weight-decay"
    case batch
    case epochs
    case clip
    case warmup
    case schedule
    case zeroGrad = "zero-grad"
    case evaluationMode = "eval-mode"
    case evaluationBatch = "eval-batch"
    case seed

    /// The knob called `name` as a person types it (accepting `_` for `-`).
    public init?(typed name: String) {
        self.init(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-"))
    }

    /// Where a real project keeps this choice: in its configuration file (what `config`
    /// shows), or in a line of its code (what `code` shows, and `config` does not). A bug
    /// that is a line of code never appears in a settings list named after it.
    public enum Place: Sendable {
        case configuration
        case code
    }

    public var place: Place {
        switch self {
        case .hidden, .blocks, .heads, .feedForwardWidth, .normPlacement, .channels, .kernel, .stride, .pooling,
            .poolEvery, .residual, .head, .pretrained, .backboneLearningRate,
            .freeze, .activation, .initialization,
            .biasInit, .recurrentInit, .keyDimension, .dropout,
            .normalization, .optimizer, .learningRate, .momentum, .weightDecay, .batch, .epochs, .clip, .warmup,
            .schedule, .seed:
            return .configuration
        case .standardize, .validationPreprocessing, .labels, .shuffle, .sorted, .collate, .architecture, .positions,
            .causal, .paddingMask,
            .attentionScale,
            .outputSoftmax, .loss, .zeroGrad, .evaluationMode, .evaluationBatch:
            return .code
        }
    }

    /// Whether a model of this family uses the knob: `config` lists only those, as a real
    /// configuration file would (an MLP has no recurrent weights, an RNN no dropout layer).
    public func isUsed(by architecture: Architecture) -> Bool {
        switch self {
        case .recurrentInit: return architecture == .rnn
        case .keyDimension: return architecture == .attention
        case .biasInit, .dropout: return architecture == .mlp
        case .activation, .normalization: return architecture == .mlp || architecture == .cnn
        case .initialization: return architecture != .rnn && architecture != .lstm
        case .hidden: return architecture != .cnn
        case .channels, .kernel, .stride, .pooling, .poolEvery, .residual, .head, .pretrained, .backboneLearningRate,
            .freeze:
            return architecture == .cnn
        case .collate: return !architecture.readsSequences
        case .blocks, .heads, .feedForwardWidth, .positions, .normPlacement, .causal, .paddingMask:
            return architecture == .transformer
        default: return true
        }
    }

    /// The knob's row: what it controls and how it reads and writes a setup.
    public var knob: Knob { Knob.table(for: self) }

    public static func < (a: KnobID, b: KnobID) -> Bool { a.rawValue < b.rawValue }
}
