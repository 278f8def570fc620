/// A trainable tensor and the gradient that backpropagation accumulates into it.
///
/// Gradients accumulate with `+=` across backward passes, exactly as in PyTorch: clearing
/// them is an explicit step of training (`zeroGradient()`), and forgetting it is a real bug.
public final class Parameter {
    /// The name inside its layer, as PyTorch spells it: `weight`, `bias`.
    public let name: String
    /// The current value.
    public let value: Tensor
    /// The accumulated gradient, same shape as `value`.
    public let gradient: Tensor

    /// Creates a parameter holding `value`, with a zero gradient.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
    }

    /// Whether this is an offset added after a product (`bias`, an RNN's `bias_ih`, an
    /// attention's `b_q`) rather than a weight that multiplies. Biases start at or near 0, so
    /// an update measured against one is no rate at all: `update-ratio` and `grad-norms`
    /// read the weights alone.
    public var isBias: Bool {
        name == "bias" || name.hasPrefix("bias_") || name.hasPrefix("b_")
    }

    /// Clears the accumulated gradient.
    public func zeroGradient() {
        gradient.fill(0)
    }
}
