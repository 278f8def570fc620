/// Mean squared error over every element, `Σ (z − y)² / (B · out)`, as `F.mse_loss`.
public final class MeanSquaredError: Loss {
    public let kind = "mse"
    private let gradient = Tensor()

    public init() {}

    public func forward(_ output: Tensor, targets: Tensor) -> Float {
        precondition(targets.count == output.count, "MSE needs one target per output value")
        gradient.reshape(like: output)
        let z = output.baseAddress
        let y = targets.baseAddress
        let g = gradient.baseAddress
        let scale = 2 / Float(output.count)
        var total: Double = 0
        for index in 0..<output.count {
            let difference = z[index] - y[index]
            total += Double(difference * difference)
            g[index] = scale * difference
        }
        return Float(total / Double(output.count))
    }

    public func backward() -> Tensor {
        gradient
    }
}
