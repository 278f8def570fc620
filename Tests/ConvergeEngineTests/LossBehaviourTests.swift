import ConvergeEngine
import ConvergeTestSupport
import XCTest

final class LossBehaviourTests: XCTestCase {
    func testCrossEntropyIsStableForHugeLogits() {
        let logits = Tensor(shape: [2, 3], scalars: [1000, -1000, 0, -1000, 1000, 999])
        let loss = CrossEntropy()
        let value = loss.forward(logits, targets: Tensor(shape: [2], scalars: [1, 2]))
        // Row 1: logsumexp = 1000, target −1000 → 2000. Row 2: logsumexp = 1000 + log(1 + e^−1) → 1 + log(1 + e^−1).
        XCTAssertEqual(value, (2000 + 1 + log(1 + exp(-1))) / 2, accuracy: 1e-3)
        XCTAssertTrue(loss.backward().isFinite)
    }

    func testCrossEntropyAtUniformLogitsIsLogOfClassCount() {
        let loss = CrossEntropy()
        XCTAssertEqual(
            loss.forward(Tensor(shape: [4, 10]), targets: Tensor(shape: [4], scalars: [0, 3, 9, 5])), log(10),
            accuracy: 1e-6)
    }

    func testNaiveLogSoftmaxReallyUnderflows() {
        let logits = Tensor(shape: [1, 3], scalars: [200, 0, 1])
        let naive = NaiveLogSoftmaxCrossEntropy()
        let value = naive.forward(logits, targets: Tensor(shape: [1], scalars: [1]))
        XCTAssertEqual(value, .infinity, "log(0) must be infinite, as in PyTorch")
        let gradient = naive.backward()
        XCTAssertTrue(gradient.scalars.contains { $0.isNaN }, "the gradient goes through 1/p: NaN")
        // The stable loss on the same logits is finite.
        let stable = CrossEntropy()
        XCTAssertEqual(stable.forward(logits, targets: Tensor(shape: [1], scalars: [1])), 200, accuracy: 1e-3)
        XCTAssertTrue(stable.backward().isFinite)
    }

    func testNaiveAndStableAgreeForModerateLogits() {
        let logits = Tensor.random(shape: [5, 4], seed: 3)
        let targets = Tensor(shape: [5], scalars: [0, 1, 2, 3, 0])
        XCTAssertEqual(
            NaiveLogSoftmaxCrossEntropy().forward(logits, targets: targets),
            CrossEntropy().forward(logits, targets: targets), accuracy: 1e-5)
    }

    func testMSEAndBCEValues() {
        let output = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(
            MeanSquaredError().forward(output, targets: Tensor(shape: [2, 2], scalars: [0, 2, 3, 2])), 5.0 / 4)
        let bce = BinaryCrossEntropyWithLogits()
        XCTAssertEqual(
            bce.forward(Tensor(shape: [1, 1], scalars: [0]), targets: Tensor(shape: [1, 1], scalars: [1])), log(2),
            accuracy: 1e-6)
        XCTAssertEqual(
            bce.forward(Tensor(shape: [1, 1], scalars: [-500]), targets: Tensor(shape: [1, 1], scalars: [1])), 500,
            accuracy: 1e-3)
    }
}
