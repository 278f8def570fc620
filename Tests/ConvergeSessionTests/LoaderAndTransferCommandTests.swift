import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// The checks the loader and fine-tuning cases rely on: a batch seen where the model takes
/// it, predictions that depend on the batch, how far training moved each layer, settings the
/// model does not have, and a half-fixed compound.
final class LoaderAndTransferCommandTests: XCTestCase {
    func testDataBatchShowsAScrambledBatchOnlyWhenThereIsOne() throws {
        let mixed = try session("batch-mixing-reshape")
        let scrambled = mixed.execute("data batch")
        XCTAssertTrue(scrambled.text.contains("the loader rearranges the batch"), scrambled.text)
        XCTAssertEqual(
            try XCTUnwrap(scrambled.decoded(as: DataCommand.BatchRecord.self)).findings.first?.abnormal, true)
        let eval = mixed.execute("eval").text
        XCTAssertTrue(eval.contains("depends on the other rows of its batch"), eval)
        XCTAssertFalse(eval.contains("something random"), "two passes of the same batches agree")
        XCTAssertFalse(mixed.execute("set collate permute").isError)
        let whole = mixed.execute("data batch")
        XCTAssertTrue(whole.text.contains("every value is where the stored rows have it"), whole.text)
        XCTAssertTrue(mixed.execute("data sideways").isError)
        XCTAssertTrue(mixed.execute("code").text.contains("x.permute(3, 0, 1, 2)"))
    }

    /// The report leaves the padding for the candidate to find; `data` shows the served
    /// batches are longer than the training ones.
    func testTheLongerServedBatchesAreFoundInDataNotTold() throws {
        let padded = try session("padding-mask-missing")
        XCTAssertFalse(padded.scenario.report.lowercased().contains("pad"), padded.scenario.report)
        let data = padded.execute("data").text
        XCTAssertTrue(data.contains("16 steps x 6 features (validation: 32 steps)"), data)
        XCTAssertFalse(try session("rnn-vanishing").execute("data").text.contains("(validation:"))
    }

    func testEvalShowsAPredictionThatMovesWithItsPaddingUntilThePadsAreMasked() throws {
        let padded = try session("padding-mask-missing")
        let unmasked = padded.execute("eval")
        XCTAssertTrue(unmasked.text.contains("depends on how much padding it carries"), unmasked.text)
        let record = try XCTUnwrap(unmasked.decoded(as: EvalCommand.Record.self))
        XCTAssertGreaterThan(try XCTUnwrap(record.paddingDisagreement), 0.2)
        XCTAssertTrue(record.findings.contains(Finding(.padsUnmasked, abnormal: true)))
        XCTAssertFalse(padded.execute("code").text.contains("src_key_padding_mask"))
        XCTAssertFalse(padded.execute("set padding-mask on").isError)
        XCTAssertFalse(padded.execute("run").isError)
        let masked = try XCTUnwrap(padded.execute("eval").decoded(as: EvalCommand.Record.self))
        XCTAssertEqual(masked.paddingDisagreement, 0)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(masked.accuracyFirst), 0.95)
        let code = padded.execute("code").text
        XCTAssertTrue(code.contains("src_key_padding_mask=pad"), code)
        XCTAssertTrue(code.contains("F.pad(X_val, (0, 0, 0, 32 - X_val.shape[1]))"), code)
        XCTAssertTrue(try session("missing-positions").execute("set padding-mask off").text.contains("padding-mask"))
    }

    func testWeightsShowHowFarTheLastRunMovedEachLayer() throws {
        let transfer = try session("transfer-lr-too-high")
        func moved(_ text: String, _ key: String) throws -> Double {
            let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix(key + " ") })
            return try XCTUnwrap(Double(line.split(separator: " ").last?.dropLast() ?? ""))
        }
        let wiped = try moved(transfer.execute("weights").text, "layers.3.weight")
        XCTAssertGreaterThan(wiped, 100, "the high rate moves the pretrained convolution by more than its size")
        XCTAssertFalse(transfer.execute("set backbone-lr 0.001").isError)
        XCTAssertFalse(transfer.execute("run").isError)
        let kept = try moved(transfer.execute("weights").text, "layers.3.weight")
        XCTAssertLessThan(kept, 20)
        let code = transfer.execute("code").text
        XCTAssertTrue(code.contains("{\"params\": backbone.parameters(), \"lr\": 0.001}"), code)
        XCTAssertTrue(code.contains("backbone.load_state_dict"), code)
    }

    func testSettingsTheModelDoesNotHaveAreRefused() throws {
        let cnn = try session("pixel-scale")
        let refused = cnn.execute("set dropout 0.5")
        XCTAssertTrue(refused.isError)
        XCTAssertTrue(refused.text.contains("has no `dropout` setting"), refused.text)
        XCTAssertTrue(cnn.execute("set pretrained on").text.contains("no pretrained backbone"))
        XCTAssertTrue(cnn.execute("set heads 4").isError, "heads belong to a Transformer")
        XCTAssertFalse(cnn.execute("set stride 2").isError)
    }

    func testHalfAFixOfACompoundIsNamedAsProgress() throws {
        let compound = try session("pixel-scale-batch-mixing")
        XCTAssertFalse(compound.execute("set standardize on").isError)
        let submitted = compound.execute("submit").text
        XCTAssertTrue(submitted.contains("part of it: standardize is fixed"), submitted)
        XCTAssertFalse(submitted.contains("masked"), submitted)
        XCTAssertTrue(submitted.contains("Cures, any of:"), submitted)
    }
}
