/// A 2-D convolution (cross-correlation, as in PyTorch) on `B x C x H x W` images, with
/// stride and zero padding: `Y[b][o][i][j] = bias[o] + Σ_c,u,v W[o][c][u][v] · P[b][c][i·sh+u][j·sw+v]`,
/// `P` being the input with `ph` zero rows above and below and `pw` zero columns on each side.
///
/// Through im2col: each image is unrolled into a `(C·kh·kw) x (H_out·W_out)` matrix whose
/// column `p` holds the window of output position `p`, so the convolution is one matrix
/// product per image, `Y_b = W · cols_b`, and the backward pass is two more:
/// `dW += dY_b · cols_bᵀ` and `dcols_b = Wᵀ · dY_b`, folded back into the image (col2im).
public final class Conv2d: Layer {
    public let kind = "conv2d"
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernel: (height: Int, width: Int)
    public let stride: (height: Int, width: Int)
    public let padding: (height: Int, width: Int)
    /// `O x C x kh x kw`.
    public let weight: Parameter
    /// `O`, or nil for a layer without bias.
    public let bias: Parameter?
    public let parameters: [Parameter]
    /// Whether `backward` computes the input gradient. The first layer of a model skips it:
    /// nothing upstream reads the gradient of the images, and folding it back costs a third
    /// of the backward pass.
    public var computesInputGradient = true

    private var inputShape: [Int] = []
    private let columns = Tensor()  // B x (C·kh·kw) x (H_out·W_out), kept for backward
    private let output = Tensor()
    private let columnGradient = Tensor()  // (C·kh·kw) x (H_out·W_out), one image at a time
    private let inputGradient = Tensor()

    /// Creates a layer with the given weight (`O x C x kh x kw`) and bias (`O`).
    public init(
        weight: Tensor, bias: Tensor?, stride: (height: Int, width: Int) = (1, 1),
        padding: (height: Int, width: Int) = (0, 0)
    ) {
        precondition(weight.shape.count == 4, "A Conv2d weight is O x C x kh x kw")
        outputChannels = weight.shape[0]
        inputChannels = weight.shape[1]
        kernel = (weight.shape[2], weight.shape[3])
        self.stride = stride
        self.padding = padding
        self.weight = Parameter(name: "weight", value: weight)
        self.bias = bias.map { Parameter(name: "bias", value: $0) }
        parameters = [self.weight] + (self.bias.map { [$0] } ?? [])
    }

    /// The output height and width for an input of `height x width`.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        (
            (height + 2 * padding.height - kernel.height) / stride.height + 1,
            (width + 2 * padding.width - kernel.width) / stride.width + 1
        )
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == inputChannels, "Conv2d expects B x C x H x W")
        inputShape = input.shape
        let (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        let windowSize = inputChannels * kernel.height * kernel.width
        let positions = outHeight * outWidth
        columns.reshape([batch, windowSize, positions])
        output.reshape([batch, outputChannels, outHeight, outWidth])
        for b in 0..<batch {
            let image = input.baseAddress + b * inputChannels * height * width
            let unrolled = columns.baseAddress + b * windowSize * positions
            unroll(image, into: unrolled, height: height, width: width, outHeight: outHeight, outWidth: outWidth)
            let y = output.baseAddress + b * outputChannels * positions
            if let bias {
                for o in 0..<outputChannels {
                    (y + o * positions).update(repeating: bias.value[o], count: positions)
                }
            }
            // Y_b (O x P) = W (O x K) · cols_b (K x P)
            BLAS.multiply(
                weight.value.baseAddress, transposeA: false, unrolled, transposeB: false, into: y,
                m: outputChannels, n: positions, k: windowSize, beta: bias == nil ? 0 : 1)
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, height, width) = (inputShape[0], inputShape[2], inputShape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        let windowSize = inputChannels * kernel.height * kernel.width
        let positions = outHeight * outWidth
        inputGradient.reshape(inputShape)
        inputGradient.fill(0)
        columnGradient.reshape([windowSize, positions])
        for b in 0..<batch {
            let dy = outputGradient.baseAddress + b * outputChannels * positions
            let unrolled = columns.baseAddress + b * windowSize * positions
            // dW (O x K) += dY_b (O x P) · cols_bᵀ (P x K)
            BLAS.multiply(
                dy, transposeA: false, unrolled, transposeB: true, into: weight.gradient.baseAddress,
                m: outputChannels, n: windowSize, k: positions, beta: 1)
            if let bias {
                for o in 0..<outputChannels {
                    var sum: Float = 0
                    for p in 0..<positions { sum += dy[o * positions + p] }
                    bias.gradient[o] += sum
                }
            }
            guard computesInputGradient else { continue }
            // dcols_b (K x P) = Wᵀ (K x O) · dY_b (O x P), then folded back into the image.
            BLAS.multiply(
                weight.value.baseAddress, transposeA: true, dy, transposeB: false, into: columnGradient.baseAddress,
                m: windowSize, n: positions, k: outputChannels)
            fold(
                columnGradient.baseAddress, into: inputGradient.baseAddress + b * inputChannels * height * width,
                height: height, width: width, outHeight: outHeight, outWidth: outWidth)
        }
        return inputGradient
    }

    /// im2col: row `(c, u, v)`, column `(i, j)` of the unrolled matrix is the padded input at
    /// `(c, i·sh + u - ph, j·sw + v - pw)`, or 0 in the padding.
    private func unroll(
        _ image: UnsafePointer<Float>, into unrolled: UnsafeMutablePointer<Float>, height: Int, width: Int,
        outHeight: Int, outWidth: Int
    ) {
        var row = 0
        for c in 0..<inputChannels {
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    let destination = unrolled + row * outHeight * outWidth
                    for i in 0..<outHeight {
                        let y = i * stride.height + u - padding.height
                        for j in 0..<outWidth {
                            let x = j * stride.width + v - padding.width
                            destination[i * outWidth + j] =
                                (y >= 0 && y < height && x >= 0 && x < width) ? image[(c * height + y) * width + x] : 0
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// col2im: adds each entry of the unrolled gradient back to the input position it came
    /// from (positions in the padding, or never reached by a window, get nothing).
    private func fold(
        _ unrolled: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>, height: Int, width: Int,
        outHeight: Int, outWidth: Int
    ) {
        var row = 0
        for c in 0..<inputChannels {
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    let source = unrolled + row * outHeight * outWidth
                    for i in 0..<outHeight {
                        let y = i * stride.height + u - padding.height
                        guard y >= 0 && y < height else { continue }
                        for j in 0..<outWidth {
                            let x = j * stride.width + v - padding.width
                            if x >= 0 && x < width { image[(c * height + y) * width + x] += source[i * outWidth + j] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
