import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

/// Random and hostile command lines through scripted sessions, seeded so a failure replays.
/// A crash fails the whole test run; besides, every refused `set` must say what it accepts,
/// and the transcript must parse after every command.
final class FuzzTests: XCTestCase {
    /// Words a hostile tester types where a value goes.
    static let hostileValues = [
        "", "-1", "0", "1", "1e308", "-1e308", "nan", "NaN", "inf", "-inf", "1e-45", "0x10", "3 2", "64,64",
        ",,,", "64,,64", "99999999999999999999", "18446744073709551616", "'", "\"", "\u{1B}[2J", "💥", "on", "off",
        "maybe", "constant:nan", "normal:inf", "uniform:-1", "relu", "lstm", "attention", "mlp", "mse", "adam",
        String(repeating: "9", count: 400), String(repeating: "x", count: 2_000), "1/0", "-0", "+5", "1_000",
    ]

    /// Commands that train are few and kept cheap (one epoch), so the test stays well under a
    /// minute: its point is the inputs, not the training.
    static let trainingCommands: Set<String> = ["run", "submit", "overfit-batch", "lr-find", "nan-check"]

    func testRandomAndHostileCommandLinesNeverCrashOrLoseTheTranscript() throws {
        var random = RandomGenerator(seed: 2026)
        let commandNames = SessionCommands.specs.map(\.name).filter { !Self.trainingCommands.contains($0) }
        let knobNames = Knob.all.map(\.name)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("converge-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var refusedSets = 0
        for id in ["lr-too-high", "dead-relu", "rnn-vanishing", "attention-no-scale"] {
            let url = folder.appendingPathComponent("\(id).jsonl")
            let s = try Session(
                scenario: try scenario(id), library: library, seed: 7, transcript: try Transcript(url: url))
            XCTAssertFalse(s.execute("set epochs 1").isError)
            var trainingBudget = 2
            for step in 0..<150 {
                let line: String
                switch random.next() % 10 {
                case 0...3:
                    let knob =
                        random.next() % 8 == 0 ? "colour" : knobNames[Int(random.next() % UInt64(knobNames.count))]
                    let value = Self.hostileValues[Int(random.next() % UInt64(Self.hostileValues.count))]
                    // `epochs` and `batch` are fuzzed by the range checks, not by long runs.
                    if ["epochs", "batch"].contains(knob), let number = Double(value), number > 1 { continue }
                    line = "set \(knob) \(value)"
                case 4...6:
                    let name = commandNames[Int(random.next() % UInt64(commandNames.count))]
                    let argument = Self.hostileValues[Int(random.next() % UInt64(Self.hostileValues.count))]
                    line = random.next() % 2 == 0 ? name : "\(name) \(argument)"
                case 7:
                    line = String(
                        (0..<Int(random.next() % 40)).map { _ in
                            Character(UnicodeScalar(UInt8(random.next() % 127 + 1)))
                        })
                case 8:
                    guard trainingBudget > 0 else { continue }
                    trainingBudget -= 1
                    line = random.next() % 2 == 0 ? "run" : "overfit-batch"
                default:
                    line = ["reset", "diff", "hint", "curve", "config", "code", "report"][Int(random.next() % 7)]
                }
                if ["quit", "submit", "reveal"].contains(line.split(separator: " ").first.map(String.init) ?? "") {
                    continue
                }
                let result = s.execute(line)
                XCTAssertFalse(s.isFinished, "\(id) step \(step): `\(line)` ended the session")
                if result.isError && line.hasPrefix("set ") && !result.text.isEmpty {
                    refusedSets += 1
                    let text = result.text
                    XCTAssertTrue(
                        text.contains("expected") || text.contains("Unknown setting") || text.contains("Not changed")
                            || text.contains("Usage") || text.contains("one of") || text.contains("from"),
                        "\(id) step \(step): `\(line)` was refused without saying what is accepted: \(text)")
                }
                let events = try Transcript.events(at: url)
                XCTAssertEqual(
                    events.count, s.history.filter { !$0.input.isEmpty }.count + 1,
                    "\(id) step \(step): the transcript lost or tore a line")
            }
        }
        XCTAssertGreaterThan(refusedSets, 50, "the fuzz reached the range checks")
    }
}

/// Faults from outside: the process killed mid-command.
final class FaultTests: XCTestCase {
    /// kill -9 in the middle of a long `run`: every command answered before it is in the
    /// transcript, whole, and `grade` reads it.
    func testKillNineMidRunKeepsEveryAnsweredCommand() throws {
        let executable = try convergeBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("converge-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("script.txt")
        try "curve\nset lr 0.001\nset epochs 200\nrun\n".write(to: script, atomically: true, encoding: .utf8)
        let transcript = folder.appendingPathComponent("t.jsonl")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["run", "lr-too-high", "--script", script.path, "--transcript", transcript.path]
        process.environment = ["XDG_DATA_HOME": folder.path, "HOME": folder.path, "CONVERGE_HOME": projectRoot.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the three quick commands are written (start + 3 events), then kill.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let lines = (try? String(contentsOf: transcript, encoding: .utf8))?.split(separator: "\n") ?? []
            if lines.count >= 4 { break }
            usleep(20_000)
        }
        usleep(200_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run was still going when killed")
        let text = try String(contentsOf: transcript, encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, text)
        XCTAssertTrue(text.hasSuffix("\n"), "no torn last line")
        for line in lines { XCTAssertNoThrow(try JSONValue.parse(Data(line.utf8))) }
    }
}
