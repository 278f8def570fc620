import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// Each sanity command checked against a computation of its own.
final class SanityCommandTests: XCTestCase {
    func testInitLossAgainstAHandComputationAndLnC() throws {
        // With every weight zero, the logits are the output bias in every row, so the loss is
        // logsumexp(b) − b[y] averaged over the labels: computable without the engine's model.
        let zero = try session("zero-init")
        let result = zero.execute("init-loss")
        XCTAssertEqual(try XCTUnwrap(result.number("expected_loss")), log(10), accuracy: 1e-6)
        let setup = zero.setup
        let data = PreparedData(source: try library.dataset(.file(name: "digits")), setup: setup)
        let model = ModelFactory.makeModel(setup, inputWidth: 64, classCount: 10)
        let bias = try XCTUnwrap((model.layers.last as? Linear)?.bias?.value.scalars.map(Double.init))
        let logSumExp = log(bias.map(exp).reduce(0, +))
        var total = 0.0
        for row in 0..<data.training.count { total += logSumExp - bias[Int(data.training.targets[row])] }
        XCTAssertEqual(try XCTUnwrap(result.number("init_loss")), total / Double(data.training.count), accuracy: 1e-4)

        let raw = try session("unnormalized-inputs").execute("init-loss")
        XCTAssertGreaterThan(try XCTUnwrap(raw.number("ratio")), 5, "raw wine features give a huge initial loss")
        XCTAssertTrue(raw.text.contains("far above ln C"))
    }

    func testOverfitBatchSeparatesAWorkingPipelineFromABrokenOne() throws {
        let shuffled = try session("shuffled-labels").execute("overfit-batch")
        XCTAssertEqual(shuffled.flag("memorised"), true, "random labels can still be memorised")
        XCTAssertLessThan(try XCTUnwrap(shuffled.number("final_loss")), 0.1)
        let dead = try session("dead-relu").execute("overfit-batch 200")
        XCTAssertEqual(dead.flag("memorised"), false, "dead ReLUs cannot fit even one batch")
        XCTAssertEqual(dead.number("steps"), 200)
        XCTAssertTrue(try session("dead-relu").execute("overfit-batch lots").isError)
    }

    func testEvalShowsDropoutLeftOnAndItsCure() throws {
        let dropout = try session("dropout-at-eval")
        let before = dropout.execute("eval")
        XCTAssertGreaterThan(try XCTUnwrap(before.number("eval_disagreement")), 0.01)
        dropout.execute("set eval-mode eval")
        dropout.execute("run")
        let after = dropout.execute("eval")
        XCTAssertEqual(after.number("eval_disagreement"), 0)
        XCTAssertEqual(after.number("batch_disagreement"), 0)

        let batchNorm = try session("batchnorm-eval").execute("eval")
        XCTAssertGreaterThan(try XCTUnwrap(batchNorm.number("batch_disagreement")), 0.3)
        XCTAssertGreaterThan(
            try XCTUnwrap(batchNorm.number("eval_mode_accuracy")), try XCTUnwrap(batchNorm.number("accuracy_first")))
    }

    func testPredictAgainstTheScenarioReport() throws {
        let mismatch = try session("val-preprocessing-mismatch")
        let result = mismatch.execute("predict")
        XCTAssertGreaterThan(
            try XCTUnwrap(result.number("largest_class_share")), 0.9, "raw validation rows all get one class")
        // The accuracy predict reports is the accuracy the run measured.
        let report = TrainingRun(
            setup: mismatch.setup,
            data: PreparedData(source: try library.dataset(.file(name: "breast_cancer")), setup: mismatch.setup)
        ).execute()
        XCTAssertEqual(
            try XCTUnwrap(result.number("val_accuracy")), Double(try XCTUnwrap(report.validationAccuracy)),
            accuracy: 1e-6)
    }

    func testEvalAndPredictOnADivergedRunExplainInsteadOfCrashing() throws {
        let high = try session("lr-too-high")
        XCTAssertEqual(high.execute("eval").flag("diverged"), true)
        XCTAssertEqual(high.execute("predict").flag("diverged"), true)
    }
}
