/// The model family. Sequence models read `B x T x F` inputs and predict from the last step.
public enum Architecture: String, SettingChoice {
    /// `[Linear → norm? → activation → dropout?] × hidden`, then a linear read-out.
    case mlp
    /// A tanh RNN of width `hidden[0]`.
    case rnn
    /// An LSTM of width `hidden[0]`.
    case lstm
    /// A linear embedding to width `hidden[0]` and one self-attention layer.
    case attention

    /// Whether the model reads one time step at a time rather than a whole row.
    public var readsSequences: Bool { self != .mlp }
}
