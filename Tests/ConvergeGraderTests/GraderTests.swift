import ConvergeEngine
import ConvergeGrader
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

/// Where the recorded sessions live: one transcript per scripted candidate and scenario.
let goldenFolder = projectRoot.appendingPathComponent("Tests/ConvergeGraderTests/Golden")

/// Whether this run re-records the golden transcripts (`make golden` sets it).
let recordingGolden = ProcessInfo.processInfo.environment["CONVERGE_RECORD_GOLDEN"] == "1"

/// The scenarios a recording run re-records, from `CONVERGE_RECORD_ONLY` (ids separated by
/// commas), or nil for every one: after adding a scenario, its sessions alone need recording.
let recordingOnly = ProcessInfo.processInfo.environment["CONVERGE_RECORD_ONLY"].map {
    Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
}

/// Plays `commands` through a real session with a transcript, then grades the transcript.
func playLive(_ scenario: Scenario, _ commands: [String]) throws -> (Grade, URL) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("converge-grade-\(UUID().uuidString).jsonl")
    let session = try Session(scenario: scenario, library: library, transcript: try Transcript(url: url))
    for command in commands where !session.isFinished { session.execute(command) }
    return (Grader(scenario: scenario).grade(try ActionLog.read(contentsOf: url)), url)
}

/// A transcript as it is kept for replay: every line, with the text the candidate saw
/// left out (the grader reads the typed records, never the text), to keep the files small.
func recordingText(of transcript: URL) throws -> String {
    try Transcript.events(at: transcript).map { event -> String in
        guard case .object(let pairs) = event else { return event.serialized() }
        return JSONValue.object(pairs.map { $0.0 == "output" ? ($0.0, .string("")) : $0 }).serialized()
    }.joined(separator: "\n") + "\n"
}

/// A recorded session a test needs is not there (a new scenario, or a new script).
struct MissingRecording: Error, CustomStringConvertible {
    var file: String
    var description: String { "no recorded session \(file): run `make golden` to record it" }
}

/// Grades the recorded session `label` of `scenario`: the transcript a real session wrote
/// when it played `commands`. The grader's tests replay these instead of training again;
/// `make golden` records them afresh when the engine's numbers change, and one end-to-end
/// test checks that a live session still writes the same transcript.
func play(_ scenario: Scenario, _ commands: [String], label: String) throws -> (Grade, URL) {
    let url = goldenFolder.appendingPathComponent("\(scenario.id)--\(label).jsonl")
    if recordingGolden && recordingOnly?.contains(scenario.id) ?? true {
        let (_, live) = try playLive(scenario, commands)
        try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: url)
        try recordingText(of: live).write(to: url, atomically: true, encoding: .utf8)
    }
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw MissingRecording(file: url.lastPathComponent)
    }
    let log = try ActionLog.read(contentsOf: url)
    let recorded = log.actions.map(\.input)
    let expected = commands.prefix(recorded.count).map { $0.trimmingCharacters(in: .whitespaces) }
    XCTAssertEqual(recorded, expected, "\(url.lastPathComponent) records another script: run `make golden`")
    return (Grader(scenario: scenario).grade(log), url)
}

/// The three scripted candidates of the issue.
enum Candidate {
    /// The expert path, with a correct diagnosis.
    static func expert(_ scenario: Scenario) -> [String] {
        scenario.expertPath.map { $0 == "diagnose" ? "diagnose \(scenario.bugSummary)" : $0 }
    }

    /// Restructure and retune at once, no look or sanity check, no diagnosis: a wider model
    /// (in the knob the model has), another rate, another optimizer.
    /// Three settings changed at once before any look. Each is a real change on every
    /// scenario: setting a knob to the value it has is refused and changes nothing.
    static func shotgun(_ scenario: Scenario) -> [String] {
        let widen =
            scenario.setup.architecture == .cnn
            ? (scenario.setup.channels == [64, 64] ? "set channels 32,32" : "set channels 64,64")
            : (scenario.setup.hidden == [256, 256] ? "set hidden 128,128" : "set hidden 256,256")
        let rate = scenario.setup.learningRate == 0.01 ? "set lr 0.02" : "set lr 0.01"
        let optimizer = scenario.setup.optimizer == .adam ? "set optimizer sgd" : "set optimizer adam"
        return [widen, rate, optimizer, "run", "submit"]
    }

    /// Every check in turn, two hints, each masker tried and undone, then the cure, one change at a time.
    static func methodicalButSlow(_ scenario: Scenario) -> [String] {
        var commands = [
            "help", "data", "code", "config", "curve", "init-loss", "overfit-batch", "eval", "predict",
            "grad-norms", "activations", "weights", "update-ratio", "nan-check", "lr-find", "hint", "hint",
        ]
        for masker in scenario.maskers {
            commands += masker.changes.map(\.description) + ["run", "reset"]
        }
        for change in scenario.cures[0].changes { commands += [change.description, "run"] }
        commands += ["diagnose \(scenario.bugSummary)", "submit"]
        return commands
    }
}

final class GraderProofTests: XCTestCase {
    func testExpertShotgunAndSlowSessionsOnEveryScenario() throws {
        BLAS.setThreadCount(1)
        XCTAssertGreaterThanOrEqual(catalog.count, 19)
        for scenario in catalog {
            let (expert, _) = try play(scenario, Candidate.expert(scenario), label: "expert")
            let (shotgun, _) = try play(scenario, Candidate.shotgun(scenario), label: "shotgun")
            let (slow, _) = try play(scenario, Candidate.methodicalButSlow(scenario), label: "slow")
            let practical = { (grade: Grade) in grade.rubric.first { $0.area == "Practical Debugging" }?.level }
            print(
                "grader proof \(scenario.id): expert \(Int(expert.overall)), slow \(Int(slow.overall)), shotgun \(Int(shotgun.overall))"
            )
            XCTAssertGreaterThanOrEqual(expert.overall, 85, "\(scenario.id) expert: \(expert.json.serialized())")
            XCTAssertEqual(practical(expert), .expert, "\(scenario.id) expert")
            XCTAssertTrue(
                expert.rootCauseFixed && expert.converged && expert.diagnosisCorrect, "\(scenario.id) expert outcome")
            XCTAssertLessThanOrEqual(shotgun.overall, 40, "\(scenario.id) shotgun: \(shotgun.json.serialized())")
            XCTAssertEqual(practical(shotgun), .novice, "\(scenario.id) shotgun")
            XCTAssertGreaterThan(slow.overall, shotgun.overall, "\(scenario.id) slow")
            XCTAssertLessThan(slow.overall, expert.overall, "\(scenario.id) slow")
            XCTAssertGreaterThan(slow.overall, 40, "\(scenario.id) slow: \(slow.json.serialized())")
            XCTAssertLessThan(slow.overall, 85, "\(scenario.id) slow: \(slow.json.serialized())")
        }
    }

    func testAMaskedSymptomGetsNoRootCauseCredit() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "missing-zero-grad" })
        let (grade, _) = try play(
            scenario,
            [
                "curve", "grad-norms", "set lr 0.001", "run", "diagnose gradients accumulate without zero_grad",
                "submit",
            ],
            label: "masked")
        XCTAssertTrue(grade.converged, "lr 0.001 trains passably")
        XCTAssertTrue(grade.masked)
        XCTAssertFalse(grade.rootCauseFixed)
        XCTAssertFalse(grade.firings.contains { $0.rule == "root-cause-fixed" })
        XCTAssertLessThanOrEqual(grade.score(.outcome), 70)
        XCTAssertNotEqual(grade.rubric.first { $0.area == "Practical Debugging" }?.level, .expert)
        XCTAssertLessThanOrEqual(grade.overall, 65)
        XCTAssertFalse(grade.caps.contains { $0.rule == "masked-and-misread" }, "the diagnosis names the bug")
        // The same masking fix, read as the cure: neither fixed nor found.
        let (misread, _) = try playLive(
            scenario,
            [
                "curve", "grad-norms", "set lr 0.001", "run",
                "diagnose The learning rate of 0.1 was too high for this model; 0.001 trains.", "submit",
            ])
        XCTAssertTrue(misread.masked)
        XCTAssertTrue(misread.caps.contains { $0.rule == "masked-and-misread" })
        XCTAssertLessThanOrEqual(misread.overall, 55)
    }

    /// The scorecard cites commands by their place in the whole session, so a count that
    /// leaves some out says how many and which: "used 24 commands" beside a citation of
    /// command 35 read as a miscount.
    func testTheCommandCountSaysWhatItLeavesOut() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let (slow, _) = try play(scenario, Candidate.methodicalButSlow(scenario), label: "slow")
        let firing = try XCTUnwrap(slow.firings.first { $0.rule == "extra-commands" })
        let total = slow.log.actions.count
        let left = slow.log.actions.filter { ["help", "hint", "report", "diff", "config"].contains($0.name) }.count
        XCTAssertGreaterThan(left, 0, "the slow script asks for help and hints")
        XCTAssertTrue(firing.observation.hasPrefix("used \(total - left) commands"), firing.observation)
        XCTAssertTrue(firing.observation.contains("not counting \(left) for help, hints"), firing.observation)
    }

    /// Going back to a setup an earlier run trained needs no new run; a setup never trained does.
    func testASetupAlreadyRunIsMeasured() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let route = ["curve", "init-loss", "set lr 0.01", "run", "set lr 0.03", "run", "set lr 0.01"]
        let (back, _) = try playLive(scenario, route + ["diagnose the learning rate is far too high", "submit"])
        XCTAssertTrue(back.firings.contains { $0.rule == "submitted-measured-setup" && $0.commandIndex == 4 })
        XCTAssertFalse(back.firings.contains { $0.rule == "submitted-unmeasured" })
        let (untried, _) = try playLive(
            scenario, route + ["set lr 0.02", "diagnose the learning rate is far too high", "submit"])
        XCTAssertTrue(untried.firings.contains { $0.rule == "submitted-unmeasured" })
    }

    func testGradingIsAPureFunctionOfTheTranscript() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "dead-relu" })
        let commands = [
            "curve", "activations", "hint", "set bias-init zeros", "run", "diagnose dead relu units", "submit",
        ]
        let (first, url) = try play(scenario, commands, label: "hinted")
        let again = Grader(scenario: scenario).grade(try ActionLog.read(contentsOf: url))
        XCTAssertEqual(first.json.serialized(), again.json.serialized())
        XCTAssertEqual(Scorecard(grade: first).text, Scorecard(grade: again).text)
    }

    func testScorecardHasThreeStrengthsThreeImprovementsAndResources() throws {
        for id in ["lr-too-high", "unnormalized-inputs"] {
            let scenario = try XCTUnwrap(catalog.first { $0.id == id })
            for (label, commands) in [
                ("expert", Candidate.expert(scenario)), ("shotgun", Candidate.shotgun(scenario)),
                ("slow", Candidate.methodicalButSlow(scenario)),
            ] {
                let (grade, _) = try play(scenario, commands, label: label)
                // A shotgun earns fewer than three strengths; nothing is invented to fill the list.
                if label == "shotgun" {
                    XCTAssertTrue((1...3).contains(grade.strengths.count), "\(id) \(label): \(grade.strengths)")
                } else {
                    XCTAssertEqual(grade.strengths.count, 3, "\(id) \(label): \(grade.strengths)")
                }
                XCTAssertEqual(grade.improvements.count, 3)
                XCTAssertTrue((2...3).contains(grade.resources.count))
                XCTAssertTrue(
                    grade.improvements.allSatisfy { $0.contains("Next time") }, "improvements say what to do next time")
                XCTAssertEqual(grade.rubric.map(\.area), ["Fundamentals", "Practical Debugging"])
            }
        }
        let scenario = try XCTUnwrap(catalog.first { $0.id == "adam-l2-decay" })
        let (shotgun, _) = try play(scenario, Candidate.shotgun(scenario), label: "shotgun")
        XCTAssertTrue(shotgun.rubric[1].justification.contains("command 1:"), shotgun.rubric[1].justification)
        XCTAssertTrue(shotgun.resources.contains { $0.title.contains("Decoupled Weight Decay") })
    }

    func testHintsCostByLevelAndTiming() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "zero-init" })
        let (early, _) = try play(
            scenario, ["hint", "curve", "weights", "set init he", "run", "submit"], label: "early-hint")
        let (late, _) = try play(
            scenario, ["curve", "weights", "hint", "set init he", "run", "submit"], label: "late-hint")
        let (deep, _) = try play(
            scenario, ["curve", "weights", "hint", "hint", "hint", "set init he", "run", "submit"], label: "deep-hints")
        XCTAssertLessThan(early.score(.independence), late.score(.independence), "an early hint costs more")
        XCTAssertLessThan(deep.score(.independence), late.score(.independence), "deeper hints cost more")
    }

    /// On a terminal every line of the scorecard fits the width, continuing under a hanging
    /// indent (a table row's last column wraps under itself).
    func testTheScorecardsProseFitsTheTerminal() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "adam-l2-decay" })
        let (grade, _) = try play(scenario, Candidate.shotgun(scenario), label: "shotgun")
        for width in [60, 80, 120] {
            let fitted = TextWrapping.wrapProse(Scorecard(grade: grade).text, width: width)
            for line in fitted.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, width, String(line))
            }
            XCTAssertTrue(fitted.contains("\n    "), "bullets continue under their text")
        }
    }

    func testJSONHasTheRequiredFields() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-low" })
        let (grade, _) = try play(scenario, Candidate.expert(scenario), label: "expert")
        let json = grade.json
        for key in ["overall", "dimensions", "rubric", "converged", "root_cause_fixed", "masked", "diagnosis_correct"] {
            XCTAssertNotNil(json[key], key)
        }
        XCTAssertEqual(json["rubric"]?["Practical Debugging"], .string("Expert"))
        let weights = Dimension.allCases.reduce(0) { $0 + $1.weight }
        XCTAssertEqual(weights, 100)
    }
}

final class TranscriptErrorTests: XCTestCase {
    func message(_ text: String) -> String {
        do {
            _ = try ActionLog.parse(text, file: "t.jsonl")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testBadTranscriptsNameTheLine() throws {
        let start = #"{"event": "start", "scenario": "lr-too-high", "handle": "case-twec"}"#
        let command = #"{"event": "command", "command": "curve", "name": "curve", "tier": 0, "values": {}}"#
        XCTAssertEqual(message(""), "t.jsonl: has no start event: it is empty or not a Converge transcript")
        XCTAssertEqual(
            message("{\"event\": \"sta"), "t.jsonl:1: is not a complete JSON object (the transcript looks truncated)")
        // A torn last line after a start: everything before it is read, and the cut is said.
        let cut = try ActionLog.parse(start + "\n" + command + "\n{\"event\": \"comm", file: "t.jsonl")
        XCTAssertEqual(cut.actions.count, 1)
        XCTAssertEqual(cut.incompleteLine, 3)
        XCTAssertEqual(
            message(start + "\nnot json\n" + command), "t.jsonl:2: is not a JSON object (the transcript is corrupted)")
        XCTAssertEqual(
            message(#"{"name": "x"}"#), "t.jsonl:1: has no \"event\" field: this is not a Converge transcript")
        XCTAssertEqual(
            message(command), "t.jsonl:1: a command before the start event: this is not a Converge transcript")
        XCTAssertEqual(
            message(start + "\n" + #"{"event": "command", "command": "x", "name": "x", "tier": 7}"#),
            "t.jsonl:2: a command event without command, name or a known tier")
        let log = try ActionLog.parse(start + "\n" + command + "\n", file: "t.jsonl")
        XCTAssertEqual(log.actions.count, 1)
        XCTAssertNil(log.submission)
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let unsubmitted = Grader(scenario: scenario).grade(log)
        XCTAssertEqual(unsubmitted.score(.outcome), 0)
        XCTAssertFalse(unsubmitted.converged)
    }

    func testATranscriptHoldsOneSession() throws {
        let start = #"{"event": "start", "scenario": "lr-too-high", "handle": "case-twec"}"#
        let command = #"{"event": "command", "command": "curve", "name": "curve", "tier": 0, "values": {}}"#
        XCTAssertEqual(
            message([start, command, start, command].joined(separator: "\n")),
            "t.jsonl:3: a second session starts here: a transcript holds one session (write each to its own file)")
    }

    /// Session commands change nothing: starting with `diff`, `hint` or `reset` is not a change
    /// before a look.
    func testSessionCommandsAreNotChanges() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        var lines = [#"{"event": "start", "scenario": "lr-too-high", "handle": "case-twec"}"#]
        for (index, name) in ["diff", "reset", "diagnose", "curve"].enumerated() {
            lines.append(
                #"{"event": "command", "index": "# + String(index + 1) + #", "command": ""# + name + #"", "name": ""#
                    + name
                    + #"", "tier": "# + (name == "curve" ? "0" : "9") + #", "values": {}}"#)
        }
        let grade = Grader(scenario: scenario).grade(
            try ActionLog.parse(lines.joined(separator: "\n"), file: "t.jsonl"))
        XCTAssertFalse(grade.firings.contains { $0.rule == "jumped-to-change" })
        XCTAssertEqual(grade.score(.order), 100)
    }

    /// Transcripts written before the format had a version (version 1) still load and grade.
    func testVersionOneTranscriptsStillGrade() throws {
        let lines = [
            #"{"event": "start", "time": "2026-11-20T10:00:00Z", "scenario": "lr-too-high", "#
                + #""handle": "case-twec", "seed": 0, "epoch_losses": [2.3, null], "#
                + #""epoch_val_accuracy": [0.1, null]}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:01Z", "index": 1, "command": "curve", "#
                + #""name": "curve", "tier": 0, "tier_name": "look", "error": false, "#
                + #""values": {"epoch_losses": [2.3, null], "val_accuracy": [0.1, null], "#
                + #""non_finite_step": 83}, "output": "..."}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:02Z", "index": 2, "command": "lr-find", "#
                + #""name": "lr-find", "tier": 3, "tier_name": "tune", "error": false, "#
                + #""values": {"suggested_lr": 0.1, "min_loss_lr": 1.0, "current_lr": 3}, "output": "..."}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:03Z", "index": 3, "command": "hint", "#
                + #""name": "hint", "tier": 9, "tier_name": "session", "error": false, "#
                + #""values": {"level": 1}, "output": "..."}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:04Z", "index": 4, "command": "set lr 0.1", "#
                + #""name": "set", "tier": 3, "tier_name": "tune", "error": false, "values": {"knob": "lr", "#
                + #""from": "3", "to": "0.1", "knob_tier": 3}, "output": "..."}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:05Z", "index": 5, "command": "run", "#
                + #""name": "run", "tier": 3, "tier_name": "tune", "error": false, "#
                + #""values": {"changes": ["set lr 0.1"], "epoch_losses": [0.5, 0.2], "#
                + #""epoch_val_accuracy": [0.9, 0.96], "final_train_loss": 0.2, "val_accuracy": 0.96, "#
                + #""non_finite": false, "steps": 450}, "output": "..."}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:06Z", "index": 6, "#
                + #""command": "diagnose the learning rate is far too high", "name": "diagnose", "tier": 9, "#
                + #""tier_name": "session", "error": false, "#
                + #""values": {"statement": "the learning rate is far too high"}, "output": "..."}"#,
            #"{"event": "command", "time": "2026-11-20T10:00:07Z", "index": 7, "command": "submit", "#
                + #""name": "submit", "tier": 9, "tier_name": "session", "error": false, "#
                + #""values": {"converged": true, "root_cause_fixed": true, "masked": false, "#
                + #""diagnosis_correct": true, "val_accuracy": 0.96, "final_train_loss": 0.2, "#
                + #""changes": ["set lr 0.1"], "hints_used": 1, "epoch_losses": [0.5, 0.2], "#
                + #""epoch_val_accuracy": [0.9, 0.96], "bug": "lr-too-high"}, "output": "..."}"#,
        ]
        let log = try ActionLog.parse(lines.joined(separator: "\n") + "\n", file: "v1.jsonl")
        XCTAssertEqual(log.actions.count, 7)
        XCTAssertEqual(log.actions[3].changedKnob, .learningRate)
        XCTAssertEqual(log.submitted?.hintsUsed, 1)
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let grade = Grader(scenario: scenario).grade(log)
        XCTAssertTrue(grade.converged && grade.rootCauseFixed && grade.diagnosisCorrect && !grade.masked)
        XCTAssertTrue(grade.firings.contains { $0.rule == "hint" }, "the hint's level is read")
        XCTAssertTrue(
            grade.firings.contains { $0.rule == "supported-change" && $0.commandIndex == 4 }, "lr-find bears on lr")
    }

    func testTheReportWritesMarkdownAndAnSVG() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let (grade, url) = try play(scenario, Candidate.expert(scenario), label: "expert")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-report-\(UUID().uuidString)")
        let written = try ReportWriter(grade: grade, transcriptURL: url).write(
            to: folder.appendingPathComponent("session.md"))
        XCTAssertEqual(written.map(\.lastPathComponent), ["session.md", "session.html", "session-loss.svg"])
        let markdown = try String(contentsOf: written[0], encoding: .utf8)
        XCTAssertTrue(markdown.contains("## Scorecard: overall 100/100"))
        XCTAssertTrue(markdown.contains("(session-loss.svg)"))
        XCTAssertTrue(markdown.contains("| 4 | tune | `set lr 0.1` |"))
        let svg = try String(contentsOf: written[2], encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("<polyline"))
        // Two panels with their titles, a legend that names what each run changed, the
        // original in grey, and the blow-up marked.
        XCTAssertTrue(svg.contains("Training loss per epoch") && svg.contains("Validation accuracy per epoch"))
        XCTAssertTrue(svg.contains(">run 1: original setup (non-finite"), svg)
        XCTAssertTrue(svg.contains("lr 0.1"), svg)
        XCTAssertFalse(svg.contains(">command "), "a legend says what changed, not which command ran")
        XCTAssertTrue(svg.contains("stroke=\"#999999\"") && svg.contains(">non-finite<"))
        let page = try String(contentsOf: written[1], encoding: .utf8)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>") && page.contains("<figure><svg"), "the chart is inline")
        XCTAssertTrue(page.contains("<h2>Scorecard: overall 100/100</h2>") && page.contains("<code>set lr 0.1</code>"))
    }
}

final class HistoryTests: XCTestCase {
    func testHistoryTrendsAndFocus() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let high = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let dead = try XCTUnwrap(catalog.first { $0.id == "dead-relu" })
        for (index, (scenario, label, commands)) in [
            (high, "expert", Candidate.expert(high)), (dead, "shotgun", Candidate.shotgun(dead)),
        ].enumerated() {
            let (_, url) = try play(scenario, commands, label: label)
            try FileManager.default.copyItem(
                at: url, to: folder.appendingPathComponent("2026010\(index)-000000-x.jsonl"))
        }
        try "not a transcript\n".write(
            to: folder.appendingPathComponent("20260109-000000-bad.jsonl"), atomically: true, encoding: .utf8)
        let history = SessionHistory(folder: folder, scenarios: catalog)
        XCTAssertEqual(history.entries.map(\.scenario.id), ["lr-too-high", "dead-relu"])
        XCTAssertEqual(history.problems.count, 1)
        XCTAssertTrue(history.problems[0].contains("bad.jsonl:1:"), history.problems[0])
        XCTAssertEqual(history.trend(of: .order), [100, 0])
        XCTAssertEqual(history.weakestDimension, .order)
        // The shotgun session on an initialisation bug scored far below 50: practise that family next.
        let focus = try XCTUnwrap(history.focusScenario(from: catalog))
        XCTAssertEqual(focus.family, "initialisation")
        XCTAssertNotEqual(focus.scenario.id, "dead-relu", "an unseen scenario of the family comes first")
        XCTAssertEqual(SessionHistory.family(of: focus.scenario), "initialisation")
    }

    /// A history of one perfect session has no weakest dimension: every score is 100, and
    /// naming one ("Order 100") read as a fault.
    func testAPerfectSessionHasNoWeakestDimension() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let high = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let (grade, url) = try play(high, Candidate.expert(high), label: "expert")
        try XCTSkipUnless(Dimension.allCases.allSatisfy { grade.score($0) == 100 }, "the expert session is perfect")
        try FileManager.default.copyItem(at: url, to: folder.appendingPathComponent("20260101-000000-x.jsonl"))
        let history = SessionHistory(folder: folder, scenarios: catalog)
        XCTAssertNil(history.weakestDimension)
        let text = history.text(width: 100)
        XCTAssertFalse(text.contains("weakest so far"), text)
        XCTAssertFalse(text.contains("Order 100"), text)
    }
}

/// The one grader test that trains: a live session must still write the transcript that
/// was recorded, so the recorded sessions the other tests grade are the engine's own.
final class RecordedSessionTests: XCTestCase {
    func testALiveSessionWritesTheRecordedTranscript() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "dead-relu" })
        let commands = [
            "curve", "activations", "hint", "set bias-init zeros", "run", "diagnose dead relu units", "submit",
        ]
        let (recorded, recordedURL) = try play(scenario, commands, label: "hinted")
        let (live, liveURL) = try playLive(scenario, commands)
        /// Every field of every line but the wall-clock time and the text shown.
        func timeless(_ url: URL) throws -> [JSONValue] {
            try Transcript.events(at: url).map { event in
                guard case .object(let pairs) = event else { return event }
                return .object(pairs.filter { $0.0 != "time" && $0.0 != "output" })
            }
        }
        XCTAssertEqual(
            try timeless(liveURL), try timeless(recordedURL), "the engine's numbers changed: run `make golden`")
        XCTAssertEqual(live.json.serialized(), recorded.json.serialized(), "a live session grades as the recorded one")
    }

    /// Two more, on an MLP and a sequence model, by the written expert routes.
    func testLiveExpertSessionsWriteTheirRecordings() throws {
        for id in ["lr-too-high", "rnn-vanishing"] {
            let scenario = try XCTUnwrap(catalog.first { $0.id == id })
            let route = try commands(.expert, scenario)
            let (recorded, recordedURL) = try play(scenario, route, label: "persona-expert")
            let (live, liveURL) = try playLive(scenario, route)
            let records = { (url: URL) in try ActionLog.read(contentsOf: url).actions.map(\.values) }
            XCTAssertEqual(try records(liveURL), try records(recordedURL), "\(id): run `make golden`")
            XCTAssertEqual(live.overall, recorded.overall, id)
        }
    }
}

/// `run --seed N` re-measures the same setup: not a change, and after a fix, a confirmation.
final class SeedConfirmationTests: XCTestCase {
    func testAFixConfirmedOnAnotherSeedIsCreditedAndNotCountedAsAChange() throws {
        BLAS.setThreadCount(1)
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-high" })
        let (grade, _) = try play(
            scenario,
            ["curve", "lr-find", "set lr 0.1", "run", "run --seed 7", "diagnose \(scenario.bugSummary)", "submit"],
            label: "seed-confirmation")
        let rules = grade.firings.map(\.rule)
        XCTAssertTrue(rules.contains("confirmed-on-another-seed"), "\(rules)")
        XCTAssertFalse(rules.contains("shotgun-change"), "\(rules)")
        XCTAssertEqual(grade.firings.filter { $0.rule == "unsupported-change" }.count, 0, "\(rules)")
    }

    func testTheSeedIsShownAndBounded() throws {
        let session = try Session(scenario: try scenario("lr-too-low"), library: library)
        let run = session.execute("run --seed 3")
        XCTAssertTrue(run.text.contains("on seed 3"), run.text)
        XCTAssertEqual(run.decoded(as: RunCommand.Record.self)?.seed, 3)
        XCTAssertTrue(session.execute("run --seed 99999999999").isError)
        XCTAssertTrue(session.execute("set seed -1").isError)
        XCTAssertTrue(session.execute("run 5").isError)
    }
}

/// Sessions an outside tester played, graded as they were: the grader praised what did not
/// happen and ranked a guess above an investigation.
final class UnearnedPraiseTests: XCTestCase {
    func testASessionWithoutChecksEarnsNoPraiseForEfficiencyOrIndependence() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "nan-log-softmax" })
        let (grade, _) = try playLive(
            scenario,
            [
                "set lr 0.001", "set clip 1", "run", "diagnose the training was unstable so I made it more stable",
                "submit",
            ])
        let strengths = grade.strengths.joined(separator: " | ")
        XCTAssertFalse(strengths.contains("direct path"), strengths)
        XCTAssertFalse(strengths.contains("without hints"), strengths)
        XCTAssertFalse(strengths.contains("Independence"), "no hints on an unsolved case is no strength: \(strengths)")
        XCTAssertFalse(strengths.contains("Efficiency"), strengths)
        XCTAssertLessThanOrEqual(grade.score(.efficiency), 40)
        XCTAssertLessThan(grade.overall, 50)
    }

    /// The lr fix followed `update-ratio`; the positions fix followed nothing that shows
    /// positions are missing. Reading `code` first makes the same fix well founded.
    func testAGuessedFixAfterSomeChecksIsNotExpert() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "missing-positions-lr-too-high" })
        let fixes = [
            "set positions learned", "run", "set lr 0.001", "run",
            "diagnose no positional encoding so attention cannot see order, and lr 0.2 too high for adam", "submit",
        ]
        let (guessed, _) = try playLive(scenario, ["config", "curve", "update-ratio", "lr-find"] + fixes)
        XCTAssertTrue(guessed.rootCauseFixed && guessed.diagnosisCorrect)
        XCTAssertTrue(guessed.caps.contains { $0.rule == "guessed-change" })
        XCTAssertEqual(guessed.rubric.first { $0.area == "Practical Debugging" }?.level, .intermediate)
        XCTAssertLessThanOrEqual(guessed.overall, 75)
        let (founded, _) = try playLive(scenario, ["config", "curve", "code", "update-ratio"] + fixes)
        XCTAssertFalse(founded.caps.contains { $0.rule == "guessed-change" })
        XCTAssertGreaterThan(founded.overall, guessed.overall)
    }
}
