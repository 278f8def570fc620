import ConvergeEngine
import ConvergeTestSupport
import XCTest

final class LayerBehaviourTests: XCTestCase {
    func testDropoutTrainsRandomlyAndEvaluatesDeterministically() {
        let dropout = Dropout(probability: 0.5, generator: RandomGenerator(seed: 4))
        let input = Tensor(shape: [50, 40], repeating: 1)
        let first = dropout.forward(input).copy()
        let second = dropout.forward(input).copy()
        XCTAssertNotEqual(first.scalars, second.scalars, "each training pass draws a new mask")
        XCTAssertTrue(first.scalars.allSatisfy { $0 == 0 || $0 == 2 }, "survivors are scaled by 1 / (1 − p)")
        XCTAssertEqual(first.fraction { $0 == 0 }, 0.5, accuracy: 0.03)
        dropout.setMode(.evaluation)
        XCTAssertEqual(dropout.forward(input).scalars, input.scalars)
    }

    func testBatchNormRunningStatisticsFollowPyTorch() {
        let norm = BatchNorm1d(featureCount: 1, momentum: 0.1)
        let batch = Tensor(shape: [4, 1], scalars: [1, 2, 3, 6])
        let output = norm.forward(batch)
        // mean 3, biased variance 3.5, unbiased 14/3.
        XCTAssertEqual(output.mean, 0, accuracy: 1e-6)
        XCTAssertEqual(norm.runningMean[0], 0.3, accuracy: 1e-6)
        XCTAssertEqual(norm.runningVariance[0], 0.9 + 0.1 * 14 / 3, accuracy: 1e-6)
        XCTAssertEqual(output[3], 3 / Float(3.5 + 1e-5).squareRoot(), accuracy: 1e-5)
        norm.setMode(.evaluation)
        let single = norm.forward(Tensor(shape: [1, 1], scalars: [6]))
        XCTAssertEqual(single[0], (6 - 0.3) / (norm.runningVariance[0] + 1e-5).squareRoot(), accuracy: 1e-5)
    }

    func testSequentialKeysAndModes() {
        var generator = RandomGenerator(seed: 1)
        let dropout = Dropout(probability: 0.2, generator: generator.split())
        let model = Sequential([
            Linear(inputSize: 3, outputSize: 4, generator: &generator), ReLU(), dropout,
            Linear(inputSize: 4, outputSize: 2, hasBias: false, generator: &generator),
        ])
        XCTAssertEqual(model.namedParameters.map(\.key), ["layers.0.weight", "layers.0.bias", "layers.3.weight"])
        XCTAssertEqual(model.parameterCount, 12 + 4 + 8)
        XCTAssertNotNil(model.parameter("layers.3.weight"))
        model.setMode(.evaluation)
        XCTAssertEqual(dropout.mode, .evaluation)
    }

    func testLinearActsOnTheLastDimensionOfASequence() {
        let layer = Linear(weight: Tensor(shape: [1, 2], scalars: [1, 10]), bias: Tensor(shape: [1], scalars: [0.5]))
        let output = layer.forward(Tensor(shape: [2, 3, 2], scalars: [1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2]))
        XCTAssertEqual(output.shape, [2, 3, 1])
        XCTAssertEqual(output.scalars, [1.5, 10.5, 11.5, 2.5, 20.5, 22.5])
    }

    func testTensorReshapeReusesStorage() {
        let tensor = Tensor(shape: [8, 4])
        let address = tensor.baseAddress
        tensor.reshape(rows: 5, columns: 4)
        XCTAssertEqual(tensor.baseAddress, address, "a smaller shape keeps the buffer")
        XCTAssertEqual(tensor.count, 20)
        tensor.reshape([8, 4])
        XCTAssertEqual(tensor.baseAddress, address)
        tensor.reshape([16, 4])
        XCTAssertEqual(tensor.count, 64)
    }
}
