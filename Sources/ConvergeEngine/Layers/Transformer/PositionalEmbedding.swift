/// Learned positions: a trainable vector per position, added to each token's vector,
/// `Y[b][t] = X[b][t] + weight[t]` (GPT-2 and BERT). Self-attention alone cannot tell
/// one order of the same tokens from another; this is how the model learns where each is.
public final class PositionalEmbedding: Layer {
    public let kind = "positional_embedding"
    /// The longest sequence it has a position for.
    public let maximumLength: Int
    public let dimension: Int
    /// `maximumLength x dimension`.
    public let weight: Parameter
    public var parameters: [Parameter] { [weight] }

    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(weight: Tensor) {
        maximumLength = weight.shape[0]
        dimension = weight.shape[1]
        self.weight = Parameter(name: "weight", value: weight)
    }

    /// Positions drawn from a standard normal, as `nn.Embedding` starts.
    public convenience init(maximumLength: Int, dimension: Int, generator: inout RandomGenerator) {
        let weight = Tensor(shape: [maximumLength, dimension])
        for index in 0..<weight.count { weight[index] = generator.nextNormal(standardDeviation: 1) }
        self.init(weight: weight)
    }

    public func forward(_ input: Tensor) -> Tensor {
        let (batch, steps) = (input.shape[0], input.shape[1])
        precondition(
            input.shape.count == 3 && input.shape[2] == dimension && steps <= maximumLength,
            "positional_embedding expects B x T x \(dimension) with T <= \(maximumLength), got \(input.shape)")
        output.reshape(like: input)
        let x = input.baseAddress
        let y = output.baseAddress
        let position = weight.value.baseAddress
        for b in 0..<batch {
            for t in 0..<steps {
                let row = (b * steps + t) * dimension
                for i in 0..<dimension { y[row + i] = x[row + i] + position[t * dimension + i] }
            }
        }
        return output
    }

    /// `dX = dY`; position `t`'s gradient sums the gradients of step `t` over the batch.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, steps) = (outputGradient.shape[0], outputGradient.shape[1])
        let dY = outputGradient.baseAddress
        let dW = weight.gradient.baseAddress
        for b in 0..<batch {
            for t in 0..<steps {
                let row = (b * steps + t) * dimension
                for i in 0..<dimension { dW[t * dimension + i] += dY[row + i] }
            }
        }
        inputGradient.reshape(like: outputGradient)
        inputGradient.baseAddress.update(from: dY, count: outputGradient.count)
        return inputGradient
    }
}
