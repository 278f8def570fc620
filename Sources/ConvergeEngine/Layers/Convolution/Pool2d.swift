/// Max or average pooling over `kh x kw` windows of a `B x C x H x W` image, with a stride
/// and no padding: `H_out = (H - kh) / sh + 1`. Rows and columns no window reaches get no
/// gradient.
///
/// Max: each window passes on its largest value, and its whole gradient goes back to that
/// one element (the first in row-major order among equal maxima, as PyTorch does). Average:
/// each window passes on its mean, and each of its elements gets `1 / (kh·kw)` of the
/// gradient. With overlapping windows (`stride < kernel`) an element collects from each.
public final class Pool2d: Layer {
    public enum Reduction: Sendable {
        case maximum
        case average
    }

    public var kind: String { reduction == .maximum ? "maxpool2d" : "avgpool2d" }
    public let reduction: Reduction
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)

    private var inputShape: [Int] = []
    private let output = Tensor()
    /// For max pooling: the input index each output took its value from.
    private var winners: [Int] = []
    private let inputGradient = Tensor()

    public init(_ reduction: Reduction, kernel: (height: Int, width: Int), stride: (height: Int, width: Int)) {
        self.reduction = reduction
        self.kernel = kernel
        self.stride = stride
    }

    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        ((height - kernel.height) / stride.height + 1, (width - kernel.width) / stride.width + 1)
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 4, "Pooling expects B x C x H x W")
        inputShape = input.shape
        let (planes, height, width) = (input.shape[0] * input.shape[1], input.shape[2], input.shape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        output.reshape([input.shape[0], input.shape[1], outHeight, outWidth])
        if reduction == .maximum && winners.count != output.count {
            winners = [Int](repeating: 0, count: output.count)
        }
        let x = input.baseAddress
        let y = output.baseAddress
        let area = Float(kernel.height * kernel.width)
        for plane in 0..<planes {
            for i in 0..<outHeight {
                for j in 0..<outWidth {
                    let out = (plane * outHeight + i) * outWidth + j
                    var best = -Float.infinity
                    var bestIndex = -1
                    var sum: Float = 0
                    for u in 0..<kernel.height {
                        for v in 0..<kernel.width {
                            let index = (plane * height + i * stride.height + u) * width + j * stride.width + v
                            let value = x[index]
                            sum += value
                            // Strictly greater: among equal maxima the first in row-major order wins.
                            if value > best || bestIndex < 0 {
                                best = value
                                bestIndex = index
                            }
                        }
                    }
                    if reduction == .maximum {
                        y[out] = best
                        winners[out] = bestIndex
                    } else {
                        y[out] = sum / area
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (planes, height, width) = (inputShape[0] * inputShape[1], inputShape[2], inputShape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        inputGradient.reshape(inputShape)
        inputGradient.fill(0)
        let dx = inputGradient.baseAddress
        let dy = outputGradient.baseAddress
        let share = 1 / Float(kernel.height * kernel.width)
        for plane in 0..<planes {
            for i in 0..<outHeight {
                for j in 0..<outWidth {
                    let out = (plane * outHeight + i) * outWidth + j
                    if reduction == .maximum {
                        dx[winners[out]] += dy[out]
                        continue
                    }
                    for u in 0..<kernel.height {
                        for v in 0..<kernel.width {
                            dx[(plane * height + i * stride.height + u) * width + j * stride.width + v] +=
                                dy[out] * share
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
