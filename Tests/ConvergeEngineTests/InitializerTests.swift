import ConvergeEngine
import ConvergeTestSupport
import XCTest

final class InitializerTests: XCTestCase {
    func statistics(_ initializer: Initializer, fanIn: Int = 400, fanOut: Int = 100) -> (
        mean: Float, std: Float, max: Float
    ) {
        var generator = RandomGenerator(seed: 1)
        let tensor = Tensor(shape: [fanOut, fanIn])
        initializer.fill(tensor, fanIn: fanIn, fanOut: fanOut, using: &generator)
        return (tensor.mean, tensor.standardDeviation, tensor.scalars.map(abs).max() ?? 0)
    }

    func testConstantSchemes() {
        XCTAssertEqual(statistics(.zeros).max, 0)
        let constant = statistics(.constant(0.5))
        XCTAssertEqual(constant.mean, 0.5)
        XCTAssertEqual(constant.std, 0)
    }

    func testSpreadOfEachScheme() {
        // Expected standard deviations: uniform in ±b has std b / √3.
        let fanIn: Float = 400
        let fanOut: Float = 100
        let cases: [(Initializer, Float)] = [
            (.normal(mean: 0, standardDeviation: 0.3), 0.3),
            (.uniform(low: -0.5, high: 0.5), 0.5 / Float(3).squareRoot()),
            (.xavierNormal(gain: 1), (2 / (fanIn + fanOut)).squareRoot()),
            (.xavierUniform(gain: 1), (6 / (fanIn + fanOut)).squareRoot() / Float(3).squareRoot()),
            (.kaimingNormal(gain: Activation.relu.gain()), (2 / fanIn).squareRoot()),
            (.kaimingUniform(gain: Activation.relu.gain()), (6 / fanIn).squareRoot() / Float(3).squareRoot()),
            (.pytorchDefault, 1 / fanIn.squareRoot() / Float(3).squareRoot()),
        ]
        for (initializer, expected) in cases {
            let measured = statistics(initializer)
            XCTAssertEqual(measured.std, expected, accuracy: expected * 0.03, "\(initializer)")
            XCTAssertEqual(measured.mean, 0, accuracy: expected * 0.05, "\(initializer)")
        }
        XCTAssertLessThanOrEqual(statistics(.pytorchDefault).max, 1 / fanIn.squareRoot())
    }

    func testGainsMatchPyTorch() {
        XCTAssertEqual(Activation.relu.gain(), Float(2).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(Activation.tanh.gain(), 5.0 / 3.0, accuracy: 1e-6)
        XCTAssertEqual(Activation.leakyReLU.gain(negativeSlope: 0.2), Float(2 / 1.04).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(Activation.sigmoid.gain(), 1)
    }

    func testLinearUsesItsInitializers() {
        var generator = RandomGenerator(seed: 3)
        let layer = Linear(
            inputSize: 8, outputSize: 4, weightInitializer: .constant(0.25), biasInitializer: .zeros,
            generator: &generator)
        XCTAssertEqual(layer.weight.value.scalars, [Float](repeating: 0.25, count: 32))
        XCTAssertEqual(layer.bias?.value.scalars, [Float](repeating: 0, count: 4))
    }
}
