/// Reads which steps of a padded batch are padding, before anything mixes the steps, and
/// writes them into the `KeyPaddingMask` that the attention layers and the pooling share.
/// In PyTorch this is the line `pad = tokens.eq(PAD)` whose result is passed on as
/// `src_key_padding_mask`. It passes its input through unchanged and has no parameters.
public final class PaddingMaskReader: Layer {
    public let kind = "padding_mask"
    public let mask: KeyPaddingMask

    public init(mask: KeyPaddingMask) {
        self.mask = mask
    }

    /// A padded step is one whose features are all zero (no token).
    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 3, "padding_mask expects B x T x features, got \(input.shape)")
        mask.update(emptyStepsOf: input)
        return input
    }

    public func backward(_ outputGradient: Tensor) -> Tensor { outputGradient }
}
