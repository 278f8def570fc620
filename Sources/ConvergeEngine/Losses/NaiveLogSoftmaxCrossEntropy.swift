import Foundation

/// Cross-entropy written the naive way, `−log(softmax(z)[y])`, on purpose.
///
/// Softmax itself is computed safely, but when the target's probability underflows to 0 in
/// float32 (a logit gap beyond about 104), `log 0 = −∞`: the loss becomes infinite and the
/// backward pass, which goes through `1 / p`, produces NaN. The `nan-log-softmax` scenario
/// depends on this really happening; `CrossEntropy` is the cure.
public final class NaiveLogSoftmaxCrossEntropy: Loss {
    public let kind = "naive_log_softmax_cross_entropy"
    private let probabilities = Tensor()
    private let gradient = Tensor()
    private var targetClasses = Tensor()

    public init() {}

    public func forward(_ output: Tensor, targets: Tensor) -> Float {
        precondition(targets.count == output.rows, "cross-entropy needs one class index per row")
        probabilities.reshape(like: output)
        Softmax.rows(of: output, into: probabilities)
        targetClasses = targets
        var total: Float = 0
        for row in 0..<output.rows {
            let p = probabilities[row, Int(targets[row])]
            total -= Foundation.log(p)
        }
        return total / Float(output.rows)
    }

    /// Chains the two steps as written: `dL/dp[y] = −1 / (B · p[y])`, then softmax's Jacobian,
    /// `dz = p ⊙ (dp − dp · p)`. With `p[y] = 0` this is `0 · ∞`: NaN, as in PyTorch.
    public func backward() -> Tensor {
        let rows = probabilities.rows
        let width = probabilities.columns
        gradient.reshape(like: probabilities)
        for row in 0..<rows {
            let p = probabilities.baseAddress + row * width
            let g = gradient.baseAddress + row * width
            let target = Int(targetClasses[row])
            let dp = -1 / (Float(rows) * p[target])  // only the target's entry of dL/dp is non-zero
            let dot = dp * p[target]
            for column in 0..<width {
                let dpColumn: Float = column == target ? dp : 0
                g[column] = p[column] * (dpColumn - dot)
            }
        }
        return gradient
    }

    public func correctCount(output: Tensor, targets: Tensor) -> Int? {
        countCorrectClasses(output: output, targets: targets)
    }
}
