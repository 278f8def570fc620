import CConvolution
import ConvergeTestSupport
import XCTest

@testable import ConvergeEngine

/// The 3x3, stride-1 convolutions computed without im2col (`Convolution3x3`), by the direct
/// loops and by Winograd's F(2x2, 3x3): their sums against a convolution written out in
/// doubles, at shapes that leave ragged tiles, and their promise of the same bits from the
/// vector and the portable code and at one and two threads.
final class Convolution3x3Tests: XCTestCase {
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

    /// One forward and backward pass of `convolution` on `input` against the same pass in doubles.
    private func assertMatchesPlainConvolution(
        _ convolution: Conv2d, _ input: Tensor, padding: Int, _ setting: String, line: UInt = #line
    ) {
        let upstream = Tensor.random(shape: convolution.forward(input).shape, seed: 24)
        let result = pass(convolution, input, upstream: upstream)
        let expected = PlainConvolution(
            input: input, weight: convolution.weight.value, bias: convolution.bias!.value, stride: 1,
            padding: padding, upstream: upstream)
        let parts = [
            ("output", result.output, expected.output, 1e-5),
            ("dx", result.inputGradient, expected.inputGradient, 1e-5),
            ("dW", result.weightGradient, expected.weightGradient, 1e-4),
            ("db", result.biasGradient, expected.biasGradient, 1e-4),
        ]
        for (name, got, want, atol) in parts {
            assertClose(got.map(Double.init), want, rtol: 1e-4, atol: atol, "\(name), \(setting)", line: line)
        }
    }

    func testOnlyThreeByThreeStrideOneConvolutionsRunDirectly() {
        XCTAssertTrue(Convolution3x3.handles(kernel: (3, 3), stride: (1, 1), padding: (1, 1)))
        XCTAssertTrue(Convolution3x3.handles(kernel: (3, 3), stride: (1, 1), padding: (0, 2)))
        XCTAssertFalse(Convolution3x3.handles(kernel: (3, 3), stride: (2, 2), padding: (1, 1)))
        XCTAssertFalse(Convolution3x3.handles(kernel: (1, 1), stride: (1, 1), padding: (0, 0)))
        XCTAssertFalse(Convolution3x3.handles(kernel: (3, 3), stride: (1, 1), padding: (3, 3)))
    }

    /// Winograd takes a pass whose output cuts into 2x2 tiles four to a row, with channels
    /// enough; the direct loops take the rest.
    func testWinogradTakesTiledOutputsWithChannelsEnough() {
        XCTAssertEqual(Convolution3x3.algorithm(outputHeight: 8, outputWidth: 8, channels: 16), .winograd)
        XCTAssertEqual(Convolution3x3.algorithm(outputHeight: 6, outputWidth: 16, channels: 8), .winograd)
        XCTAssertEqual(Convolution3x3.algorithm(outputHeight: 8, outputWidth: 8, channels: 7), .direct)
        XCTAssertEqual(Convolution3x3.algorithm(outputHeight: 7, outputWidth: 8, channels: 16), .direct)
        XCTAssertEqual(Convolution3x3.algorithm(outputHeight: 8, outputWidth: 12, channels: 16), .direct)
        XCTAssertEqual(Convolution3x3.algorithm(outputHeight: 6, outputWidth: 6, channels: 32), .direct)
    }

    /// Winograd's passes at shapes that leave ragged ends: outputs of 8x8, 6x8 (twelve tiles an
    /// image, so blocks of 60 tiles that end inside a vector), 8x16 and 6x16; 5 and 7 output
    /// channels (tiles of four and three with some left over); paddings 0, 1 and 2; and a batch
    /// that leaves a short last block. The input gradient is Winograd's too where it has 8 or
    /// more channels to read.
    func testWinogradMatchesAPlainConvolution() {
        let shapes = [
            (height: 8, width: 8, channels: 9, outputs: 7, padding: 1, batch: 5),
            (height: 8, width: 10, channels: 8, outputs: 5, padding: 0, batch: 7),
            (height: 6, width: 14, channels: 10, outputs: 8, padding: 2, batch: 3),
            (height: 6, width: 16, channels: 12, outputs: 11, padding: 1, batch: 2),
        ]
        for shape in shapes {
            let input = Tensor.random(shape: [shape.batch, shape.channels, shape.height, shape.width], seed: 31)
            let convolution = layer(inputs: shape.channels, outputs: shape.outputs, padding: shape.padding)
            let probe = convolution.forward(input)
            XCTAssertEqual(
                Convolution3x3.algorithm(
                    outputHeight: probe.shape[2], outputWidth: probe.shape[3], channels: shape.channels),
                .winograd)
            assertMatchesPlainConvolution(convolution, input, padding: shape.padding, "\(shape)")
        }
    }

    /// Widths of 5, 8 and 13 columns (a ragged vector and a whole one), 5 and 7 output channels
    /// (tiles of three with one or two left over), paddings 0, 1 and 2.
    func testMatchesAPlainConvolutionAtRaggedShapes() {
        for (size, outputs, padding) in [(5, 5, 1), (8, 7, 0), (13, 5, 2), (8, 6, 1)] {
            let input = Tensor.random(shape: [3, 4, size, size + 2], seed: 23)
            let convolution = layer(inputs: 4, outputs: outputs, padding: padding)
            assertMatchesPlainConvolution(
                convolution, input, padding: padding, "\(size)x\(size + 2), \(outputs) outputs, padding \(padding)")
        }
    }

    /// A machine without AVX2 runs the portable code: a recorded session must replay there.
    func testVectorAndPortableCodeGiveTheSameBits() {
        // Three input channels run the direct loops; twelve run Winograd's forward pass and
        // weight gradient, and seven output channels its input gradient.
        for (size, padding, channels) in [(8, 1, 3), (13, 2, 3), (16, 0, 3), (8, 1, 12), (14, 2, 12), (8, 0, 12)] {
            let input = Tensor.random(shape: [5, channels, size, size], seed: 25)
            let convolution = layer(inputs: channels, outputs: 7, padding: padding)
            let upstream = Tensor.random(shape: convolution.forward(input).shape, seed: 26)
            converge_conv3x3_use_portable_code(1)
            let portable = pass(convolution, input, upstream: upstream)
            converge_conv3x3_use_portable_code(0)
            let vector = pass(convolution, input, upstream: upstream)
            XCTAssertEqual(portable, vector, "\(size)x\(size), padding \(padding), \(channels) channels")
        }
    }

    /// Images are split between the threads, and the weight gradient always sums the same
    /// slices of the batch in the same order.
    func testTheSameBitsAtOneAndTwoThreads() {
        // Four input channels run the direct loops, sixteen Winograd's.
        for channels in [4, 16] {
            let input = Tensor.random(shape: [33, channels, 8, 8], seed: 27)
            let convolution = layer(inputs: channels, outputs: 16, padding: 1)
            let upstream = Tensor.random(shape: [33, 16, 8, 8], seed: 28)
            BLAS.setThreadCount(1)
            let one = pass(convolution, input, upstream: upstream)
            BLAS.setThreadCount(2)
            let two = pass(convolution, input, upstream: upstream)
            XCTAssertEqual(one, two, "\(channels) input channels")
        }
    }
}
