import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// Instruments say only what is true.
final class HonestInstrumentTests: XCTestCase {
    /// `filters` draws every first-layer filter, and calls them identical only when they are.
    func testFiltersShowTheFirstConvolution() throws {
        let cnn = try session("pixel-scale")
        let result = cnn.execute("filters")
        XCTAssertTrue(result.text.contains("16 filters of 3x3"), result.text)
        let record = try XCTUnwrap(result.decoded(as: FiltersCommand.Record.self))
        XCTAssertEqual(record.identical, false)
        XCTAssertEqual(record.findings.first?.abnormal, false)
        XCTAssertFalse(
            try XCTUnwrap(try session("lr-too-high").execute("filters").decoded(as: FiltersCommand.Record.self)).applies
        )
    }

    /// A narrow field is an alarm only where it blinds the model: before a global average
    /// pool, not before a flatten read-out that sees every position, and never on an MLP.
    func testTheReceptiveFieldAlarmsOnlyWhereItBlinds() throws {
        func reading(_ id: String, after changes: [String] = []) throws -> ReceptiveFieldCommand.Record {
            let session = try session(id)
            for change in changes { XCTAssertFalse(session.execute(change).isError, change) }
            return try XCTUnwrap(session.execute("receptive-field").decoded(as: ReceptiveFieldCommand.Record.self))
        }
        let blind = try reading("receptive-field-too-small")
        XCTAssertEqual(blind.theoretical, [5, 5])
        XCTAssertEqual(blind.image, [16, 16])
        XCTAssertEqual(blind.findings.first?.abnormal, true)
        let cured = try reading("receptive-field-too-small", after: ["set pooling max"])
        XCTAssertEqual(cured.findings.first?.abnormal, false)
        XCTAssertGreaterThan(cured.theoretical[0], 5)
        XCTAssertEqual(try reading("pixel-scale").findings.first?.abnormal, false, "a flatten head sees everything")
        XCTAssertFalse(try reading("lr-too-high").applies)
    }

    /// Dead ReLUs leave the last layer no gradient at all: that is not an explosion.
    func testNoGradientIsNotAnExplosion() throws {
        let result = try session("dead-relu").execute("grad-norms")
        XCTAssertFalse(result.text.contains("exploding"), result.text)
        XCTAssertTrue(result.text.contains("no gradient reaches the last layer"))
        let record = try XCTUnwrap(result.decoded(as: GradNormsCommand.Record.self))
        XCTAssertEqual(record.findings.first { $0.signal == .gradientsExplode }?.abnormal, false)
    }

    /// `nan-check` replays the run draw for draw, so it finds the NaN the run met, even when
    /// dropout left on at evaluation draws masks between epochs.
    func testNanCheckFindsTheNaNTheRunMet() throws {
        let s = try session("dropout-eval-no-zero-grad")
        let curve = try XCTUnwrap(s.execute("curve").decoded(as: CurveCommand.Record.self))
        let check = try XCTUnwrap(s.execute("nan-check").decoded(as: NanCheckCommand.Record.self))
        XCTAssertNotNil(curve.nonFiniteStep)
        XCTAssertTrue(check.nonFinite)
        XCTAssertEqual(check.step, curve.nonFiniteStep)
    }

    func testARunThatStoppedSaysWhere() throws {
        let text = try session("lr-too-high").execute("run").text
        XCTAssertTrue(text.hasPrefix("stopped in epoch 2 of 10"), text)
    }

    func testCommandsWithoutArgumentsRefuseThem() throws {
        let s = try session("lr-too-high")
        let result = s.execute("init-loss 3")
        XCTAssertTrue(result.isError)
        XCTAssertEqual(result.text, "`init-loss` takes no arguments (`help init-loss`).")
        XCTAssertFalse(s.execute("overfit-batch 50").isError, "a command with an argument in its usage takes it")
    }
}
