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
            let x = input.baseAddress + row * width
            let y = output.baseAddress + row * width
            var largest = -Float.infinity
            for column in 0..<width { largest = Swift.max(largest, x[column]) }
            var sum: Float = 0
            for column in 0..<width {
                let e = Foundation.exp(x[column] - largest)
                y[column] = e
                sum += e
            }
            let inverse = 1 / sum
            for column in 0..<width { y[column] *= inverse }
        }
    }
}
