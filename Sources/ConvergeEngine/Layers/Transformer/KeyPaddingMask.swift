/// Which positions of a batch of token sequences are padding. The layer that reads the
/// tokens fills it; attention layers read it so that no query attends to a pad, which is
/// what `key_padding_mask` does in `torch.nn.MultiheadAttention`.
public final class KeyPaddingMask {
    /// `B x T`, row-major: true where the position holds padding.
    public private(set) var padded: [Bool] = []
    public private(set) var steps = 0

    public init() {}

    /// Marks the positions of `tokens` (`B x T` ids) that hold `paddingToken`.
    public func update(tokens: Tensor, paddingToken: Int) {
        steps = tokens.shape.count > 1 ? tokens.shape[1] : 0
        if padded.count != tokens.count { padded = [Bool](repeating: false, count: tokens.count) }
        for index in 0..<tokens.count { padded[index] = Int(tokens[index]) == paddingToken }
    }

    /// Sets the mask directly: `padded[b * steps + t]`.
    public func set(_ padded: [Bool], steps: Int) {
        self.padded = padded
        self.steps = steps
    }

    /// Whether position `step` of sequence `example` is padding.
    @inline(__always) public func isPadded(example: Int, step: Int) -> Bool {
        padded.isEmpty ? false : padded[example * steps + step]
    }
}
