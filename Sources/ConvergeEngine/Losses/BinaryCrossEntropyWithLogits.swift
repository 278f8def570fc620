import Foundation

/// Binary cross-entropy on logits, averaged over every element, as
/// `F.binary_cross_entropy_with_logits`: `max(z, 0) − z·y + log(1 + e^−|z|)`, which never
/// takes the log of 0. Targets may be fractional. The gradient is `(sigmoid(z) − y) / N`.
public final class BinaryCrossEntropyWithLogits: Loss {
    public let kind = "bce_with_logits"
    private let gradient = Tensor()

    public init() {}

    public func forward(_ output: Tensor, targets: Tensor) -> Float {
        precondition(targets.count == output.count, "BCE needs one target per output value")
        gradient.reshape(like: output)
        let z = output.baseAddress
        let y = targets.baseAddress
        let g = gradient.baseAddress
        let scale = 1 / Float(output.count)
        var total: Double = 0
        for index in 0..<output.count {
            let logit = z[index]
            let target = y[index]
            total += Double(Swift.max(logit, 0) - logit * target + Foundation.log1p(Foundation.exp(-Swift.abs(logit))))
            g[index] = scale * (Sigmoid.logistic(logit) - target)
        }
        return Float(total / Double(output.count))
    }

    public func backward() -> Tensor {
        gradient
    }

    /// Counts values on the right side of 0.5 (one binary decision per output value).
    public func correctCount(output: Tensor, targets: Tensor) -> Int? {
        var correct = 0
        for index in 0..<output.count where (output[index] > 0) == (targets[index] > 0.5) { correct += 1 }
        return correct
    }
}
