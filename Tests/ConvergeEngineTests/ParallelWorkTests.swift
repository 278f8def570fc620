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
