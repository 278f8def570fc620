/// `max(x, 0)`. Its gradient is 0 for every negative input, so a unit whose input is always
/// negative never learns again: the "dead ReLU".
public final class ReLU: ElementwiseActivation {
    public let activation = Activation.relu
    public let buffers = ActivationBuffers()
    public init() {}

    @inline(__always) public func activate(_ x: Float) -> Float { x > 0 ? x : 0 }
    @inline(__always) public func derivative(input x: Float, output y: Float) -> Float { x > 0 ? 1 : 0 }
}
