import ConvergeEngine

/// A convolution and its gradients as sums over every index, in doubles: slow and obvious.
struct PlainConvolution {
    var output: [Double] = []
    var inputGradient: [Double] = []
    var weightGradient: [Double] = []
    var biasGradient: [Double] = []

    init(input: Tensor, weight: Tensor, bias: Tensor, stride: Int, padding: Int, upstream: Tensor) {
        let (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (outputs, kernel) = (weight.shape[0], weight.shape[2])
        let outHeight = (height + 2 * padding - kernel) / stride + 1
        let outWidth = (width + 2 * padding - kernel) / stride + 1
        output = [Double](repeating: 0, count: batch * outputs * outHeight * outWidth)
        inputGradient = [Double](repeating: 0, count: input.count)
        weightGradient = [Double](repeating: 0, count: weight.count)
        biasGradient = [Double](repeating: 0, count: outputs)
        for b in 0..<batch {
            for o in 0..<outputs {
                for i in 0..<outHeight {
                    for j in 0..<outWidth {
                        let out = ((b * outputs + o) * outHeight + i) * outWidth + j
                        let g = Double(upstream[out])
                        var sum = Double(bias[o])
                        biasGradient[o] += g
                        for c in 0..<channels {
                            for u in 0..<kernel {
                                for v in 0..<kernel {
                                    let (y, x) = (i * stride + u - padding, j * stride + v - padding)
                                    guard y >= 0 && y < height && x >= 0 && x < width else { continue }
                                    let at = ((b * channels + c) * height + y) * width + x
                                    let w = ((o * channels + c) * kernel + u) * kernel + v
                                    sum += Double(weight[w]) * Double(input[at])
                                    weightGradient[w] += g * Double(input[at])
                                    inputGradient[at] += g * Double(weight[w])
                                }
                            }
                        }
                        output[out] = sum
                    }
                }
            }
        }
    }
}
