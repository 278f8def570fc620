import Foundation

/// Fixed positions (Vaswani et al., 2017): `Y[b][t] = X[b][t] + PE[t]`, with
/// `PE[t][2i] = sin(t / 10000^(2i/d))` and `PE[t][2i+1] = cos(t / 10000^(2i/d))`. Each pair of
/// columns turns at its own frequency, so every position gets a distinct code and a fixed
/// offset is a rotation the attention can learn. No parameters.
public final class SinusoidalPositions: Layer {
    public let kind = "sinusoidal_positions"
    /// Width of the vectors (even).
    public let dimension: Int
    /// `T x dimension`, grown to the longest sequence seen.
    private var table: [Float] = []
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(dimension: Int) {
        precondition(dimension % 2 == 0, "sinusoidal positions need an even width, got \(dimension)")
        self.dimension = dimension
    }

    /// The code of position `t`, column `column`.
    public static func code(position t: Int, column: Int, dimension: Int) -> Float {
        let pair = column / 2
        let angle = Double(t) / Foundation.pow(10_000, Double(2 * pair) / Double(dimension))
        return Float(column % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle))
    }

    public func forward(_ input: Tensor) -> Tensor {
        let (batch, steps) = (input.shape[0], input.shape[1])
        precondition(
            input.shape.count == 3 && input.shape[2] == dimension,
            "sinusoidal_positions expects B x T x \(dimension), got \(input.shape)")
        if table.count < steps * dimension {
            table = (0..<(steps * dimension)).map {
                SinusoidalPositions.code(position: $0 / dimension, column: $0 % dimension, dimension: dimension)
            }
        }
        output.reshape(like: input)
        let x = input.baseAddress
        let y = output.baseAddress
        for b in 0..<batch {
            let start = b * steps * dimension
            for index in 0..<(steps * dimension) { y[start + index] = x[start + index] + table[index] }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.reshape(like: outputGradient)
        inputGradient.baseAddress.update(from: outputGradient.baseAddress, count: outputGradient.count)
        return inputGradient
    }
}
