import Foundation

/// The hyperbolic tangent. Saturates at ±1, where its derivative `1 - y²` vanishes: large
/// initial weights push most units there and the network stops learning.
public final class Tanh: ElementwiseActivation {
    public let activation = Activation.tanh
    public let buffers = ActivationBuffers()
    public init() {}

    @inline(__always) public func activate(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) public func derivative(input x: Float, output y: Float) -> Float { 1 - y * y }
}
