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
public final class Conv2d: SkipsInputGradient {
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
    /// Whether `backward` computes the input gradient (see `SkipsInputGradient`).
    public var computesInputGradient = true

    private var inputShape: [Int] = []
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
        channelMajor.reshape([outputChannels, allPositions])
        output.reshape([batch, outputChannels, outHeight, outWidth])
        let (x, unrolled) = (input.baseAddress, columns.baseAddress)
        for b in 0..<batch {
            unroll(
                x + b * inputChannels * height * width, into: unrolled + b * positions, rowStride: allPositions,
                height: height, width: width, outHeight: outHeight, outWidth: outWidth)
        }
        // One product for the whole batch: Y (O x B·P) = W (O x K) · cols (K x B·P).
        BLAS.multiply(
            weight.value.baseAddress, transposeA: false, columns.baseAddress, transposeB: false,
            into: channelMajor.baseAddress, m: outputChannels, n: allPositions, k: windowSize)
        // Back to B x O x P, adding the bias.
        let (product, y) = (channelMajor.baseAddress, output.baseAddress)
        let shift = bias?.value.baseAddress
        for b in 0..<batch {
            for o in 0..<outputChannels {
                let source = product + o * allPositions + b * positions
                let destination = y + (b * outputChannels + o) * positions
                let offset = shift?[o] ?? 0
                for p in 0..<positions { destination[p] = source[p] + offset }
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
        let (dy, product) = (outputGradient.baseAddress, channelMajor.baseAddress)
        for b in 0..<batch {
            for o in 0..<outputChannels {
                (product + o * allPositions + b * positions).update(
                    from: dy + (b * outputChannels + o) * positions, count: positions)
            }
        }
        // dW (O x K) += dY (O x B·P) · colsᵀ (B·P x K)
        BLAS.multiply(
            channelMajor.baseAddress, transposeA: false, columns.baseAddress, transposeB: true,
            into: weight.gradient.baseAddress, m: outputChannels, n: windowSize, k: allPositions, beta: 1)
        if let bias {
            for o in 0..<outputChannels {
                let row = product + o * allPositions
                var sum: Float = 0
                for p in 0..<allPositions { sum += row[p] }
                bias.gradient[o] += sum
            }
        }
        inputGradient.reshape(inputShape)
        guard computesInputGradient else {
            inputGradient.fill(0)
            return inputGradient
        }
        // dcols (K x B·P) = Wᵀ (K x O) · dY (O x B·P), then folded back into each image.
        columnGradient.reshape([windowSize, allPositions])
        BLAS.multiply(
            weight.value.baseAddress, transposeA: true, channelMajor.baseAddress, transposeB: false,
            into: columnGradient.baseAddress, m: windowSize, n: allPositions, k: outputChannels)
        let (unrolled, dx) = (columnGradient.baseAddress, inputGradient.baseAddress)
        for b in 0..<batch {
            fold(
                unrolled + b * positions, into: dx + b * inputChannels * height * width, rowStride: allPositions,
                height: height, width: width, outHeight: outHeight, outWidth: outWidth)
        }
        return inputGradient
    }

    /// im2col for one image: row `(c, u, v)`, column `(i, j)` of its block is the padded
    /// input at `(c, i·sh + u - ph, j·sw + v - pw)`, 0 in the padding. Rows are `rowStride`
    /// apart, so the images of a batch sit side by side.
    private func unroll(
        _ image: UnsafePointer<Float>, into unrolled: UnsafeMutablePointer<Float>, rowStride: Int, height: Int,
        width: Int, outHeight: Int, outWidth: Int
    ) {
        let (sh, sw, ph, pw) = (stride.height, stride.width, padding.height, padding.width)
        var row = 0
        for c in 0..<inputChannels {
            let plane = image + c * height * width
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    let (first, end) = validColumns(offset: v - pw, stride: sw, width: width, outWidth: outWidth)
                    for i in 0..<outHeight {
                        let destination = unrolled + row * rowStride + i * outWidth
                        let y = i * sh + u - ph
                        guard y >= 0 && y < height, first < end else {
                            for j in 0..<outWidth { destination[j] = 0 }
                            continue
                        }
                        let source = plane + y * width + v - pw
                        for j in 0..<first { destination[j] = 0 }
                        if sw == 1 {
                            for j in first..<end { destination[j] = source[j] }
                        } else {
                            for j in first..<end { destination[j] = source[j * sw] }
                        }
                        for j in end..<outWidth { destination[j] = 0 }
                    }
                    row += 1
                }
            }
        }
    }

    /// col2im for one image: sets its input gradient to the sum, over the unrolled entries,
    /// of each entry at the input position it came from (the padding's share, and positions
    /// no window reaches, are dropped).
    private func fold(
        _ unrolled: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>, rowStride: Int, height: Int,
        width: Int, outHeight: Int, outWidth: Int
    ) {
        let (sh, sw, ph, pw) = (stride.height, stride.width, padding.height, padding.width)
        image.update(repeating: 0, count: inputChannels * height * width)
        var row = 0
        for c in 0..<inputChannels {
            let plane = image + c * height * width
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    let (first, end) = validColumns(offset: v - pw, stride: sw, width: width, outWidth: outWidth)
                    for i in 0..<outHeight {
                        let y = i * sh + u - ph
                        guard y >= 0 && y < height else { continue }
                        let destination = plane + y * width + v - pw
                        let source = unrolled + row * rowStride + i * outWidth
                        for j in first..<end { destination[j * sw] += source[j] }
                    }
                    row += 1
                }
            }
        }
    }

    /// The output columns `first..<end` whose input column `j·stride + offset` lies inside
    /// the image; the others read the zero padding.
    private func validColumns(offset: Int, stride: Int, width: Int, outWidth: Int) -> (first: Int, end: Int) {
        var first = 0
        while first < outWidth && first * stride + offset < 0 { first += 1 }
        var end = outWidth
        while end > first && (end - 1) * stride + offset >= width { end -= 1 }
        return (first, end)
    }
}
