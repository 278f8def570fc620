/// A lookup table: each token index becomes a learned vector. `B x T` indices (stored as
/// `Float`) become `B x T x D`. Its backward adds each position's gradient into the row of the
/// token there; there is no gradient with respect to the indices.
public final class Embedding: Layer {
    public let kind = "embedding"
    public let vocabularySize: Int
    public let dimension: Int
    /// `vocabulary x D`.
    public let weight: Parameter
    public let parameters: [Parameter]

    private var input = Tensor()
    private let output = Tensor()
    private let inputGradient = Tensor()

    /// Creates a table initialised from N(0, 1), as `nn.Embedding` does.
    public convenience init(vocabularySize: Int, dimension: Int, generator: inout RandomGenerator) {
        let table = Tensor(shape: [vocabularySize, dimension])
        Initializer.normal(mean: 0, standardDeviation: 1).fill(
            table, fanIn: dimension, fanOut: dimension, using: &generator)
        self.init(weight: table)
    }

    public init(weight: Tensor) {
        vocabularySize = weight.shape[0]
        dimension = weight.shape[1]
        self.weight = Parameter(name: "weight", value: weight)
        parameters = [self.weight]
    }

    public func forward(_ input: Tensor) -> Tensor {
        self.input = input
        var shape = input.shape
        shape.append(dimension)
        output.reshape(shape)
        for position in 0..<input.count {
            let token = Swift.min(Swift.max(Int(input[position]), 0), vocabularySize - 1)
            (output.baseAddress + position * dimension).update(
                from: weight.value.baseAddress + token * dimension, count: dimension)
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let dW = weight.gradient.baseAddress
        for position in 0..<input.count {
            let token = Swift.min(Swift.max(Int(input[position]), 0), vocabularySize - 1)
            let dy = outputGradient.baseAddress + position * dimension
            for j in 0..<dimension { dW[token * dimension + j] += dy[j] }
        }
        inputGradient.reshape(like: input)
        inputGradient.fill(0)
        return inputGradient
    }
}
