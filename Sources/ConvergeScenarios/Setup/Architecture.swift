/// The model family. Sequence models read `B x T x F` inputs and predict from the last step;
/// a CNN reads `B x C x H x W` images.
public enum Architecture: String, SettingChoice {
    /// `[Linear → norm? → activation → dropout?] × hidden`, then a linear read-out.
    case mlp
    /// A tanh RNN of width `hidden[0]`.
    case rnn
    /// An LSTM of width `hidden[0]`.
    case lstm
    /// A linear embedding to width `hidden[0]` and one self-attention layer.
    case attention
    /// A Transformer encoder: a linear embedding to width `hidden[0]`, positions, `blocks`
    /// Transformer blocks, then the mean over the steps (the last step when causal) and a
    /// linear read-out.
    case transformer
    /// Convolutions over `C x H x W` images (`channels`, `kernel`, `pooling`, `residual`),
    /// then a `head` and a linear read-out.
    case cnn

    /// Whether the model reads one time step at a time rather than a whole row.
    public var readsSequences: Bool { self == .rnn || self == .lstm || self == .attention || self == .transformer }
    /// Whether the model reads images (`B x C x H x W`).
    public var readsImages: Bool { self == .cnn }

    /// The model's name in prose ("an MLP", "a CNN"), for messages.
    public var modelName: String {
        switch self {
        case .mlp: return "an MLP"
        case .rnn: return "an RNN"
        case .lstm: return "an LSTM"
        case .attention: return "a single attention layer"
        case .transformer: return "a Transformer"
        case .cnn: return "a CNN"
        }
    }
}
