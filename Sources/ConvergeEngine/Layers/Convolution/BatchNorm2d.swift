/// Batch normalisation of a `B x C x H x W` image batch, one channel at a time (Ioffe and
/// Szegedy, 2015), with PyTorch's conventions.
///
/// A channel's statistics are taken over all `n = B·H·W` of its values: every position of
/// every image shares the channel's scale and shift, because a convolution applies the same
/// filter everywhere. Training normalises with the batch's statistics and updates running
/// estimates, `running = (1 − momentum) · running + momentum · batch`, the variance
/// unbiased by `n / (n − 1)`; evaluation uses the running estimates, so an image's
/// prediction no longer depends on the rest of its batch. `BatchNorm1d` is the same idea on
/// `B x features` rows.
public final class BatchNorm2d: Layer {
    public let kind = "batchnorm2d"
    public let channelCount: Int
    public let epsilon: Float
    /// Weight of the newest batch in the running statistics (PyTorch's default 0.1).
    public let momentum: Float
    /// Scale, one per channel; starts at 1.
    public let weight: Parameter
    /// Shift, one per channel; starts at 0.
    public let bias: Parameter
    public let parameters: [Parameter]
    /// Running estimate of each channel's mean, used in evaluation.
    public let runningMean: Tensor
    /// Running (unbiased) estimate of each channel's variance, used in evaluation.
    public let runningVariance: Tensor
    /// The current behaviour; starts in training.
    public private(set) var mode: Mode = .training

    private let normalized = Tensor()
    private let mean: Tensor
    private let inverseStandardDeviation: Tensor
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(channelCount: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.channelCount = channelCount
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Parameter(name: "weight", value: Tensor(shape: [channelCount], repeating: 1))
        bias = Parameter(name: "bias", value: Tensor(shape: [channelCount], repeating: 0))
        parameters = [weight, bias]
        runningMean = Tensor(shape: [channelCount], repeating: 0)
        runningVariance = Tensor(shape: [channelCount], repeating: 1)
        mean = Tensor(shape: [channelCount])
        inverseStandardDeviation = Tensor(shape: [channelCount])
    }

    public func setMode(_ mode: Mode) {
        self.mode = mode
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.count == 4 && input.shape[1] == channelCount,
            "BatchNorm2d expects B x \(channelCount) x H x W, got \(input.shape)")
        let (batch, plane) = (input.shape[0], input.shape[2] * input.shape[3])
        let n = batch * plane
        output.reshape(like: input)
        normalized.reshape(like: input)
        for c in 0..<channelCount {
            if mode == .training {
                var sum: Float = 0
                for b in 0..<batch {
                    let x = input.baseAddress + (b * channelCount + c) * plane
                    for p in 0..<plane { sum += x[p] }
                }
                let channelMean = sum / Float(n)
                var squares: Float = 0
                for b in 0..<batch {
                    let x = input.baseAddress + (b * channelCount + c) * plane
                    for p in 0..<plane { squares += (x[p] - channelMean) * (x[p] - channelMean) }
                }
                let variance = squares / Float(n)
                mean[c] = channelMean
                inverseStandardDeviation[c] = 1 / (variance + epsilon).squareRoot()
                // A single value per channel has no spread to estimate: PyTorch refuses it,
                // the engine leaves the variance estimate unscaled.
                let unbiasing = n > 1 ? Float(n) / Float(n - 1) : 1
                runningMean[c] = (1 - momentum) * runningMean[c] + momentum * channelMean
                runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * variance * unbiasing
            } else {
                mean[c] = runningMean[c]
                inverseStandardDeviation[c] = 1 / (runningVariance[c] + epsilon).squareRoot()
            }
            let (mu, rstd) = (mean[c], inverseStandardDeviation[c])
            let (gamma, beta) = (weight.value[c], bias.value[c])
            for b in 0..<batch {
                let offset = (b * channelCount + c) * plane
                let (x, xHat, y) = (
                    input.baseAddress + offset, normalized.baseAddress + offset, output.baseAddress + offset
                )
                for p in 0..<plane {
                    xHat[p] = (x[p] - mu) * rstd
                    y[p] = xHat[p] * gamma + beta
                }
            }
        }
        return output
    }

    /// Per channel, with `g = dy · weight` and sums over the channel's `n` values:
    /// `dx = rstd · (g − Σg / n − x̂ · Σ(g · x̂) / n)` in training; `dx = g · rstd` in
    /// evaluation, where the statistics are constants.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, plane) = (normalized.shape[0], normalized.shape[2] * normalized.shape[3])
        let n = Float(batch * plane)
        inputGradient.reshape(like: normalized)
        for c in 0..<channelCount {
            var sumDy: Float = 0
            var sumDyXHat: Float = 0
            for b in 0..<batch {
                let offset = (b * channelCount + c) * plane
                let (dy, xHat) = (outputGradient.baseAddress + offset, normalized.baseAddress + offset)
                for p in 0..<plane {
                    sumDy += dy[p]
                    sumDyXHat += dy[p] * xHat[p]
                }
            }
            weight.gradient[c] += sumDyXHat
            bias.gradient[c] += sumDy
            let gamma = weight.value[c]
            let rstd = inverseStandardDeviation[c]
            let (sumG, sumGXHat) = (sumDy * gamma, sumDyXHat * gamma)
            for b in 0..<batch {
                let offset = (b * channelCount + c) * plane
                let dy = outputGradient.baseAddress + offset
                let xHat = normalized.baseAddress + offset
                let dx = inputGradient.baseAddress + offset
                for p in 0..<plane {
                    let g = dy[p] * gamma
                    dx[p] = mode == .training ? rstd * (g - sumG / n - xHat[p] * sumGXHat / n) : rstd * g
                }
            }
        }
        return inputGradient
    }
}
