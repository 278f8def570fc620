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
        hasPadding = padded.contains(true)
    }

    /// Whether any position of the last batch is padding: attention and pooling take their
    /// plain, unmasked path when none is.
    public private(set) var hasPadding = false

    /// Marks the steps of `input` (`B x T x features`) whose features are all zero: a one-hot
    /// token sequence padded with empty steps, as the padded data sets hold it.
    public func update(emptyStepsOf input: Tensor) {
        let (batch, steps, width) = (input.shape[0], input.shape[1], input.shape[2])
        self.steps = steps
        if padded.count != batch * steps { padded = [Bool](repeating: false, count: batch * steps) }
        hasPadding = false
        for index in 0..<(batch * steps) {
            let row = input.baseAddress + index * width
            var empty = true
            for feature in 0..<width where row[feature] != 0 {
                empty = false
                break
            }
            padded[index] = empty
            hasPadding = hasPadding || empty
        }
    }

    /// Sets the mask directly: `padded[b * steps + t]`.
    public func set(_ padded: [Bool], steps: Int) {
        self.padded = padded
        self.steps = steps
        hasPadding = padded.contains(true)
    }

    /// Whether position `step` of sequence `example` is padding.
    @inline(__always) public func isPadded(example: Int, step: Int) -> Bool {
        padded.isEmpty ? false : padded[example * steps + step]
    }
}
