import ConvergeTestSupport
import XCTest

@testable import ConvergeEngine

/// The loops around the matrix products split over the BLAS threads. The gradient checks use
/// inputs too small to be split, so these use batches large enough to be, at two threads, and
/// compare with a plain convolution written out in full.
final class ParallelWorkTests: XCTestCase {
    override func tearDown() {
        BLAS.setThreadCount(1)
    }

    func testEveryItemIsVisitedOnceWhateverTheSplit() {
        BLAS.setThreadCount(2)
        for count in [1, 2, 3, 7, 64, 1001] {
            var visits = [Int](repeating: 0, count: count)
            visits.withUnsafeMutableBufferPointer { visits in
                let visits = visits.baseAddress!
                ParallelWork.forEachRange(count, workPerItem: 1 << 15) { range in
                    for item in range { visits[item] += 1 }
                }
            }
            XCTAssertEqual(visits, [Int](repeating: 1, count: count), "\(count) items")
        }
    }

    func testSplitConvolutionMatchesAPlainOne() {
        BLAS.setThreadCount(2)
        for (stride, padding, size) in [(1, 1, 16), (2, 1, 17), (1, 0, 12)] {
            let input = Tensor.random(shape: [32, 4, size, size], seed: 5)
            let layer = Conv2d(
                weight: Tensor.random(shape: [8, 4, 3, 3], seed: 6), bias: Tensor.random(shape: [8], seed: 7),
                stride: (stride, stride), padding: (padding, padding))
            let output = layer.forward(input).copy()
            let upstream = Tensor.random(shape: output.shape, seed: 8)
            let inputGradient = layer.backward(upstream).copy()
            let expected = PlainConvolution(
                input: input, weight: layer.weight.value, bias: layer.bias!.value, stride: stride, padding: padding,
                upstream: upstream)
            let setting = "stride \(stride), padding \(padding)"
            assertClose(output.doubles, expected.output, rtol: 1e-4, atol: 1e-4, "output, \(setting)")
            assertClose(inputGradient.doubles, expected.inputGradient, rtol: 1e-4, atol: 1e-4, "dx, \(setting)")
            assertClose(
                layer.weight.gradient.doubles, expected.weightGradient, rtol: 1e-4, atol: 1e-3, "dW, \(setting)")
            assertClose(layer.bias!.gradient.doubles, expected.biasGradient, rtol: 1e-4, atol: 1e-3, "db, \(setting)")
        }
    }

    func testSplitMaxPoolingMatchesOneThread() {
        let input = Tensor.random(shape: [32, 8, 16, 16], seed: 9)
        let upstream = Tensor.random(shape: [32, 8, 8, 8], seed: 10)
        func pool(threads: Int) -> (output: [Float], gradient: [Float]) {
            BLAS.setThreadCount(threads)
            let layer = Pool2d(.maximum, kernel: (2, 2), stride: (2, 2))
            let output = layer.forward(input).scalars
            return (output, layer.backward(upstream).scalars)
        }
        let (one, two) = (pool(threads: 1), pool(threads: 2))
        XCTAssertEqual(one.output, two.output)
        XCTAssertEqual(one.gradient, two.gradient)
    }
}

/// A convolution and its gradients as sums over every index, in doubles: slow and obvious.
private struct PlainConvolution {
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
