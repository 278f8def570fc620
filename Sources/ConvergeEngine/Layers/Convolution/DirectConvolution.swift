import CDirectConvolution

/// The forward and backward passes of a 3x3, stride-1 `Conv2d`, computed straight from the
/// framed images by the loops in `Sources/CDirectConvolution` instead of im2col and BLAS.
///
/// On the small images of the scenarios the unrolled columns, and the copies BLAS makes of
/// them, cost more than the multiplications: a direct loop keeps one image and a tile of
/// outputs in cache and registers. Nearly every convolution here is 3x3 with stride 1.
///
/// - Forward: `Y = conv(P, W) + b`, P being the input inside its zero frame.
/// - Input gradient: the same loop run backwards, `dX = conv(dY framed by 2 - p, W′)` with
///   `W′[c][o][u][v] = W[o][c][2 - u][2 - v]`: each input pixel collects the output
///   gradients of the windows it sat in, through the mirrored taps.
/// - Weight gradient: `dW[o][c][u][v] = Σ_b,i,j dY[b][o][i][j] · P[b][c][i + u][j + v]`.
///
/// Every result is the same bits at one thread and at two: images are split between threads
/// only where each image writes its own output, and the weight gradient is always summed over
/// the same `weightGradientSlices` of the batch, in order, whichever thread computed them.
final class DirectConvolution {
    /// The batch's slices for the weight gradient (see the type's comment).
    static let weightGradientSlices = 4

    /// Whether a convolution with this kernel, stride and padding runs here.
    static func handles(
        kernel: (height: Int, width: Int), stride: (height: Int, width: Int), padding: (height: Int, width: Int)
    ) -> Bool {
        kernel == (3, 3) && stride == (1, 1) && (0...2).contains(padding.height) && (0...2).contains(padding.width)
    }

    private let padding: (height: Int, width: Int)
    private let mirroredWeight = Tensor()  // C x O x 3 x 3
    private let framedOutputGradient = Tensor()  // B x O x (H_out + 2(2 - ph)) x (W_out + 2(2 - pw))
    private let sliceWeightGradients = Tensor()  // slices x O x C x 3 x 3

    init(padding: (height: Int, width: Int)) {
        self.padding = padding
    }

    /// `output` (`B x O x H_out x W_out`) from `framed` (`B x C x (H + 2ph) x (W + 2pw)`).
    func forward(framed: Tensor, weight: Tensor, bias: Tensor?, into output: Tensor) {
        let (batch, channels, outputs) = (framed.shape[0], framed.shape[1], weight.shape[0])
        let (framedHeight, framedWidth) = (framed.shape[2], framed.shape[3])
        let work = outputs * channels * 9 * (framedHeight - 2) * (framedWidth - 2)
        Self.convolve(
            framed.baseAddress, images: batch, channels: channels, framedHeight: framedHeight,
            framedWidth: framedWidth, weight: weight.baseAddress, bias: bias?.baseAddress, outputs: outputs,
            into: output.baseAddress, workPerImage: work)
    }

    /// Adds the weight gradient of this batch to `weightGradient`.
    func accumulateWeightGradient(framed: Tensor, outputGradient: Tensor, into weightGradient: Tensor) {
        let (batch, channels, outputs) = (framed.shape[0], framed.shape[1], outputGradient.shape[1])
        let (framedHeight, framedWidth) = (Int32(framed.shape[2]), Int32(framed.shape[3]))
        let size = weightGradient.count
        let slices = min(batch, Self.weightGradientSlices)
        sliceWeightGradients.reshape([slices, size])
        let (x, dy, partial) = (framed.baseAddress, outputGradient.baseAddress, sliceWeightGradients.baseAddress)
        let (imageSize, gradientSize) = (framed.count / batch, outputGradient.count / batch)
        let work = outputGradient.count / slices * channels * 9
        ParallelWork.forEachRange(slices, workPerItem: work) { range in
            for slice in range {
                let images = ParallelWork.share(slice, of: slices, count: batch)
                converge_conv3x3_weight_gradient(
                    x + images.lowerBound * imageSize, Int32(images.count), Int32(channels), framedHeight, framedWidth,
                    dy + images.lowerBound * gradientSize, Int32(outputs), partial + slice * size)
            }
        }
        let gradient = weightGradient.baseAddress
        for index in 0..<size {
            var sum = partial[index]
            for slice in 1..<slices { sum += partial[slice * size + index] }
            gradient[index] += sum
        }
    }

    /// `inputGradient` (`B x C x H x W`) from the output gradient, through the mirrored taps.
    func inputGradient(outputGradient: Tensor, weight: Tensor, into inputGradient: Tensor) {
        let (batch, outputs, outHeight, outWidth) = (
            outputGradient.shape[0], outputGradient.shape[1], outputGradient.shape[2], outputGradient.shape[3]
        )
        let channels = weight.shape[1]
        mirror(weight)
        ZeroFrame.frame(
            outputGradient.baseAddress, batch: batch, channels: outputs, height: outHeight, width: outWidth,
            border: (2 - padding.height, 2 - padding.width), into: framedOutputGradient)
        let (framed, framedHeight, framedWidth) = (
            framedOutputGradient.baseAddress, framedOutputGradient.shape[2], framedOutputGradient.shape[3]
        )
        let work = outputs * channels * 9 * (framedHeight - 2) * (framedWidth - 2)
        Self.convolve(
            framed, images: batch, channels: outputs, framedHeight: framedHeight, framedWidth: framedWidth,
            weight: mirroredWeight.baseAddress, bias: nil, outputs: channels, into: inputGradient.baseAddress,
            workPerImage: work)
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

    /// The forward loop over the batch, the images split between the threads.
    private static func convolve(
        _ framed: UnsafePointer<Float>, images: Int, channels: Int, framedHeight: Int, framedWidth: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outputs: Int,
        into output: UnsafeMutablePointer<Float>,
        workPerImage: Int
    ) {
        let imageSize = channels * framedHeight * framedWidth
        let outputSize = outputs * (framedHeight - 2) * (framedWidth - 2)
        ParallelWork.forEachRange(images, workPerItem: workPerImage) { range in
            converge_conv3x3_forward(
                framed + range.lowerBound * imageSize, Int32(range.count), Int32(channels), Int32(framedHeight),
                Int32(framedWidth), weight, bias, Int32(outputs), output + range.lowerBound * outputSize)
        }
    }
}
