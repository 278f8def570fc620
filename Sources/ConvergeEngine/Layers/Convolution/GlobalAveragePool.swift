/// `B x C x H x W -> B x C`: the mean of each feature map. A CNN's read-out needs no
/// flattened feature map then, and the same network takes any image size.
public final class GlobalAveragePool: Layer {
    public let kind = "global_avg_pool"
    private var inputShape: [Int] = []
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init() {}

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 4, "Global average pooling expects B x C x H x W")
        inputShape = input.shape
        let planes = input.shape[0] * input.shape[1]
        let area = input.shape[2] * input.shape[3]
        output.reshape([input.shape[0], input.shape[1]])
        for plane in 0..<planes {
            var sum: Float = 0
            let start = input.baseAddress + plane * area
            for index in 0..<area { sum += start[index] }
            output[plane] = sum / Float(area)
        }
        return output
    }

    /// Each of a map's `H·W` elements gets `1 / (H·W)` of the map's gradient.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.reshape(inputShape)
        let planes = inputShape[0] * inputShape[1]
        let area = inputShape[2] * inputShape[3]
        for plane in 0..<planes {
            (inputGradient.baseAddress + plane * area).update(
                repeating: outputGradient[plane] / Float(area), count: area)
        }
        return inputGradient
    }
}
