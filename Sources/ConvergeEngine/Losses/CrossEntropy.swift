import Foundation

/// Cross-entropy on logits, `mean over rows of logsumexp(z) − z[y]`, as `F.cross_entropy`.
///
/// The log-sum-exp is shifted by the row's largest logit, so logits of ±1000 give a finite
/// loss and gradient. The gradient is `(softmax(z) − onehot(y)) / B`.
public final class CrossEntropy: Loss {
    public let kind = "cross_entropy"
    private let probabilities = Tensor()
    private let gradient = Tensor()
    private var targetClasses = Tensor()

    public init() {}

    public func forward(_ output: Tensor, targets: Tensor) -> Float {
        let rows = output.rows
        let width = output.columns
        precondition(targets.count == rows, "cross-entropy needs one class index per row")
        probabilities.reshape(like: output)
        targetClasses = targets
        var total: Double = 0
        for row in 0..<rows {
            let z = output.baseAddress + row * width
            let p = probabilities.baseAddress + row * width
            let logSumExp = Softmax.normalize(z, into: p, count: width)
            total += Double(logSumExp - z[Int(targets[row])])
        }
        return Float(total / Double(rows))
    }

    public func backward() -> Tensor {
        let rows = probabilities.rows
        let width = probabilities.columns
        gradient.reshape(like: probabilities)
        let scale = 1 / Float(rows)
        for row in 0..<rows {
            let p = probabilities.baseAddress + row * width
            let g = gradient.baseAddress + row * width
            for column in 0..<width { g[column] = p[column] * scale }
            g[Int(targetClasses[row])] -= scale
        }
        return gradient
    }

    public func correctCount(output: Tensor, targets: Tensor) -> Int? {
        countCorrectClasses(output: output, targets: targets)
    }
}
