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
    private var winners: [Int32] = []
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
            winners = [Int32](repeating: 0, count: output.count)
        }
        let (kh, kw, sh, sw) = (kernel.height, kernel.width, stride.height, stride.width)
        let (x, y) = (input.baseAddress, output.baseAddress)
        let (inputPlane, outputPlane) = (height * width, outHeight * outWidth)
        let reduction = reduction
        let area = Float(kh * kw)
        winners.withUnsafeMutableBufferPointer { winners in
            let winners = winners.baseAddress
            ParallelWork.forEachRange(planes, workPerItem: outputPlane * kh * kw) { planes in
                for plane in planes {
                    if reduction == .maximum && kh == 2 && kw == 2 && sh == 2 && sw == 2 {
                        maximumOfPairs(
                            x + plane * inputPlane, width: width, into: y + plane * outputPlane,
                            winners: winners! + plane * outputPlane, firstIndex: plane * inputPlane,
                            outHeight: outHeight, outWidth: outWidth)
                        continue
                    }
                    for i in 0..<outHeight {
                        for j in 0..<outWidth {
                            let out = plane * outputPlane + i * outWidth + j
                            let corner = plane * inputPlane + i * sh * width + j * sw
                            switch reduction {
                            case .maximum:
                                // Strictly greater: among equal maxima the first in row-major order wins.
                                var bestIndex = corner
                                var best = x[corner]
                                for u in 0..<kh {
                                    let row = corner + u * width
                                    for v in 0..<kw where x[row + v] > best {
                                        best = x[row + v]
                                        bestIndex = row + v
                                    }
                                }
                                y[out] = best
                                winners?[out] = Int32(bestIndex)
                            case .average:
                                var sum: Float = 0
                                for u in 0..<kh {
                                    for v in 0..<kw { sum += x[corner + u * width + v] }
                                }
                                y[out] = sum / area
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// The common 2x2, stride-2 max pool of one plane, written out: the four candidates in
    /// row-major order, each replacing the best only when strictly greater, as the general
    /// loop does. Four windows at a time go through vector lanes, so no branch depends on the
    /// data (a branch per candidate was mispredicted about half the time).
    private func maximumOfPairs(
        _ x: UnsafePointer<Float>, width: Int, into y: UnsafeMutablePointer<Float>,
        winners: UnsafeMutablePointer<Int32>, firstIndex: Int, outHeight: Int, outWidth: Int
    ) {
        let wholeQuads = outWidth - outWidth % 4
        let columnPairs = SIMD4<Int32>(0, 2, 4, 6)
        for i in 0..<outHeight {
            let top = x + 2 * i * width
            let bottom = top + width
            let rowIndex = Int32(truncatingIfNeeded: firstIndex + 2 * i * width)
            let below = Int32(truncatingIfNeeded: width)
            for j in Swift.stride(from: 0, to: wholeQuads, by: 4) {
                let upper = UnsafeRawPointer(top + 2 * j).loadUnaligned(as: SIMD8<Float>.self)
                let lower = UnsafeRawPointer(bottom + 2 * j).loadUnaligned(as: SIMD8<Float>.self)
                let left = columnPairs &+ Int32(truncatingIfNeeded: 2 * j)
                var best = upper.evenHalf
                var offset = left
                func challenge(_ candidate: SIMD4<Float>, at place: SIMD4<Int32>) {
                    let greater = candidate .> best
                    best.replace(with: candidate, where: greater)
                    offset.replace(with: place, where: greater)
                }
                challenge(upper.oddHalf, at: left &+ 1)
                challenge(lower.evenHalf, at: left &+ below)
                challenge(lower.oddHalf, at: left &+ below &+ 1)
                UnsafeMutableRawPointer(y + i * outWidth + j).storeBytes(of: best, as: SIMD4<Float>.self)
                UnsafeMutableRawPointer(winners + i * outWidth + j).storeBytes(
                    of: offset &+ rowIndex, as: SIMD4<Int32>.self)
            }
            for j in wholeQuads..<outWidth {
                var best = top[2 &* j]
                var offset = 2 &* j
                if top[2 &* j &+ 1] > best { (best, offset) = (top[2 &* j &+ 1], 2 &* j &+ 1) }
                if bottom[2 &* j] > best { (best, offset) = (bottom[2 &* j], width &+ 2 &* j) }
                if bottom[2 &* j &+ 1] > best { (best, offset) = (bottom[2 &* j &+ 1], width &+ 2 &* j &+ 1) }
                y[i &* outWidth &+ j] = best
                winners[i &* outWidth &+ j] = rowIndex &+ Int32(truncatingIfNeeded: offset)
            }
        }
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (planes, height, width) = (inputShape[0] * inputShape[1], inputShape[2], inputShape[3])
        let (outHeight, outWidth) = outputSize(height: height, width: width)
        let (kh, kw, sh, sw) = (kernel.height, kernel.width, stride.height, stride.width)
        inputGradient.reshape(inputShape)
        inputGradient.fill(0)
        let dx = inputGradient.baseAddress
        let dy = outputGradient.baseAddress
        if reduction == .maximum {
            let outputPlane = outHeight * outWidth
            winners.withUnsafeBufferPointer { winners in
                let winners = winners.baseAddress!
                // A plane's winners lie in its own input plane, so planes can run apart.
                ParallelWork.forEachRange(planes, workPerItem: outputPlane) { planes in
                    for out in planes.lowerBound * outputPlane..<planes.upperBound * outputPlane {
                        dx[Int(winners[out])] += dy[out]
                    }
                }
            }
            return inputGradient
        }
        let share = 1 / Float(kh * kw)
        for plane in 0..<planes {
            for i in 0..<outHeight {
                for j in 0..<outWidth {
                    let out = (plane * outHeight + i) * outWidth + j
                    let corner = (plane * height + i * sh) * width + j * sw
                    for u in 0..<kh {
                        for v in 0..<kw { dx[corner + u * width + v] += dy[out] * share }
                    }
                }
            }
        }
        return inputGradient
    }
}
