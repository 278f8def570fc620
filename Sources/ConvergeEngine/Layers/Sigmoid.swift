import Foundation

/// The logistic function `1 / (1 + e^-x)`. Its derivative `y (1 - y)` is at most 1/4, so
/// a deep stack of sigmoids shrinks the gradient at every layer.
public final class Sigmoid: ElementwiseActivation {
    public let activation = Activation.sigmoid
    public let buffers = ActivationBuffers()
    public init() {}

    @inline(__always) public func activate(_ x: Float) -> Float { Sigmoid.logistic(x) }
    @inline(__always) public func derivative(input x: Float, output y: Float) -> Float { y * (1 - y) }

    /// The logistic function, computed without overflow for inputs of either sign.
    @inline(__always) static func logistic(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
}
