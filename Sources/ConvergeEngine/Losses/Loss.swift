/// A training objective: a mean over the batch, and its gradient with respect to the
/// model's output.
///
/// Targets are a tensor for every loss. For the classification losses that take class
/// indices, it holds one index per row, stored as a `Float` (exact up to 2^24 classes).
public protocol Loss: AnyObject {
    /// The loss's name as fixture and scenario files spell it (`cross_entropy`).
    var kind: String { get }
    /// Computes the mean loss of `output` against `targets` and remembers what `backward` needs.
    func forward(_ output: Tensor, targets: Tensor) -> Float
    /// Gradient of the last computed loss with respect to the output (the loss's own buffer).
    func backward() -> Tensor
    /// How many rows of `output` are predicted correctly, for losses where that has a meaning.
    func correctCount(output: Tensor, targets: Tensor) -> Int?
}

extension Loss {
    public func correctCount(output: Tensor, targets: Tensor) -> Int? { nil }
}

/// Counts rows whose largest output is the target class index.
func countCorrectClasses(output: Tensor, targets: Tensor) -> Int {
    let width = output.columns
    var correct = 0
    for row in 0..<output.rows {
        let z = output.baseAddress + row * width
        var best = 0
        for column in 1..<Swift.max(width, 1) where z[column] > z[best] { best = column }
        if best == Int(targets[row]) { correct += 1 }
    }
    return correct
}
