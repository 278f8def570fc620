import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// Ordinary candidate actions that used to end a session.
final class RobustnessTests: XCTestCase {
    /// After a change of layers and before `run`, the last run's model has other layers: the
    /// instruments leave its readings out instead of reading them misaligned.
    func testInstrumentsAfterALayerChangingSet() throws {
        for change in ["set hidden 64,64,64", "set norm batchnorm", "set norm layernorm", "set dropout 0.5"] {
            let s = try session("dead-relu")
            XCTAssertFalse(s.execute(change).isError, change)
            for instrument in ["grad-norms", "activations", "weights"] {
                let result = s.execute(instrument)
                XCTAssertFalse(result.isError, "\(change) then \(instrument)")
            }
        }
    }

    func testAModelOrLossThatDoesNotFitTheDataIsRefused() throws {
        let mlp = try session("dead-relu")
        for change in ["set architecture lstm", "set architecture attention", "set loss mse"] {
            let result = mlp.execute(change)
            XCTAssertTrue(result.isError, change)
            XCTAssertTrue(result.text.hasPrefix("Not changed:"), result.text)
        }
        XCTAssertEqual(mlp.setup, mlp.originalSetup, "a refused set changes nothing")
        let recurrent = try session("rnn-vanishing")
        XCTAssertTrue(recurrent.execute("set architecture mlp").isError)
        XCTAssertTrue(recurrent.execute("set loss cross_entropy").isError)
        XCTAssertFalse(recurrent.execute("set architecture lstm").isError)
        // A CNN needs images, and takes batch normalisation but not layer normalisation.
        XCTAssertTrue(
            try session("val-preprocessing-mismatch").execute("set architecture cnn").text.contains("not images"))
        let images = try session("pixel-scale")
        XCTAssertTrue(images.execute("set norm layernorm").isError)
        XCTAssertFalse(images.execute("set norm batchnorm").isError)
        XCTAssertFalse(try session("dead-relu").execute("set architecture cnn").isError, "the digits are 8x8 images")
    }

    /// A setting whose run would go on for tens of seconds or minutes is refused when it is
    /// set, with the epochs that would fit, and changes nothing; a smaller one still runs.
    func testASetupTooLargeToTrainIsRefusedBeforeAnyTraining() throws {
        let s = try session("postln-no-warmup")
        let longer = s.execute("set epochs 200")
        XCTAssertTrue(longer.isError)
        XCTAssertTrue(longer.text.hasPrefix("Not changed: one run with `epochs 200` would take about"), longer.text)
        XCTAssertTrue(longer.text.contains("`epochs 63` or fewer fit"), longer.text)
        let wider = s.execute("set hidden 512")
        XCTAssertTrue(wider.text.contains("Even one epoch of this model is too much"), wider.text)
        XCTAssertEqual(s.setup, s.originalSetup, "a refused set changes nothing")
        XCTAssertFalse(s.execute("set epochs 63").isError)
        XCTAssertTrue(s.execute("set d-ff 1024").isError, "the limit is on the whole setup, epochs included")
        let images = try session("batch-mixing-reshape")
        XCTAssertTrue(images.execute("set channels 256,256,256").isError)
        XCTAssertFalse(images.execute("set channels 32,64").isError)
    }

    /// A run lists the changes since the previous run, net: a knob set twice once, at its
    /// last value; a knob set and set back, not at all.
    func testARunListsItsChangesNet() throws {
        let s = try session("lr-too-high")
        for command in ["set seed 7", "set seed 0", "set lr 0.5", "set lr 0.05", "set momentum 0.5"] {
            XCTAssertFalse(s.execute(command).isError, command)
        }
        let record = try XCTUnwrap(s.execute("run").decoded(as: RunCommand.Record.self))
        XCTAssertEqual(record.changes, ["set lr 0.05", "set momentum 0.5"])
        XCTAssertFalse(s.execute("set lr 0.5").isError)
        XCTAssertFalse(s.execute("set lr 0.05").isError)
        XCTAssertEqual(try XCTUnwrap(s.execute("run").decoded(as: RunCommand.Record.self)).changes, [])
    }

    /// A warm-up longer than the run is allowed, and said: the rate never reaches its base.
    func testAWarmUpLongerThanTheRunIsSaid() throws {
        let s = try session("lr-too-high")
        let long = s.execute("set warmup 100000")
        XCTAssertFalse(long.isError)
        XCTAssertTrue(long.text.contains("The run has 450 steps, so the warm-up of 100000 never reaches"), long.text)
        XCTAssertFalse(s.execute("set warmup 100").text.contains("never reaches"))
        XCTAssertTrue(
            s.execute("set epochs 1").text.contains("never reaches"), "fewer epochs make it longer than the run")
    }

    /// A full disk stops the transcript, not the session, and the candidate is told once.
    func testAFullDiskKeepsTheSessionAlive() throws {
        let transcript = try Transcript(url: URL(fileURLWithPath: "/dev/full"))
        let s = try Session(scenario: try scenario("dead-relu"), library: library, transcript: transcript)
        let first = s.execute("curve")
        XCTAssertNotNil(transcript.writeFailure)
        XCTAssertTrue(first.text.contains("The transcript can no longer be written"))
        XCTAssertFalse(s.execute("init-loss").text.contains("can no longer be written"), "said once")
        XCTAssertFalse(s.isFinished)
    }

    /// Values that only look like numbers are refused, with the allowed range, and change nothing.
    func testMalformedValuesAreRefused() throws {
        let s = try session("lr-too-high")
        for command in [
            "set batch 3 2", "set lr 0x10", "set lr nan", "set lr inf", "set init constant:nan", "set init normal:inf",
            "set clip 1e99999",
        ] {
            let result = s.execute(command)
            XCTAssertTrue(result.isError, command)
        }
        XCTAssertEqual(s.setup, s.originalSetup)
        XCTAssertFalse(s.execute("set hidden 64, 64").isError, "a list of widths may have spaces")
        XCTAssertEqual(s.setup.hidden, [64, 64])
    }

    func testTabsSeparateWords() throws {
        let s = try session("lr-too-high")
        XCTAssertFalse(s.execute("set\tlr\t0.1").isError)
        XCTAssertEqual(s.setup.learningRate, 0.1)
    }

    /// Two sessions started in the same second get two files.
    func testSameSecondSessionsGetTheirOwnFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-names-\(UUID().uuidString)")
        setenv("XDG_DATA_HOME", folder.path, 1)
        defer { unsetenv("XDG_DATA_HOME") }
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let first = Transcript.unusedDefaultURL(scenarioID: "case-abcd", date: date)
        _ = try Transcript(url: first)
        let second = Transcript.unusedDefaultURL(scenarioID: "case-abcd", date: date)
        XCTAssertNotEqual(first, second)
        XCTAssertTrue(second.lastPathComponent.hasSuffix("case-abcd-2.jsonl"), second.lastPathComponent)
    }

    /// An expert path that names a command the session does not have is reported at load,
    /// and the other scenarios still load.
    func testAnExpertPathOfUnknownCommandsIsReported() throws {
        var broken = try scenario("lr-too-high")
        broken.expertPath = ["curve", "frobnicate", "submit"]
        let checked = Catalog(scenarios: [broken, try scenario("dead-relu")], errors: []).checkingExpertPaths()
        XCTAssertEqual(checked.scenarios.map(\.id), ["dead-relu"])
        XCTAssertEqual(checked.errors.count, 1)
        XCTAssertTrue(checked.errors[0].description.contains("expert_path[1]: 'frobnicate' is not a session command"))
        XCTAssertTrue(
            Catalog(scenarios: catalog, errors: []).checkingExpertPaths().errors.isEmpty,
            "every shipped expert path is made of commands")
    }

    /// A typed escape sequence is shown and stored as text, never sent back to the terminal.
    func testEscapeSequencesAreShownEscaped() throws {
        let s = try session("lr-too-high")
        let result = s.execute("\u{1B}[31mred")
        XCTAssertTrue(result.isError)
        XCTAssertEqual(result.input, "^[[31mred")
        XCTAssertFalse(result.text.contains("\u{1B}"), result.text)
        XCTAssertEqual("a\tb\u{7F}\u{9B}".withVisibleControlCharacters, "a\tb^?\\u{9B}")
    }

    /// A folder that cannot be made, or a file that cannot be written, is a plain sentence.
    func testAnUnwritableTranscriptPathIsAPlainSentence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("converge-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try Transcript(url: file.appendingPathComponent("t.jsonl"))) { error in
            XCTAssertEqual(
                "\(error)",
                "cannot create the folder \(file.path) (File exists). Use a writable folder: set XDG_DATA_HOME, "
                    + "or give a path of your own.")
        }
    }
}

/// Setting a knob to the value it has changes nothing, and is no change for the grader.
final class NoOpSetTests: XCTestCase {
    func testSettingTheCurrentValueIsRefusedAndRecordsNoChange() throws {
        let s = try session("lr-too-low")
        let same = s.execute("set lr 1e-4")
        XCTAssertTrue(same.isError)
        XCTAssertEqual(same.text, "Not changed: `lr` is already 0.0001.")
        XCTAssertFalse(s.execute("set lr 0.1").isError)
        let run = s.execute("run").text
        XCTAssertTrue(run.contains("with: set lr 0.1"), run)
        XCTAssertFalse(run.contains("0.0001"), "the refused set is not a change: \(run)")
        XCTAssertTrue(s.execute("set lr 0.1").isError, "already 0.1 after the change")
    }
}
