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
public final class MeanPool: Layer {
    public let kind = "mean_pool"
    private var inputShape: [Int] = []
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init() {}

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 3, "mean_pool expects B x T x H, got \(input.shape)")
        inputShape = input.shape
        let batch = input.shape[0]
        let steps = input.shape[1]
        let width = input.shape[2]
        output.reshape(rows: batch, columns: width)
        output.fill(0)
        let scale = 1 / Float(steps)
        for b in 0..<batch {
            let y = output.baseAddress + b * width
            for t in 0..<steps {
                let x = input.baseAddress + (b * steps + t) * width
                for j in 0..<width { y[j] += x[j] * scale }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let batch = inputShape[0]
        let steps = inputShape[1]
        let width = inputShape[2]
        inputGradient.reshape(inputShape)
        let scale = 1 / Float(steps)
        for b in 0..<batch {
            let dy = outputGradient.baseAddress + b * width
            for t in 0..<steps {
                let dx = inputGradient.baseAddress + (b * steps + t) * width
                for j in 0..<width { dx[j] = dy[j] * scale }
            }
        }
        return inputGradient
    }
}
