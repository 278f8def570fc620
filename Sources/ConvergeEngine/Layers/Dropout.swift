/// Inverted dropout: in training, each value is zeroed with probability `p` and the survivors
/// are scaled by `1 / (1 − p)`; in evaluation the layer passes its input through unchanged.
///
/// Leaving dropout in training mode at evaluation makes every evaluation a different random
/// sub-network: noisy and pessimistic metrics, one of the bugs Converge stages.
public final class Dropout: Layer {
    public let kind = "dropout"
    /// Probability of dropping a value.
    public let probability: Float
    /// The current behaviour; starts in training.
    public private(set) var mode: Mode = .training
    /// When true, `forward` reuses the last mask instead of drawing a new one: a fixed mask
    /// makes the layer a deterministic function, which is what a gradient check needs.
    public var isMaskFrozen = false

    private var generator: RandomGenerator
    private let mask = Tensor()
    private let output = Tensor()
    private let inputGradient = Tensor()

    /// Creates a dropout layer whose masks come from `generator`'s stream.
    public init(probability: Float, generator: RandomGenerator) {
        precondition(probability >= 0 && probability < 1, "Dropout probability must be in [0, 1)")
        self.probability = probability
        self.generator = generator
    }

    public func setMode(_ mode: Mode) {
        self.mode = mode
    }

    public func forward(_ input: Tensor) -> Tensor {
        output.reshape(like: input)
        if mode == .evaluation || probability == 0 {
            output.assign(input)
            return output
        }
        if !isMaskFrozen || mask.count != input.count {
            mask.reshape(like: input)
            let keep = 1 / (1 - probability)
            let m = mask.baseAddress
            for index in 0..<mask.count {
                m[index] = generator.nextUnitFloat() < probability ? 0 : keep
            }
        }
        let x = input.baseAddress
        let y = output.baseAddress
        let m = mask.baseAddress
        for index in 0..<input.count { y[index] = x[index] * m[index] }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.reshape(like: outputGradient)
        if mode == .evaluation || probability == 0 {
            inputGradient.assign(outputGradient)
            return inputGradient
        }
        let dy = outputGradient.baseAddress
        let dx = inputGradient.baseAddress
        let m = mask.baseAddress
        for index in 0..<outputGradient.count { dx[index] = dy[index] * m[index] }
        return inputGradient
    }
}
