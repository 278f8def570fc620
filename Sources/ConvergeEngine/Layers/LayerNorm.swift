/// Layer normalisation over the last dimension (Ba, Kiros and Hinton, 2016): each row is
/// shifted to mean 0 and scaled to variance 1, then scaled by `weight` and shifted by `bias`.
/// Unlike batch normalisation it behaves the same in training and evaluation.
public final class LayerNorm: Layer {
    public let kind = "layernorm"
    /// Size of the normalised (last) dimension.
    public let dimension: Int
    /// Added to the variance before the square root.
    public let epsilon: Float
    /// `dimension`; starts at 1.
    public let weight: Parameter
    /// `dimension`; starts at 0.
    public let bias: Parameter
    public let parameters: [Parameter]

    private let normalized = Tensor()  // x̂, rows x dimension
    private let inverseStandardDeviation = Tensor()  // 1 / sqrt(var + eps), one per row
    private let output = Tensor()
    private let inputGradient = Tensor()

    /// Creates a layer with weight 1 and bias 0.
    public convenience init(dimension: Int, epsilon: Float = 1e-5) {
        self.init(
            weight: Tensor(shape: [dimension], repeating: 1),
            bias: Tensor(shape: [dimension], repeating: 0),
            epsilon: epsilon)
    }

    /// Creates a layer with the given weight and bias.
    public init(weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) {
        self.dimension = weight.count
        self.epsilon = epsilon
        self.weight = Parameter(name: "weight", value: weight)
        self.bias = Parameter(name: "bias", value: bias)
        self.parameters = [self.weight, self.bias]
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.columns == dimension, "LayerNorm expects rows of \(dimension), got \(input.columns)")
        let rows = input.rows
        let n = dimension
        output.reshape(like: input)
        normalized.reshape(like: input)
        inverseStandardDeviation.reshape(rows: rows, columns: 1)
        let gamma = weight.value.baseAddress
        let beta = bias.value.baseAddress
        let rstds = inverseStandardDeviation.baseAddress
        for row in 0..<rows {
            let x = input.baseAddress + row * n
            let xHat = normalized.baseAddress + row * n
            let y = output.baseAddress + row * n
            let mean = VectorMath.sum(x, count: n) / Float(n)
            let variance = VectorMath.sumOfSquares(x, around: mean, count: n) / Float(n)
            let rstd = 1 / (variance + epsilon).squareRoot()
            rstds[row] = rstd
            for i in 0..<n { xHat[i] = (x[i] - mean) * rstd }
            for i in 0..<n { y[i] = xHat[i] * gamma[i] + beta[i] }
        }
        return output
    }

    /// With `g = dy ⊙ weight`: `dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))` per row.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let rows = normalized.rows
        let n = dimension
        inputGradient.reshape(like: normalized)
        let gamma = weight.value.baseAddress
        let dGamma = weight.gradient.baseAddress
        let dBeta = bias.gradient.baseAddress
        let rstds = inverseStandardDeviation.baseAddress
        for row in 0..<rows {
            let dy = outputGradient.baseAddress + row * n
            let xHat = normalized.baseAddress + row * n
            let dx = inputGradient.baseAddress + row * n
            for i in 0..<n { dGamma[i] += dy[i] * xHat[i] }
            for i in 0..<n { dBeta[i] += dy[i] }
            // g = dy ⊙ weight, kept in dx until dx is written over it.
            for i in 0..<n { dx[i] = dy[i] * gamma[i] }
            let meanG = VectorMath.sum(dx, count: n) / Float(n)
            let meanGXHat = VectorMath.dot(dx, xHat, count: n) / Float(n)
            let rstd = rstds[row]
            for i in 0..<n { dx[i] = rstd * (dx[i] - meanG - xHat[i] * meanGXHat) }
        }
        return inputGradient
    }
}
