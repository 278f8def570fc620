import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// Each instrument command checked against the engine's own gradients and activations.
final class InstrumentCommandTests: XCTestCase {
    func testGradNormsMatchTheEnginesGradients() throws {
        let sigmoid = try session("vanishing-sigmoid")
        let result = sigmoid.execute("grad-norms")
        // Independent: a fresh model, one forward and backward pass on the first 256 rows.
        let setup = sigmoid.setup
        let data = PreparedData(source: try library.dataset(.file(name: "digits")), setup: setup)
        let model = ModelFactory.makeModel(setup, inputWidth: 64, classCount: 10)
        let batch = data.training.subset(Array(0..<256))
        let loss = CrossEntropy()
        _ = loss.forward(model.forward(batch.inputs), targets: batch.targets)
        model.backward(loss.backward())
        let norms = try XCTUnwrap(result.decoded(as: GradNormsCommand.Record.self)).gradNormsInit
        XCTAssertFalse(norms.isEmpty)
        for reading in norms {
            let expected = try XCTUnwrap(model.parameter(reading.parameter)).gradient.norm
            let reported = try XCTUnwrap(reading.value, "\(reading.parameter) not a number")
            XCTAssertEqual(reported, Double(expected), accuracy: Double(expected) * 1e-5 + 1e-12, reading.parameter)
        }
        XCTAssertLessThan(try XCTUnwrap(result.number("first_last_ratio")), 1e-3, "AUTOTRAINER's vanishing rule fires")
        XCTAssertTrue(result.text.contains("vanishing gradients"))
    }

    /// A Transformer's and an RNN's tables say which `layers.N` is which part of `code`'s
    /// class; an MLP's `nn.Sequential` needs no legend.
    func testTablesOfClassModelsNameTheirPartsAsCodeDoes() throws {
        let postLN = try session("postln-no-warmup")
        for command in ["grad-norms", "weights", "activations"] {
            let text = postLN.execute(command).text
            XCTAssertTrue(
                text.contains(
                    "layers.0 is embed, layers.1 is pos, layers.2-13 are blocks.layers.0-11, layers.14 is the mean over the steps, layers.15 is head"
                ),
                "\(command): \(text.suffix(300))")
            XCTAssertTrue(postLN.execute("code").text.contains("self.head = nn.Linear"))
        }
        XCTAssertTrue(
            try session("rnn-vanishing").execute("weights").text.contains(
                "layers.0 is rnn, layers.1 is the last step, layers.2 is head"))
        XCTAssertFalse(try session("dead-relu").execute("weights").text.contains("In `code`"))
    }

    /// Attention biases start at 0, so an update measured against one is no rate: they are
    /// left out like every other bias, and do not raise "updates too large" on their own.
    func testUpdateRatioReadsWeightsNotBiases() throws {
        let result = try session("postln-no-warmup").execute("update-ratio")
        XCTAssertTrue(result.text.contains("layers.2.attn.w_q"))
        XCTAssertFalse(result.text.contains("attn.b_"), result.text)
        let record = try XCTUnwrap(result.decoded(as: UpdateRatioCommand.Record.self))
        XCTAssertEqual(record.findings.first { $0.signal == .updatesTooLarge }?.abnormal, false)
        XCTAssertFalse(try session("postln-no-warmup").execute("grad-norms").text.contains("attn.b_"))
        XCTAssertEqual(
            ["weight", "bias", "bias_ih", "b_q", "w_q", "ln1"].map {
                Parameter(name: $0, value: Tensor(shape: [1])).isBias
            },
            [false, true, true, true, false, false])
    }

    /// A deep post-LN stack trains at a lower rate or with a warm-up, yet no steady rate of a
    /// short sweep moves it: the range test says it has no suggestion, not that the step size
    /// is innocent.
    func testARangeTestWithNoSuggestionDoesNotAcquitTheStepSize() throws {
        let text = try session("postln-no-warmup").execute("lr-find").text
        XCTAssertTrue(text.contains("so it suggests none"), text)
        XCTAssertFalse(text.contains("not the step size"), text)
    }

    func testActivationsSeeDeadAndSaturatedUnits() throws {
        let dead = try session("dead-relu").execute("activations")
        XCTAssertEqual(dead.number("max_dead_fraction"), 1, "a bias of −5 kills every ReLU")
        let saturated = try session("saturating-init").execute("activations")
        XCTAssertGreaterThan(try XCTUnwrap(saturated.number("max_saturated_fraction")), 0.5)
        let healthy = try session("lr-too-low").execute("activations")
        XCTAssertLessThan(try XCTUnwrap(healthy.number("max_dead_fraction")), 0.7)
    }

    func testWeightsShowBrokenSymmetry() throws {
        XCTAssertEqual(try session("zero-init").execute("weights").flag("first_layer_units_identical"), true)
        XCTAssertEqual(try session("lr-too-low").execute("weights").flag("first_layer_units_identical"), false)
    }

    func testNanCheckFindsTheFirstNonFiniteValue() throws {
        let high = try session("lr-too-high")
        let curve = high.execute("curve")
        let check = high.execute("nan-check")
        XCTAssertEqual(check.flag("non_finite"), true)
        XCTAssertEqual(check.number("step"), curve.number("non_finite_step"), "the same run, the same step")
        let naive = try session("nan-log-softmax").execute("nan-check")
        XCTAssertEqual(naive.flag("non_finite"), true)
        XCTAssertEqual(try session("lr-too-low").execute("nan-check").flag("non_finite"), false)
    }

    func testUpdateRatioAgainstTheRuleOfThumb() throws {
        func medians(_ id: String) throws -> [Double] {
            let record = try session(id).execute("update-ratio").decoded(as: UpdateRatioCommand.Record.self)
            return record?.medianRatios.compactMap(\.value) ?? []
        }
        XCTAssertTrue(try medians("lr-too-low").allSatisfy { $0 < 1e-3 }, "lr 1e-4 makes updates far below 1e-3")
        XCTAssertTrue(try medians("lr-too-high").contains { $0 > 1e-2 }, "lr 3.0 makes huge updates")
    }
}
