import CConvolution

/// The forward and backward passes of a 3x3, stride-1 `Conv2d`, computed straight from the
/// framed images by the loops in `Sources/CConvolution` instead of im2col and BLAS.
///
/// On the small images of the scenarios the unrolled columns, and the copies BLAS makes of
/// them, cost more than the multiplications: these loops keep one image and a tile of
/// outputs in cache and registers. Nearly every convolution here is 3x3 with stride 1.
///
/// - Forward: `Y = conv(P, W) + b`, P being the input inside its zero frame.
/// - Input gradient: the same convolution run backwards, `dX = conv(dY framed by 2 - p, W′)`
///   with `W′[c][o][u][v] = W[o][c][2 - u][2 - v]`: each input pixel collects the output
///   gradients of the windows it sat in, through the mirrored taps.
/// - Weight gradient: `dW[o][c][u][v] = Σ_b,i,j dY[b][o][i][j] · P[b][c][i + u][j + v]`.
///
/// Each pass takes one of two algorithms (`Algorithm`), chosen from the shapes alone, so the
/// same layer on the same data always gives the same bits. Every result is also the same bits
/// at one thread and at two: images are split between threads only where each image writes
/// its own output, and the weight gradient is always summed over the same
/// `weightGradientSlices` of the batch, in order, whichever thread computed them.
final class Convolution3x3 {
    /// How a pass computes its sums.
    enum Algorithm: Equatable {
        /// Nine multiply-adds per input channel and output, one kernel tap at a time.
        case direct
        /// Winograd's F(2x2, 3x3): 16 multiply-adds for each 2x2 tile of outputs where the
        /// direct loops take 36, at the price of transforming the input and output tiles.
        case winograd

        /// Multiply-adds for each output position and input channel: the nine taps, or a
        /// quarter of the sixteen products of a 2x2 tile (`MultiplyAddCounter`).
        var multiplyAddsPerOutput: Int {
            switch self {
            case .direct: return 9
            case .winograd: return 4
            }
        }
    }

    /// The batch's slices for the weight gradient (see the type's comment).
    static let weightGradientSlices = 4
    /// Below this many input channels the transforms cost more than the products they save.
    static let winogradMinimumChannels = 8

    /// Whether a convolution with this kernel, stride and padding runs here.
    static func handles(
        kernel: (height: Int, width: Int), stride: (height: Int, width: Int), padding: (height: Int, width: Int)
    ) -> Bool {
        kernel == (3, 3) && stride == (1, 1) && (0...2).contains(padding.height) && (0...2).contains(padding.width)
    }

    /// The algorithm for a convolution from `channels` input channels to outputs of
    /// `height x width`: Winograd where the output cuts into its tiles (an even height, a
    /// width a multiple of 8) and there are channels enough for the products to dominate.
    static func algorithm(outputHeight height: Int, outputWidth width: Int, channels: Int) -> Algorithm {
        channels >= winogradMinimumChannels && converge_winograd_handles(Int32(height), Int32(width)) != 0
            ? .winograd : .direct
    }

    private let padding: (height: Int, width: Int)
    private let mirroredWeight = Tensor()  // C x O x 3 x 3
    private let framedOutputGradient = Tensor()  // B x O x (H_out + 2(2 - ph)) x (W_out + 2(2 - pw))
    private let sliceWeightGradients = Tensor()  // slices x O x C x 3 x 3, or slices x 16 x O x C
    private let transformedWeight = Tensor()  // 16 x O x C, or 16 x C x O for the mirrored taps
    private let transformedGradient = Tensor()  // 16 x O x C
    private let weightGradientSum = Tensor()  // O x C x 3 x 3

    init(padding: (height: Int, width: Int)) {
        self.padding = padding
    }

    /// `output` (`B x O x H_out x W_out`) from `framed` (`B x C x (H + 2ph) x (W + 2pw)`).
    func forward(framed: Tensor, weight: Tensor, bias: Tensor?, into output: Tensor) {
        convolve(framed, weight: weight, bias: bias, into: output)
    }

    /// Adds the weight gradient of this batch to `weightGradient`.
    func accumulateWeightGradient(framed: Tensor, outputGradient: Tensor, into weightGradient: Tensor) {
        let (batch, channels, outputs) = (framed.shape[0], framed.shape[1], outputGradient.shape[1])
        let (framedHeight, framedWidth) = (Int32(framed.shape[2]), Int32(framed.shape[3]))
        let algorithm = Self.algorithm(
            outputHeight: outputGradient.shape[2], outputWidth: outputGradient.shape[3], channels: channels)
        MultiplyAddCounter.add(outputGradient.count * channels * algorithm.multiplyAddsPerOutput)
        let size = algorithm == .winograd ? 16 * outputs * channels : weightGradient.count
        let slices = min(batch, Self.weightGradientSlices)
        sliceWeightGradients.reshape([slices, size])
        let (x, dy, partial) = (framed.baseAddress, outputGradient.baseAddress, sliceWeightGradients.baseAddress)
        let (imageSize, gradientSize) = (framed.count / batch, outputGradient.count / batch)
        let work = outputGradient.count / slices * channels * 9
        ParallelWork.forEachRange(slices, workPerItem: work) { range in
            for slice in range {
                let images = ParallelWork.share(slice, of: slices, count: batch)
                let (sliceInput, sliceGradient) = (
                    x + images.lowerBound * imageSize, dy + images.lowerBound * gradientSize
                )
                switch algorithm {
                case .direct:
                    converge_conv3x3_weight_gradient(
                        sliceInput, Int32(images.count), Int32(channels), framedHeight, framedWidth, sliceGradient,
                        Int32(outputs), partial + slice * size)
                case .winograd:
                    converge_winograd_transformed_weight_gradient(
                        sliceInput, Int32(images.count), Int32(channels), framedHeight, framedWidth, sliceGradient,
                        Int32(outputs), partial + slice * size)
                }
            }
        }
        // The slices in order, then (for Winograd) back from the transformed space.
        let sum = algorithm == .winograd ? transformedGradient : weightGradientSum
        sum.reshape([size])
        let total = sum.baseAddress
        for index in 0..<size {
            var value = partial[index]
            for slice in 1..<slices { value += partial[slice * size + index] }
            total[index] = value
        }
        if algorithm == .winograd {
            weightGradientSum.reshape(like: weightGradient)
            converge_winograd_untransform_weight_gradient(
                total, Int32(outputs), Int32(channels), weightGradientSum.baseAddress)
        }
        let (gradient, computed) = (weightGradient.baseAddress, weightGradientSum.baseAddress)
        for index in 0..<weightGradient.count { gradient[index] += computed[index] }
    }

    /// `inputGradient` (`B x C x H x W`) from the output gradient, through the mirrored taps.
    func inputGradient(outputGradient: Tensor, weight: Tensor, into inputGradient: Tensor) {
        let (batch, outputs, outHeight, outWidth) = (
            outputGradient.shape[0], outputGradient.shape[1], outputGradient.shape[2], outputGradient.shape[3]
        )
        mirror(weight)
        ZeroFrame.frame(
            outputGradient.baseAddress, batch: batch, channels: outputs, height: outHeight, width: outWidth,
            border: (2 - padding.height, 2 - padding.width), into: framedOutputGradient)
        convolve(framedOutputGradient, weight: mirroredWeight, bias: nil, into: inputGradient)
    }

    /// `W′[c][o][u][v] = W[o][c][2 - u][2 - v]`.
    private func mirror(_ weight: Tensor) {
        let (outputs, channels) = (weight.shape[0], weight.shape[1])
        mirroredWeight.reshape([channels, outputs, 3, 3])
        let (source, mirrored) = (weight.baseAddress, mirroredWeight.baseAddress)
        for o in 0..<outputs {
            for c in 0..<channels {
                let (taps, destination) = (source + (o * channels + c) * 9, mirrored + (c * outputs + o) * 9)
                for tap in 0..<9 { destination[tap] = taps[8 - tap] }
            }
        }
    }

    /// The forward loop over the batch (`weight` is `O x C x 3 x 3`, `output` `B x O x H x W`),
    /// the images split between the threads.
    private func convolve(_ framed: Tensor, weight: Tensor, bias: Tensor?, into output: Tensor) {
        let (images, channels, framedHeight, framedWidth) = (
            framed.shape[0], framed.shape[1], framed.shape[2], framed.shape[3]
        )
        let outputs = weight.shape[0]
        let (height, width) = (framedHeight - 2, framedWidth - 2)
        let algorithm = Self.algorithm(outputHeight: height, outputWidth: width, channels: channels)
        var taps = weight.baseAddress
        if algorithm == .winograd {
            transformedWeight.reshape([16, outputs, channels])
            converge_winograd_transform_weight(
                weight.baseAddress, Int32(outputs), Int32(channels), transformedWeight.baseAddress)
            taps = transformedWeight.baseAddress
        }
        MultiplyAddCounter.add(output.count * channels * algorithm.multiplyAddsPerOutput)
        let (input, shift, result) = (framed.baseAddress, bias?.baseAddress, output.baseAddress)
        let imageSize = channels * framedHeight * framedWidth
        let outputSize = outputs * height * width
        ParallelWork.forEachRange(images, workPerItem: outputSize * channels * 9) { range in
            let (first, count) = (range.lowerBound, Int32(range.count))
            switch algorithm {
            case .direct:
                converge_conv3x3_forward(
                    input + first * imageSize, count, Int32(channels), Int32(framedHeight), Int32(framedWidth), taps,
                    shift, Int32(outputs), result + first * outputSize)
            case .winograd:
                converge_winograd_forward(
                    input + first * imageSize, count, Int32(channels), Int32(framedHeight), Int32(framedWidth), taps,
                    shift, Int32(outputs), result + first * outputSize)
            }
        }
    }
}
