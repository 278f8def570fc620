/// A 2-D convolution (cross-correlation, as in PyTorch) on `B x C x H x W` images, with
/// stride and zero padding: `Y[b][o][i][j] = bias[o] + Σ_c,u,v W[o][c][u][v] · P[b][c][i·sh+u][j·sw+v]`,
/// `P` being the input with `ph` zero rows above and below and `pw` zero columns on each side.
///
/// Through im2col: each image is unrolled into a `(C·kh·kw) x (H_out·W_out)` block whose
/// column `p` holds the window of output position `p`, and the blocks of the batch sit side
/// by side, so the convolution is one matrix product for the whole batch, `Y = W · cols`,
/// and the backward pass two more: `dW += dY · colsᵀ` and `dcols = Wᵀ · dY`, folded back
/// into the images (col2im). One large product keeps BLAS busy where one per tiny image would
/// spend its time in call overhead.
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
    private let padded = Tensor()  // C x (H + 2·ph) x (W + 2·pw): one image with its zero border
    private let columns = Tensor()  // (C·kh·kw) x (B·H_out·W_out), kept for backward
    private let channelMajor = Tensor()  // O x (B·H_out·W_out): the product's layout
    private let output = Tensor()
    private let columnGradient = Tensor()  // (C·kh·kw) x (B·H_out·W_out)
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

    /// Creates a layer with fresh parameters. Fans are PyTorch's: `fanIn = C·kh·kw`,
    /// `fanOut = O·kh·kw`; the default draws weight and bias from `±1 / sqrt(fanIn)`.
    public convenience init(
        inputChannels: Int, outputChannels: Int, kernel: (height: Int, width: Int),
        stride: (height: Int, width: Int) = (1, 1), padding: (height: Int, width: Int) = (0, 0),
        weightInitializer: Initializer = .pytorchDefault, biasInitializer: Initializer = .pytorchDefault,
        generator: inout RandomGenerator
    ) {
        let area = kernel.height * kernel.width
        let (fanIn, fanOut) = (inputChannels * area, outputChannels * area)
        let weight = Tensor(shape: [outputChannels, inputChannels, kernel.height, kernel.width])
        weightInitializer.fill(weight, fanIn: fanIn, fanOut: fanOut, using: &generator)
        let bias = Tensor(shape: [outputChannels])
        biasInitializer.fill(bias, fanIn: fanIn, fanOut: fanOut, using: &generator)
        self.init(weight: weight, bias: bias, stride: stride, padding: padding)
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
        let allPositions = batch * positions
        columns.reshape([windowSize, allPositions])
        padded.reshape([inputChannels, height + 2 * padding.height, width + 2 * padding.width])
        padded.fill(0)
        channelMajor.reshape([outputChannels, allPositions])
        output.reshape([batch, outputChannels, outHeight, outWidth])
        for b in 0..<batch {
            pad(input.baseAddress + b * inputChannels * height * width, height: height, width: width)
            unroll(
                into: columns.baseAddress + b * positions, rowStride: allPositions, height: height, width: width,
                outHeight: outHeight, outWidth: outWidth)
        }
        // One product for the whole batch: Y (O x B·P) = W (O x K) · cols (K x B·P).
        BLAS.multiply(
            weight.value.baseAddress, transposeA: false, columns.baseAddress, transposeB: false,
            into: channelMajor.baseAddress, m: outputChannels, n: allPositions, k: windowSize)
        // Back to B x O x P, adding the bias.
        for b in 0..<batch {
            for o in 0..<outputChannels {
                let source = channelMajor.baseAddress + o * allPositions + b * positions
                let destination = output.baseAddress + (b * outputChannels + o) * positions
                let shift = bias?.value[o] ?? 0
                for p in 0..<positions { destination[p] = source[p] + shift }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, height, width) = (inputShape[0], inputShape[2], inputShape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        let windowSize = inputChannels * kernel.height * kernel.width
        let positions = outHeight * outWidth
        let allPositions = batch * positions
        // dY as O x B·P, the layout of the forward product.
        for b in 0..<batch {
            for o in 0..<outputChannels {
                (channelMajor.baseAddress + o * allPositions + b * positions).update(
                    from: outputGradient.baseAddress + (b * outputChannels + o) * positions, count: positions)
            }
        }
        // dW (O x K) += dY (O x B·P) · colsᵀ (B·P x K)
        BLAS.multiply(
            channelMajor.baseAddress, transposeA: false, columns.baseAddress, transposeB: true,
            into: weight.gradient.baseAddress, m: outputChannels, n: windowSize, k: allPositions, beta: 1)
        if let bias {
            for o in 0..<outputChannels {
                let row = channelMajor.baseAddress + o * allPositions
                var sum: Float = 0
                for p in 0..<allPositions { sum += row[p] }
                bias.gradient[o] += sum
            }
        }
        inputGradient.reshape(inputShape)
        inputGradient.fill(0)
        guard computesInputGradient else { return inputGradient }
        // dcols (K x B·P) = Wᵀ (K x O) · dY (O x B·P), then folded back into each image.
        columnGradient.reshape([windowSize, allPositions])
        BLAS.multiply(
            weight.value.baseAddress, transposeA: true, channelMajor.baseAddress, transposeB: false,
            into: columnGradient.baseAddress, m: windowSize, n: allPositions, k: outputChannels)
        for b in 0..<batch {
            fold(
                columnGradient.baseAddress + b * positions,
                into: inputGradient.baseAddress + b * inputChannels * height * width, rowStride: allPositions,
                height: height, width: width, outHeight: outHeight, outWidth: outWidth)
        }
        return inputGradient
    }

    /// Copies one image into `padded`, surrounded by `ph` zero rows and `pw` zero columns,
    /// so that every window below reads plain memory.
    private func pad(_ image: UnsafePointer<Float>, height: Int, width: Int) {
        let (paddedHeight, paddedWidth) = (height + 2 * padding.height, width + 2 * padding.width)
        let target = padded.baseAddress
        for c in 0..<inputChannels {
            for y in 0..<height {
                (target + (c * paddedHeight + y + padding.height) * paddedWidth + padding.width)
                    .update(from: image + (c * height + y) * width, count: width)
            }
        }
    }

    /// im2col for one image (already in `padded`): row `(c, u, v)`, column `(i, j)` of its
    /// block is the padded input at `(c, i·sh + u, j·sw + v)`. Rows are `rowStride` apart, so
    /// the images of a batch sit side by side.
    private func unroll(
        into unrolled: UnsafeMutablePointer<Float>, rowStride: Int, height: Int, width: Int, outHeight: Int,
        outWidth: Int
    ) {
        let (paddedHeight, paddedWidth) = (height + 2 * padding.height, width + 2 * padding.width)
        let (sh, sw) = (stride.height, stride.width)
        var row = 0
        for c in 0..<inputChannels {
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    for i in 0..<outHeight {
                        let source = padded.baseAddress + (c * paddedHeight + i * sh + u) * paddedWidth + v
                        let destination = unrolled + row * rowStride + i * outWidth
                        if sw == 1 {
                            for j in 0..<outWidth { destination[j] = source[j] }
                        } else {
                            for j in 0..<outWidth { destination[j] = source[j * sw] }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// col2im: adds each entry of one image's block of the unrolled gradient back to the
    /// padded position it came from, then keeps the image's own part (the padding's share,
    /// and positions no window reaches, get nothing).
    private func fold(
        _ unrolled: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>, rowStride: Int, height: Int,
        width: Int, outHeight: Int, outWidth: Int
    ) {
        let (paddedHeight, paddedWidth) = (height + 2 * padding.height, width + 2 * padding.width)
        let (sh, sw) = (stride.height, stride.width)
        padded.fill(0)
        var row = 0
        for c in 0..<inputChannels {
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    for i in 0..<outHeight {
                        let destination = padded.baseAddress + (c * paddedHeight + i * sh + u) * paddedWidth + v
                        let source = unrolled + row * rowStride + i * outWidth
                        for j in 0..<outWidth { destination[j * sw] += source[j] }
                    }
                    row += 1
                }
            }
        }
        for c in 0..<inputChannels {
            for y in 0..<height {
                (image + (c * height + y) * width).update(
                    from: padded.baseAddress + (c * paddedHeight + y + padding.height) * paddedWidth + padding.width,
                    count: width)
            }
        }
    }
}
