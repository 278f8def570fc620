import CDirectConvolution
import ConvergeTestSupport
import XCTest

@testable import ConvergeEngine

/// The 3x3, stride-1 convolutions computed without im2col (`DirectConvolution`): their sums
/// against a convolution written out in doubles, at shapes that leave ragged tiles, and their
/// promise of the same bits from the vector and the portable code and at one and two threads.
final class DirectConvolutionTests: XCTestCase {
    override func tearDown() {
        converge_conv3x3_use_portable_code(0)
        BLAS.setThreadCount(1)
    }

    /// What one forward and backward pass of a layer gives, as exact values.
    private struct Pass: Equatable {
        var output: [Float], inputGradient: [Float], weightGradient: [Float], biasGradient: [Float]
    }

    private func pass(_ layer: Conv2d, _ input: Tensor, upstream: Tensor) -> Pass {
        for parameter in layer.parameters { parameter.gradient.fill(0) }
        let output = layer.forward(input).scalars
        let inputGradient = layer.backward(upstream).scalars
        return Pass(
            output: output, inputGradient: inputGradient, weightGradient: layer.weight.gradient.scalars,
            biasGradient: layer.bias!.gradient.scalars)
    }

    private func layer(inputs: Int, outputs: Int, padding: Int) -> Conv2d {
        Conv2d(
            weight: Tensor.random(shape: [outputs, inputs, 3, 3], seed: 21),
            bias: Tensor.random(shape: [outputs], seed: 22),
            padding: (padding, padding))
    }

    func testOnlyThreeByThreeStrideOneConvolutionsRunDirectly() {
        XCTAssertTrue(DirectConvolution.handles(kernel: (3, 3), stride: (1, 1), padding: (1, 1)))
        XCTAssertTrue(DirectConvolution.handles(kernel: (3, 3), stride: (1, 1), padding: (0, 2)))
        XCTAssertFalse(DirectConvolution.handles(kernel: (3, 3), stride: (2, 2), padding: (1, 1)))
        XCTAssertFalse(DirectConvolution.handles(kernel: (1, 1), stride: (1, 1), padding: (0, 0)))
        XCTAssertFalse(DirectConvolution.handles(kernel: (3, 3), stride: (1, 1), padding: (3, 3)))
    }

    /// Widths of 5, 8 and 13 columns (a ragged vector and a whole one), 5 and 7 output channels
    /// (tiles of three with one or two left over), paddings 0, 1 and 2.
    func testMatchesAPlainConvolutionAtRaggedShapes() {
        for (size, outputs, padding) in [(5, 5, 1), (8, 7, 0), (13, 5, 2), (8, 6, 1)] {
            let input = Tensor.random(shape: [3, 4, size, size + 2], seed: 23)
            let convolution = layer(inputs: 4, outputs: outputs, padding: padding)
            let probe = convolution.forward(input)
            let upstream = Tensor.random(shape: probe.shape, seed: 24)
            let result = pass(convolution, input, upstream: upstream)
            let expected = PlainConvolution(
                input: input, weight: convolution.weight.value, bias: convolution.bias!.value, stride: 1,
                padding: padding, upstream: upstream)
            let setting = "\(size)x\(size + 2), \(outputs) outputs, padding \(padding)"
            assertClose(result.output.map(Double.init), expected.output, rtol: 1e-4, atol: 1e-5, "output, \(setting)")
            assertClose(
                result.inputGradient.map(Double.init), expected.inputGradient, rtol: 1e-4, atol: 1e-5, "dx, \(setting)")
            assertClose(
                result.weightGradient.map(Double.init), expected.weightGradient, rtol: 1e-4, atol: 1e-4,
                "dW, \(setting)")
            assertClose(
                result.biasGradient.map(Double.init), expected.biasGradient, rtol: 1e-4, atol: 1e-4, "db, \(setting)")
        }
    }

    /// A machine without AVX2 runs the portable code: a recorded session must replay there.
    func testVectorAndPortableCodeGiveTheSameBits() {
        for (size, padding) in [(8, 1), (13, 2), (16, 0)] {
            let input = Tensor.random(shape: [5, 3, size, size], seed: 25)
            let convolution = layer(inputs: 3, outputs: 7, padding: padding)
            let upstream = Tensor.random(shape: convolution.forward(input).shape, seed: 26)
            converge_conv3x3_use_portable_code(1)
            let portable = pass(convolution, input, upstream: upstream)
            converge_conv3x3_use_portable_code(0)
            let vector = pass(convolution, input, upstream: upstream)
            XCTAssertEqual(portable, vector, "\(size)x\(size), padding \(padding)")
        }
    }

    /// Images are split between the threads, and the weight gradient always sums the same
    /// slices of the batch in the same order.
    func testTheSameBitsAtOneAndTwoThreads() {
        let input = Tensor.random(shape: [33, 4, 8, 8], seed: 27)
        let convolution = layer(inputs: 4, outputs: 16, padding: 1)
        let upstream = Tensor.random(shape: [33, 16, 8, 8], seed: 28)
        BLAS.setThreadCount(1)
        let one = pass(convolution, input, upstream: upstream)
        BLAS.setThreadCount(2)
        let two = pass(convolution, input, upstream: upstream)
        XCTAssertEqual(one, two)
    }
}
