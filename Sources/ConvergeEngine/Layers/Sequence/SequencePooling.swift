/// `B x T x H → B x H`: the hidden state at the last time step, what a classifier on top
/// of an RNN usually reads. Its gradient reaches only that step; earlier steps learn only
/// through the recurrence.
public final class LastStep: Layer {
    public let kind = "last_step"
    private var inputShape: [Int] = []
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init() {}

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 3, "last_step expects B x T x H, got \(input.shape)")
        inputShape = input.shape
        let batch = input.shape[0]
        let steps = input.shape[1]
        let width = input.shape[2]
        output.reshape(rows: batch, columns: width)
        for b in 0..<batch {
            (output.baseAddress + b * width).update(
                from: input.baseAddress + (b * steps + steps - 1) * width, count: width)
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let batch = inputShape[0]
        let steps = inputShape[1]
        let width = inputShape[2]
        inputGradient.reshape(inputShape)
        inputGradient.fill(0)
        for b in 0..<batch {
            (inputGradient.baseAddress + (b * steps + steps - 1) * width).update(
                from: outputGradient.baseAddress + b * width, count: width)
        }
        return inputGradient
    }
}

/// `B x T x H → B x H`: the mean over time steps. Every step gets `1/T` of the gradient.
/// Given a padding mask, the mean is over each sequence's own steps only (`1/n` each, with `n`
/// its unpadded steps), so a sequence's summary does not depend on how much padding it carries.
public final class MeanPool: Layer {
    public let kind = "mean_pool"
    /// Steps to leave out of each mean (nil: none).
    public var keyPadding: KeyPaddingMask?
    private var inputShape: [Int] = []
    private var weights: [Float] = []  // per (b, t): 1/n for a step in the mean, 0 for a pad
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(keyPadding: KeyPaddingMask? = nil) {
        self.keyPadding = keyPadding
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 3, "mean_pool expects B x T x H, got \(input.shape)")
        inputShape = input.shape
        let (batch, steps, width) = (input.shape[0], input.shape[1], input.shape[2])
        if weights.count != batch * steps { weights = [Float](repeating: 0, count: batch * steps) }
        for b in 0..<batch {
            var kept = 0
            for t in 0..<steps where !(keyPadding?.isPadded(example: b, step: t) ?? false) { kept += 1 }
            for t in 0..<steps {
                let padded = keyPadding?.isPadded(example: b, step: t) ?? false
                weights[b * steps + t] = padded ? 0 : 1 / Float(Swift.max(kept, 1))
            }
        }
        output.reshape(rows: batch, columns: width)
        output.fill(0)
        for b in 0..<batch {
            let y = output.baseAddress + b * width
            for t in 0..<steps {
                let x = input.baseAddress + (b * steps + t) * width
                let scale = weights[b * steps + t]
                for j in 0..<width { y[j] += x[j] * scale }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, steps, width) = (inputShape[0], inputShape[1], inputShape[2])
        inputGradient.reshape(inputShape)
        for b in 0..<batch {
            let dy = outputGradient.baseAddress + b * width
            for t in 0..<steps {
                let dx = inputGradient.baseAddress + (b * steps + t) * width
                let scale = weights[b * steps + t]
                for j in 0..<width { dx[j] = dy[j] * scale }
            }
        }
        return inputGradient
    }
}
