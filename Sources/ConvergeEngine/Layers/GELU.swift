import Foundation

/// The Gaussian error linear unit in its exact form, `x Φ(x) = x (1 + erf(x / √2)) / 2`
/// (not the tanh approximation). Its derivative is `Φ(x) + x φ(x)`.
public final class GELU: ElementwiseActivation {
    public let activation = Activation.gelu
    public let buffers = ActivationBuffers()
    public init() {}

    private static let inverseSquareRootOfTwo: Float = 0.707_106_781_186_547_5
    private static let inverseSquareRootOfTwoPi: Float = 0.398_942_280_401_432_7

    @inline(__always) public func activate(_ x: Float) -> Float {
        0.5 * x * (1 + Foundation.erf(x * GELU.inverseSquareRootOfTwo))
    }

    @inline(__always) public func derivative(input x: Float, output y: Float) -> Float {
        let cumulative = 0.5 * (1 + Foundation.erf(x * GELU.inverseSquareRootOfTwo))
        let density = GELU.inverseSquareRootOfTwoPi * Foundation.exp(-0.5 * x * x)
        return cumulative + x * density
    }
}
