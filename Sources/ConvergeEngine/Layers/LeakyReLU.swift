/// `x` for positive inputs, `negativeSlope * x` otherwise: a ReLU that keeps a small gradient
/// for negative inputs, so units cannot die completely.
public final class LeakyReLU: ElementwiseActivation {
    public let activation = Activation.leakyReLU
    public let buffers = ActivationBuffers()
    /// Slope for negative inputs; PyTorch's default is 0.01.
    public let negativeSlope: Float

    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }

    @inline(__always) public func activate(_ x: Float) -> Float { x > 0 ? x : negativeSlope * x }
    @inline(__always) public func derivative(input x: Float, output y: Float) -> Float {
        x > 0 ? 1 : negativeSlope
    }
}
