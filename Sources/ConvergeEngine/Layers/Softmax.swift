import Foundation

/// Softmax over the last dimension, as a layer of its own.
///
/// A network rarely needs it (cross-entropy takes logits), which is exactly why it exists
/// here: putting it before a loss that applies log-softmax again is a classic bug.
public final class Softmax: Layer {
    public let kind = "softmax"
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init() {}

    public func forward(_ input: Tensor) -> Tensor {
        output.reshape(like: input)
        Softmax.rows(of: input, into: output)
        return output
    }

    /// `dx = y ⊙ (dy − (dy · y))` per row: the Jacobian of softmax applied to `dy`.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.reshape(like: output)
        let width = output.columns
        for row in 0..<output.rows {
            let y = output.baseAddress + row * width
            let dy = outputGradient.baseAddress + row * width
            let dx = inputGradient.baseAddress + row * width
            var dot: Float = 0
            for column in 0..<width { dot += dy[column] * y[column] }
            for column in 0..<width { dx[column] = y[column] * (dy[column] - dot) }
        }
        return inputGradient
    }

    /// Writes the max-shifted softmax of each row of `input` into `output` (same shape).
    static func rows(of input: Tensor, into output: Tensor) {
        let width = input.columns
        for row in 0..<input.rows {
            normalize(input.baseAddress + row * width, into: output.baseAddress + row * width, count: width)
        }
    }

    /// The softmax's backward, in place, for `rows` rows of `count` probabilities `p`:
    /// `dS = p ⊙ (dP − Σ dP ⊙ p)` per row, written over `dP`. An entry a mask hid has
    /// `p = 0`, so its gradient is 0 too.
    static func backpropagate(
        probabilities p: UnsafePointer<Float>, gradient dP: UnsafeMutablePointer<Float>, rows: Int, count: Int
    ) {
        for i in 0..<rows {
            let row = p + i * count
            let dRow = dP + i * count
            var dot: Float = 0
            for j in 0..<count { dot += dRow[j] * row[j] }
            for j in 0..<count { dRow[j] = row[j] * (dRow[j] - dot) }
        }
    }

    /// The one softmax of the engine: writes `exp(x - max x) / Σ exp(x - max x)` for the
    /// `count` values at `x` into `y` (which may be `x` itself), and returns `log Σ exp(x)`,
    /// the log-sum-exp that cross-entropy needs. Subtracting the maximum first keeps every
    /// exponent at most 0, so nothing overflows.
    @discardableResult
    static func normalize(_ x: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var largest = -Float.infinity
        for index in 0..<count { largest = Swift.max(largest, x[index]) }
        var sum: Float = 0
        for index in 0..<count {
            let e = Foundation.exp(x[index] - largest)
            y[index] = e
            sum += e
        }
        for index in 0..<count { y[index] /= sum }
        return largest + Foundation.log(sum)
    }
}
