/// `B x C x H x W -> B x (C·H·W)`, channel-major as `torch.flatten(x, 1)`: the bridge from
/// convolutional feature maps to a linear read-out. The memory order does not change.
public final class Flatten: Layer {
    public let kind = "flatten"
    private var inputShape: [Int] = []
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init() {}

    public func forward(_ input: Tensor) -> Tensor {
        inputShape = input.shape
        output.reshape([input.shape[0], input.count / Swift.max(input.shape[0], 1)])
        output.baseAddress.update(from: input.baseAddress, count: input.count)
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.reshape(inputShape)
        inputGradient.baseAddress.update(from: outputGradient.baseAddress, count: outputGradient.count)
        return inputGradient
    }
}
