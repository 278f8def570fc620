/// The Gaussian error linear unit in its exact form, `x Φ(x) = x (1 + erf(x / √2)) / 2`
/// (not the tanh approximation). Its derivative is `Φ(x) + x φ(x)`.
///
/// The forward pass keeps `Φ(x)` so the backward pass need not evaluate erf again; erf and
/// exp come from `VectorMath`, whose loops the compiler vectorises.
public final class GELU: ElementwiseActivation {
    public let activation = Activation.gelu
    public let buffers = ActivationBuffers()
    /// `Φ(x)` of the last forward pass, one per input value.
    private let cumulative = Tensor()
    public init() {}

    private static let inverseSquareRootOfTwo: Float = 0.707_106_781_186_547_5
    private static let inverseSquareRootOfTwoPi: Float = 0.398_942_280_401_432_7

    @inline(__always) private static func cumulativeNormal(_ x: Float) -> Float {
        0.5 * (1 + VectorMath.erf(x * inverseSquareRootOfTwo))
    }

    @inline(__always) private static func density(_ x: Float) -> Float {
        inverseSquareRootOfTwoPi * VectorMath.exp(-0.5 * x * x)
    }

    @inline(__always) public func activate(_ x: Float) -> Float {
        x * GELU.cumulativeNormal(x)
    }

    @inline(__always) public func derivative(input x: Float, output y: Float) -> Float {
        GELU.cumulativeNormal(x) + x * GELU.density(x)
    }

    /// `y = x Φ(x)`, keeping `Φ(x)` for the backward pass.
    public func forward(_ input: Tensor) -> Tensor {
        buffers.input = input
        buffers.output.reshape(like: input)
        cumulative.reshape(like: input)
        let (x, y, phi) = (input.baseAddress, buffers.output.baseAddress, cumulative.baseAddress)
        for index in 0..<input.count { phi[index] = GELU.cumulativeNormal(x[index]) }
        for index in 0..<input.count { y[index] = x[index] * phi[index] }
        return buffers.output
    }

    /// `dx = dy (Φ(x) + x φ(x))`.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let input = buffers.input
        buffers.inputGradient.reshape(like: input)
        let (x, phi, dy) = (input.baseAddress, cumulative.baseAddress, outputGradient.baseAddress)
        let dx = buffers.inputGradient.baseAddress
        for index in 0..<input.count { dx[index] = dy[index] * (phi[index] + x[index] * GELU.density(x[index])) }
        return buffers.inputGradient
    }
}
