/// Batch normalisation over the batch dimension of a `B x features` input (Ioffe and
/// Szegedy, 2015), with PyTorch's conventions.
///
/// In training, each feature is normalised with the statistics of the current batch, and
/// running estimates are updated: `running = (1 − momentum) · running + momentum · batch`,
/// the variance estimate unbiased. In evaluation the running estimates are used instead, so
/// a prediction no longer depends on which other rows share its batch. Evaluating in
/// training mode breaks exactly that, and is one of the bugs Converge stages.
public final class BatchNorm1d: Layer {
    public let kind = "batchnorm1d"
    public let featureCount: Int
    public let epsilon: Float
    /// Weight of the newest batch in the running statistics (PyTorch's default 0.1).
    public let momentum: Float
    /// Scale, one per feature; starts at 1.
    public let weight: Parameter
    /// Shift, one per feature; starts at 0.
    public let bias: Parameter
    public let parameters: [Parameter]
    /// Running estimate of each feature's mean, used in evaluation.
    public let runningMean: Tensor
    /// Running (unbiased) estimate of each feature's variance, used in evaluation.
    public let runningVariance: Tensor
    /// The current behaviour; starts in training.
    public private(set) var mode: Mode = .training

    private let normalized = Tensor()
    private let inverseStandardDeviation: Tensor
    private let columnSums: Tensor
    private let columnProductSums: Tensor
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(featureCount: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.momentum = momentum
        self.weight = Parameter(name: "weight", value: Tensor(shape: [featureCount], repeating: 1))
        self.bias = Parameter(name: "bias", value: Tensor(shape: [featureCount], repeating: 0))
        self.parameters = [weight, bias]
        self.runningMean = Tensor(shape: [featureCount], repeating: 0)
        self.runningVariance = Tensor(shape: [featureCount], repeating: 1)
        self.inverseStandardDeviation = Tensor(shape: [featureCount])
        self.columnSums = Tensor(shape: [featureCount])
        self.columnProductSums = Tensor(shape: [featureCount])
    }

    public func setMode(_ mode: Mode) {
        self.mode = mode
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(
            input.columns == featureCount, "BatchNorm1d expects \(featureCount) features, got \(input.columns)")
        let rows = input.rows
        let n = featureCount
        output.reshape(like: input)
        normalized.reshape(like: input)
        let mean = columnSums.baseAddress
        let rstd = inverseStandardDeviation.baseAddress
        if mode == .training {
            let variance = columnProductSums.baseAddress
            columnSums.fill(0)
            columnProductSums.fill(0)
            for row in 0..<rows {
                let x = input.baseAddress + row * n
                for j in 0..<n { mean[j] += x[j] }
            }
            for j in 0..<n { mean[j] /= Float(rows) }
            for row in 0..<rows {
                let x = input.baseAddress + row * n
                for j in 0..<n { variance[j] += (x[j] - mean[j]) * (x[j] - mean[j]) }
            }
            // PyTorch refuses a one-row batch here; the engine normalises it to 0 instead
            // (its variance is 0) and leaves the variance estimate unscaled.
            let unbiasing = rows > 1 ? Float(rows) / Float(rows - 1) : 1
            for j in 0..<n {
                variance[j] /= Float(rows)
                rstd[j] = 1 / (variance[j] + epsilon).squareRoot()
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j]
                runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance[j] * unbiasing
            }
        } else {
            for j in 0..<n {
                mean[j] = runningMean[j]
                rstd[j] = 1 / (runningVariance[j] + epsilon).squareRoot()
            }
        }
        let gamma = weight.value.baseAddress
        let beta = bias.value.baseAddress
        for row in 0..<rows {
            let x = input.baseAddress + row * n
            let xHat = normalized.baseAddress + row * n
            let y = output.baseAddress + row * n
            for j in 0..<n {
                xHat[j] = (x[j] - mean[j]) * rstd[j]
                y[j] = xHat[j] * gamma[j] + beta[j]
            }
        }
        return output
    }

    /// In training, with `g = dy ⊙ weight` and sums over the batch per feature:
    /// `dx = rstd · (g − Σg / B − x̂ · Σ(g ⊙ x̂) / B)`. In evaluation the statistics are
    /// constants and `dx = g · rstd`.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let rows = normalized.rows
        let n = featureCount
        inputGradient.reshape(like: normalized)
        let gamma = weight.value.baseAddress
        let rstd = inverseStandardDeviation.baseAddress
        let dGamma = weight.gradient.baseAddress
        let dBeta = bias.gradient.baseAddress
        let sumG = columnSums.baseAddress
        let sumGXHat = columnProductSums.baseAddress
        columnSums.fill(0)
        columnProductSums.fill(0)
        for row in 0..<rows {
            let dy = outputGradient.baseAddress + row * n
            let xHat = normalized.baseAddress + row * n
            for j in 0..<n {
                dGamma[j] += dy[j] * xHat[j]
                dBeta[j] += dy[j]
                let g = dy[j] * gamma[j]
                sumG[j] += g
                sumGXHat[j] += g * xHat[j]
            }
        }
        let batch = Float(rows)
        for row in 0..<rows {
            let dy = outputGradient.baseAddress + row * n
            let xHat = normalized.baseAddress + row * n
            let dx = inputGradient.baseAddress + row * n
            for j in 0..<n {
                let g = dy[j] * gamma[j]
                if mode == .training {
                    dx[j] = rstd[j] * (g - sumG[j] / batch - xHat[j] * sumGXHat[j] / batch)
                } else {
                    dx[j] = rstd[j] * g
                }
            }
        }
        return inputGradient
    }
}
