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
    private let framedInput = Tensor()  // B x C x (H + 2ph) x (W + 2pw), see `frame`
    private let framedGradient = Tensor()  // the same shape, for col2im

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
        let framed = frame(input)
        let unrolled = columns.baseAddress
        ParallelWork.forEachRange(batch, workPerItem: windowSize * positions) { images in
            for b in images {
                unroll(
                    framed.images + b * framed.imageSize, into: unrolled + b * positions, rowStride: allPositions,
                    framedWidth: framed.width, framedPlane: framed.plane, outHeight: outHeight, outWidth: outWidth)
            }
        }
        // One product for the whole batch: Y (O x B·P) = W (O x K) · cols (K x B·P).
        BLAS.multiply(
            weight.value.baseAddress, transposeA: false, columns.baseAddress, transposeB: false,
            into: channelMajor.baseAddress, m: outputChannels, n: allPositions, k: windowSize)
        // Back to B x O x P, adding the bias.
        let (product, y) = (channelMajor.baseAddress, output.baseAddress)
        let shift = bias?.value.baseAddress
        let outputChannels = outputChannels
        ParallelWork.forEachRange(batch, workPerItem: outputChannels * positions) { images in
            for b in images {
                for o in 0..<outputChannels {
                    let source = product + o * allPositions + b * positions
                    let destination = y + (b * outputChannels + o) * positions
                    let offset = shift?[o] ?? 0
                    for p in 0..<positions { destination[p] = source[p] + offset }
                }
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
        let outputChannels = outputChannels
        ParallelWork.forEachRange(batch, workPerItem: outputChannels * positions) { images in
            for b in images {
                for o in 0..<outputChannels {
                    (product + o * allPositions + b * positions).update(
                        from: dy + (b * outputChannels + o) * positions, count: positions)
                }
            }
        }
        // dW (O x K) += dY (O x B·P) · colsᵀ (B·P x K)
        BLAS.multiply(
            channelMajor.baseAddress, transposeA: false, columns.baseAddress, transposeB: true,
            into: weight.gradient.baseAddress, m: outputChannels, n: windowSize, k: allPositions, beta: 1)
        if let bias {
            // Each channel's sum runs in one order, so the bits do not depend on the split.
            let biasGradient = bias.gradient.baseAddress
            ParallelWork.forEachRange(outputChannels, workPerItem: allPositions) { channels in
                for o in channels {
                    let row = product + o * allPositions
                    var sum: Float = 0
                    for p in 0..<allPositions { sum += row[p] }
                    biasGradient[o] += sum
                }
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
        let framedShape = [batch, inputChannels, height + 2 * padding.height, width + 2 * padding.width]
        framedGradient.reshape(framedShape)
        let framedWidth = framedShape[3]
        let framedPlane = framedShape[2] * framedWidth
        let (unrolled, framedImages, dx) = (
            columnGradient.baseAddress, framedGradient.baseAddress, inputGradient.baseAddress
        )
        let (inputChannels, planeSize, top, left) = (inputChannels, height * width, padding.height, padding.width)
        ParallelWork.forEachRange(batch, workPerItem: windowSize * positions) { images in
            for b in images {
                let framedImage = framedImages + b * inputChannels * framedPlane
                fold(
                    unrolled + b * positions, into: framedImage, rowStride: allPositions,
                    framedWidth: framedWidth, framedPlane: framedPlane, outHeight: outHeight, outWidth: outWidth)
                // The image's gradient is the frame's inside; the border's share is dropped.
                for c in 0..<inputChannels {
                    let inside = framedImage + c * framedPlane + top * framedWidth + left
                    let destination = dx + (b * inputChannels + c) * planeSize
                    for i in 0..<height {
                        (destination + i * width).update(from: inside + i * framedWidth, count: width)
                    }
                }
            }
        }
        return inputGradient
    }

    /// The input with its zero padding drawn in: each image inside a border of `ph` zero rows
    /// and `pw` zero columns, so that im2col reads every window without a bounds test. Without
    /// padding the input itself is the frame. The border is zeroed when the shape changes and
    /// never written afterwards.
    private func frame(_ input: Tensor) -> (images: UnsafePointer<Float>, imageSize: Int, width: Int, plane: Int) {
        let (channels, height, width) = (input.shape[1], input.shape[2], input.shape[3])
        let imageSize = channels * height * width
        let (top, left) = (padding.height, padding.width)
        guard top > 0 || left > 0 else {
            return (UnsafePointer(input.baseAddress), imageSize, width, height * width)
        }
        let shape = [input.shape[0], channels, height + 2 * top, width + 2 * left]
        if framedInput.shape != shape {
            framedInput.reshape(shape)
            framedInput.fill(0)
        }
        let (framedWidth, framedPlane) = (shape[3], shape[2] * shape[3])
        let framedImageSize = channels * framedPlane
        let (x, framed) = (input.baseAddress, framedInput.baseAddress)
        ParallelWork.forEachRange(input.shape[0], workPerItem: imageSize) { images in
            for b in images {
                for c in 0..<channels {
                    let source = x + b * imageSize + c * height * width
                    let inside = framed + b * framedImageSize + c * framedPlane + top * framedWidth + left
                    for i in 0..<height {
                        (inside + i * framedWidth).update(from: source + i * width, count: width)
                    }
                }
            }
        }
        return (UnsafePointer(framed), framedImageSize, framedWidth, framedPlane)
    }

    /// im2col for one framed image: row `(c, u, v)`, column `(i, j)` of its block is the
    /// frame at `(c, i·sh + u, j·sw + v)`. Rows are `rowStride` apart, so the images of a batch
    /// sit side by side.
    private func unroll(
        _ image: UnsafePointer<Float>, into unrolled: UnsafeMutablePointer<Float>, rowStride: Int,
        framedWidth: Int, framedPlane: Int, outHeight: Int, outWidth: Int
    ) {
        let (sh, sw) = (stride.height, stride.width)
        var row = 0
        for c in 0..<inputChannels {
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    let corner = image + c * framedPlane + u * framedWidth + v
                    for i in 0..<outHeight {
                        let destination = unrolled + row * rowStride + i * outWidth
                        let source = corner + i * sh * framedWidth
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

    /// col2im for one framed image: sets the frame's gradient to the sum, over the unrolled
    /// entries, of each entry at the position it came from.
    private func fold(
        _ unrolled: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>, rowStride: Int,
        framedWidth: Int, framedPlane: Int, outHeight: Int, outWidth: Int
    ) {
        let (sh, sw) = (stride.height, stride.width)
        image.update(repeating: 0, count: inputChannels * framedPlane)
        var row = 0
        for c in 0..<inputChannels {
            for u in 0..<kernel.height {
                for v in 0..<kernel.width {
                    let corner = image + c * framedPlane + u * framedWidth + v
                    for i in 0..<outHeight {
                        let destination = corner + i * sh * framedWidth
                        let source = unrolled + row * rowStride + i * outWidth
                        if sw == 1 {
                            for j in 0..<outWidth { destination[j] += source[j] }
                        } else {
                            for j in 0..<outWidth { destination[j * sw] += source[j] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
