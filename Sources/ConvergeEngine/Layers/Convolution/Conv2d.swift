/// A 2-D convolution (cross-correlation, as in PyTorch) on `B x C x H x W` images, with
/// stride and zero padding: `Y[b][o][i][j] = bias[o] + Σ_c,u,v W[o][c][u][v] · P[b][c][i·sh+u][j·sw+v]`,
/// `P` being the input with `ph` zero rows above and below and `pw` zero columns on each side.
///
/// Through im2col: each image is unrolled into a `(C·kh·kw) x (H_out·W_out)` block whose
/// column `p` holds the window of output position `p`, and the blocks of a chunk of images
/// sit side by side, so the convolution is one matrix product per chunk, `Y = W · cols`, and
/// the backward pass two more: `dW += dY · colsᵀ` and `dcols = Wᵀ · dY`, folded back into
/// the images (col2im).
///
/// A chunk holds about `columnsPerChunk` output positions: the whole batch of small images,
/// a few large ones. Wide enough for BLAS to run at full speed where one product per tiny
/// image would spend its time in call overhead; narrow enough that the chunk's columns stay
/// in cache, where unrolling a whole batch of 32x32 images wrote 19 MB per layer.
///
/// A 3x3 convolution with stride 1 skips im2col and BLAS altogether: `Convolution3x3`
/// computes it straight from the framed images, which is faster on images this small.
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

    /// The output positions a chunk of images aims at (see the type's comment).
    static let columnsPerChunk = 4096

    private var inputShape: [Int] = []
    private let framedInput = Tensor()  // B x C x (H + 2ph) x (W + 2pw), see `frame`; kept for backward
    private let columns = Tensor()  // (C·kh·kw) x (chunk·H_out·W_out)
    /// The first image of the chunk `columns` holds, so backward need not unroll it again.
    private var unrolledChunk: Int?
    private let channelMajor = Tensor()  // O x (chunk·H_out·W_out): the product's layout
    private let output = Tensor()
    private let columnGradient = Tensor()  // (C·kh·kw) x (chunk·H_out·W_out)
    private let framedGradient = Tensor()  // B x C x (H + 2ph) x (W + 2pw), for col2im
    private let inputGradient = Tensor()
    private let biasSums = Tensor()  // O: the bias gradient's sums so far, chunk by chunk
    /// The im2col-free passes, for a 3x3 kernel with stride 1; nil for every other layer.
    private let threeByThree: Convolution3x3?

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
        threeByThree =
            Convolution3x3.handles(kernel: kernel, stride: stride, padding: padding)
            ? Convolution3x3(padding: padding) : nil
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

    /// The sizes one forward and backward pass work with.
    private struct Geometry {
        let batch: Int, height: Int, width: Int
        let outHeight: Int, outWidth: Int
        /// `C·kh·kw`: the rows of the unrolled columns.
        let windowSize: Int
        /// `H_out·W_out`.
        let positions: Int
        /// Images per chunk.
        let chunk: Int
        /// The frame of one image: its width and the size of one channel's plane.
        let framedWidth: Int, framedPlane: Int

        /// The images of each chunk, in order.
        var chunks: StrideTo<Int> { Swift.stride(from: 0, to: batch, by: chunk) }
    }

    private func geometry(of shape: [Int]) -> Geometry {
        let (batch, height, width) = (shape[0], shape[2], shape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        let positions = outHeight * outWidth
        let framedWidth = width + 2 * padding.width
        return Geometry(
            batch: batch, height: height, width: width, outHeight: outHeight, outWidth: outWidth,
            windowSize: inputChannels * kernel.height * kernel.width, positions: positions,
            chunk: max(1, min(batch, Conv2d.columnsPerChunk / max(positions, 1))),
            framedWidth: framedWidth, framedPlane: (height + 2 * padding.height) * framedWidth)
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == inputChannels, "Conv2d expects B x C x H x W")
        inputShape = input.shape
        let shape = geometry(of: input.shape)
        let (positions, outputChannels) = (shape.positions, outputChannels)
        output.reshape([shape.batch, outputChannels, shape.outHeight, shape.outWidth])
        frame(input, shape)
        if let threeByThree {
            threeByThree.forward(framed: framedInput, weight: weight.value, bias: bias?.value, into: output)
            return output
        }
        columns.reshape([shape.windowSize, shape.chunk * positions])
        channelMajor.reshape([outputChannels, shape.chunk * positions])
        unrolledChunk = nil
        let (product, y) = (channelMajor.baseAddress, output.baseAddress)
        let shift = bias?.value.baseAddress
        for first in shape.chunks {
            let images = min(shape.chunk, shape.batch - first)
            let chunkPositions = images * positions
            unrollChunk(from: first, images: images, shape)
            // Y (O x chunk·P) = W (O x K) · cols (K x chunk·P)
            BLAS.multiply(
                weight.value.baseAddress, transposeA: false, columns.baseAddress, transposeB: false,
                into: product, m: outputChannels, n: chunkPositions, k: shape.windowSize)
            // Back to B x O x P, adding the bias.
            ParallelWork.forEachRange(images, workPerItem: outputChannels * positions) { range in
                for image in range {
                    for o in 0..<outputChannels {
                        let source = product + o * chunkPositions + image * positions
                        let destination = y + ((first + image) * outputChannels + o) * positions
                        let offset = shift?[o] ?? 0
                        for p in 0..<positions { destination[p] = source[p] + offset }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let shape = geometry(of: inputShape)
        let (positions, outputChannels, windowSize) = (shape.positions, outputChannels, shape.windowSize)
        let (dy, product) = (outputGradient.baseAddress, channelMajor.baseAddress)
        inputGradient.reshape(inputShape)
        if let threeByThree {
            threeByThree.accumulateWeightGradient(
                framed: framedInput, outputGradient: outputGradient, into: weight.gradient)
            if let bias { accumulateBiasGradient(outputGradient, into: bias.gradient, shape) }
            if computesInputGradient {
                threeByThree.inputGradient(outputGradient: outputGradient, weight: weight.value, into: inputGradient)
            } else {
                inputGradient.fill(0)
            }
            return inputGradient
        }
        if computesInputGradient {
            columnGradient.reshape([windowSize, shape.chunk * positions])
            framedGradient.reshape(framedInput.shape)
        } else {
            inputGradient.fill(0)
        }
        biasSums.reshape([outputChannels])
        for first in shape.chunks {
            let images = min(shape.chunk, shape.batch - first)
            let chunkPositions = images * positions
            // dY as O x chunk·P, the layout of the forward product.
            ParallelWork.forEachRange(images, workPerItem: outputChannels * positions) { range in
                for image in range {
                    for o in 0..<outputChannels {
                        (product + o * chunkPositions + image * positions).update(
                            from: dy + ((first + image) * outputChannels + o) * positions, count: positions)
                    }
                }
            }
            unrollChunk(from: first, images: images, shape)
            // dW (O x K) += dY (O x chunk·P) · colsᵀ (chunk·P x K)
            BLAS.multiply(
                product, transposeA: false, columns.baseAddress, transposeB: true,
                into: weight.gradient.baseAddress, m: outputChannels, n: windowSize, k: chunkPositions, beta: 1)
            if let bias {
                // Each channel's sum runs through the batch in one order, chunk after chunk, so
                // the bits depend neither on the chunks nor on the split between threads.
                let (sums, gradient) = (biasSums.baseAddress, bias.gradient.baseAddress)
                ParallelWork.forEachRange(outputChannels, workPerItem: chunkPositions) { channels in
                    for o in channels {
                        let row = product + o * chunkPositions
                        var sum = first == 0 ? 0 : sums[o]
                        for p in 0..<chunkPositions { sum += row[p] }
                        sums[o] = sum
                        if first + images == shape.batch { gradient[o] += sum }
                    }
                }
            }
            if computesInputGradient {
                // dcols (K x chunk·P) = Wᵀ (K x O) · dY (O x chunk·P), folded back into the images.
                BLAS.multiply(
                    weight.value.baseAddress, transposeA: true, product, transposeB: false,
                    into: columnGradient.baseAddress, m: windowSize, n: chunkPositions, k: outputChannels)
                foldChunk(from: first, images: images, shape)
            }
        }
        return inputGradient
    }

    /// Adds each channel's sum of `outputGradient` (`B x O x H_out x W_out`) to `gradient`.
    /// Each sum runs through the batch in eight interleaved partial sums (position `p` going
    /// to `p mod 8`), added pairwise at the end: one running sum waited on every addition.
    private func accumulateBiasGradient(_ outputGradient: Tensor, into gradient: Tensor, _ shape: Geometry) {
        let (dy, sums, positions) = (outputGradient.baseAddress, gradient.baseAddress, shape.positions)
        let (batch, outputChannels) = (shape.batch, outputChannels)
        let wholeVectors = positions - positions % 8
        ParallelWork.forEachRange(outputChannels, workPerItem: batch * positions) { channels in
            for o in channels {
                var lanes = SIMD8<Float>()
                for image in 0..<batch {
                    let row = dy + (image * outputChannels + o) * positions
                    for p in Swift.stride(from: 0, to: wholeVectors, by: 8) {
                        lanes += UnsafeRawPointer(row + p).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    for p in wholeVectors..<positions { lanes[p - wholeVectors] += row[p] }
                }
                let pairs = lanes.evenHalf + lanes.oddHalf
                sums[o] += (pairs[0] + pairs[1]) + (pairs[2] + pairs[3])
            }
        }
    }

    /// Copies the input into `framedInput`, each image inside a zero border as wide as the
    /// padding (see `ZeroFrame`). The backward pass unrolls the chunks again from this copy.
    private func frame(_ input: Tensor, _ shape: Geometry) {
        ZeroFrame.frame(
            input.baseAddress, batch: shape.batch, channels: inputChannels, height: shape.height, width: shape.width,
            border: padding, into: framedInput)
    }

    /// im2col for the `images` images from `first` into `columns`, side by side.
    private func unrollChunk(from first: Int, images: Int, _ shape: Geometry) {
        if unrolledChunk == first { return }
        unrolledChunk = first
        let (framed, unrolled) = (framedInput.baseAddress, columns.baseAddress)
        let imageSize = inputChannels * shape.framedPlane
        ParallelWork.forEachRange(images, workPerItem: shape.windowSize * shape.positions) { range in
            for image in range {
                unroll(
                    framed + (first + image) * imageSize, into: unrolled + image * shape.positions,
                    rowStride: images * shape.positions, shape)
            }
        }
    }

    /// col2im for the `images` images from `first`: folds `columnGradient` into their frames,
    /// and copies each frame's inside to the input gradient (the border's share is dropped).
    private func foldChunk(from first: Int, images: Int, _ shape: Geometry) {
        let (unrolled, framed, dx) = (columnGradient.baseAddress, framedGradient.baseAddress, inputGradient.baseAddress)
        let (channels, height, width) = (inputChannels, shape.height, shape.width)
        let (framedWidth, framedPlane) = (shape.framedWidth, shape.framedPlane)
        let inset = padding.height * framedWidth + padding.width
        ParallelWork.forEachRange(images, workPerItem: shape.windowSize * shape.positions) { range in
            for image in range {
                let framedImage = framed + (first + image) * channels * framedPlane
                fold(
                    unrolled + image * shape.positions, into: framedImage, rowStride: images * shape.positions, shape)
                for c in 0..<channels {
                    let inside = framedImage + c * framedPlane + inset
                    let destination = dx + ((first + image) * channels + c) * height * width
                    for i in 0..<height {
                        ZeroFrame.copyRow(from: inside + i * framedWidth, to: destination + i * width, count: width)
                    }
                }
            }
        }
    }

    /// im2col for one framed image: row `(c, u, v)`, column `(i, j)` of its block is the
    /// frame at `(c, i·sh + u, j·sw + v)`. Rows are `rowStride` apart, so the images of a batch
    /// sit side by side.
    private func unroll(
        _ image: UnsafePointer<Float>, into unrolled: UnsafeMutablePointer<Float>, rowStride: Int, _ shape: Geometry
    ) {
        let (sh, sw) = (stride.height, stride.width)
        let (framedWidth, framedPlane, outHeight, outWidth) = (
            shape.framedWidth, shape.framedPlane, shape.outHeight, shape.outWidth
        )
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
        _ unrolled: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>, rowStride: Int, _ shape: Geometry
    ) {
        let (sh, sw) = (stride.height, stride.width)
        let (framedWidth, framedPlane, outHeight, outWidth) = (
            shape.framedWidth, shape.framedPlane, shape.outHeight, shape.outWidth
        )
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
