/// Where a Transformer's tokens learn their place in the sequence from. Self-attention is
/// blind to order: without positions, any reordering of the same tokens looks the same.
public enum Positions: String, SettingChoice {
    case none
    /// A trainable vector per position (`nn.Parameter`), added to each token's vector.
    case learned
    /// Vaswani et al.'s fixed sines and cosines, added to each token's vector.
    case sinusoidal
}
