import Foundation

/// How a parameter tensor gets its first values.
///
/// Fans follow PyTorch: for a weight of shape `out x in`, `fanIn = in` and `fanOut = out`.
/// Bad initialisation is a classic reason a network does not train (all zeros keep hidden
/// units identical; large values saturate tanh), so every scheme a scenario may need is here.
public enum Initializer: Equatable, Sendable {
    /// All zeros.
    case zeros
    /// Every value equal to the constant.
    case constant(Float)
    /// Normal with the given mean and standard deviation.
    case normal(mean: Float, standardDeviation: Float)
    /// Uniform in `[low, high)`.
    case uniform(low: Float, high: Float)
    /// Glorot and Bengio (2010): normal with `std = gain * sqrt(2 / (fanIn + fanOut))`.
    case xavierNormal(gain: Float)
    /// Glorot and Bengio (2010): uniform with `bound = gain * sqrt(6 / (fanIn + fanOut))`.
    case xavierUniform(gain: Float)
    /// He et al. (2015), fan-in mode: normal with `std = gain / sqrt(fanIn)`.
    case kaimingNormal(gain: Float)
    /// He et al. (2015), fan-in mode: uniform with `bound = gain * sqrt(3 / fanIn)`.
    case kaimingUniform(gain: Float)
    /// What `torch.nn.Linear` does: uniform in `±1 / sqrt(fanIn)` for weight and bias alike
    /// (Kaiming uniform with `a = sqrt(5)` for the weight works out to the same bound).
    case pytorchDefault

    /// Fills `tensor` with fresh values drawn from `generator`.
    public func fill(_ tensor: Tensor, fanIn: Int, fanOut: Int, using generator: inout RandomGenerator) {
        let values = tensor.baseAddress
        let fanIn = Float(Swift.max(fanIn, 1))
        let fanOut = Float(Swift.max(fanOut, 1))
        switch self {
        case .zeros:
            tensor.fill(0)
        case .constant(let value):
            tensor.fill(value)
        case .normal(let mean, let deviation):
            for index in 0..<tensor.count {
                values[index] = generator.nextNormal(mean: mean, standardDeviation: deviation)
            }
        case .uniform(let low, let high):
            for index in 0..<tensor.count { values[index] = generator.nextUniform(low, high) }
        case .xavierNormal(let gain):
            let deviation = gain * (2 / (fanIn + fanOut)).squareRoot()
            for index in 0..<tensor.count {
                values[index] = generator.nextNormal(standardDeviation: deviation)
            }
        case .xavierUniform(let gain):
            let bound = gain * (6 / (fanIn + fanOut)).squareRoot()
            for index in 0..<tensor.count { values[index] = generator.nextUniform(-bound, bound) }
        case .kaimingNormal(let gain):
            let deviation = gain / fanIn.squareRoot()
            for index in 0..<tensor.count {
                values[index] = generator.nextNormal(standardDeviation: deviation)
            }
        case .kaimingUniform(let gain):
            let bound = gain * (3 / fanIn).squareRoot()
            for index in 0..<tensor.count { values[index] = generator.nextUniform(-bound, bound) }
        case .pytorchDefault:
            let bound = 1 / fanIn.squareRoot()
            for index in 0..<tensor.count { values[index] = generator.nextUniform(-bound, bound) }
        }
    }
}
