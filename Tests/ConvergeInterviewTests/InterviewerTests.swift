import ConvergeEngine
import ConvergeGrader
import ConvergeInterview
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

/// A scripted candidate: how it answers each kind of turn.
struct ScriptedCandidate: Sendable {
    var answer: @Sendable (Problem) -> String
    var probe: @Sendable (Problem) -> String
    var followUp: String
    var sandbox: @Sendable (Scenario) -> [String]
}

final class InterviewerTests: XCTestCase {
    func makeInterviewer(seed: UInt64 = 1, record: InterviewRecord? = nil, recordsFolder: URL? = nil) -> Interviewer {
        Interviewer(
            bank: bank, scenarios: catalog, library: library, seed: seed, record: record, recordsFolder: recordsFolder)
    }

    /// Plays a whole interview and returns every turn.
    func play(_ candidate: ScriptedCandidate, seed: UInt64 = 1, record: InterviewRecord? = nil) -> (
        Interviewer, [InterviewTurn]
    ) {
        let interviewer = makeInterviewer(seed: seed, record: record)
        var turns = interviewer.opening()
        var pending = turns
        var sandboxCommands: [String]?
        var guardCount = 0
        while !interviewer.isFinished && guardCount < 200 {
            guardCount += 1
            if interviewer.phase == .sandbox {
                if sandboxCommands == nil {
                    let scenarioID = try? ActionLogProbe.sandboxScenario(turns)
                    sandboxCommands = candidate.sandbox(catalog.first { $0.id == scenarioID } ?? catalog[0])
                }
                let command = sandboxCommands!.isEmpty ? "submit" : sandboxCommands!.removeFirst()
                pending = interviewer.respond(command)
                turns += pending
                continue
            }
            guard let last = pending.last(where: { [.question, .probe, .followUp].contains($0.kind) }),
                let problem = bank.problem(last.problemID ?? "")
            else {
                pending = interviewer.respond("quit")
                turns += pending
                break
            }
            let reply: String
            switch last.kind {
            case .probe: reply = candidate.probe(problem)
            case .followUp: reply = candidate.followUp
            default: reply = candidate.answer(problem)
            }
            pending = interviewer.respond(reply)
            turns += pending
        }
        return (interviewer, turns)
    }

    static let strong = ScriptedCandidate(
        answer: { $0.modelAnswer },
        probe: { $0.modelAnswer },
        followUp:
            "I would trade exactness for memory: sliding-window or sparse attention, or FlashAttention to keep it exact but tiled.",
        sandbox: { scenario in scenario.expertPath.map { $0 == "diagnose" ? "diagnose \(scenario.bugSummary)" : $0 } })

    static let weak = ScriptedCandidate(
        answer: { _ in "I am not sure, maybe it depends on the data." },
        probe: { _ in "I don't know." },
        followUp: "No idea.",
        sandbox: { _ in ["set hidden 256,256", "set lr 0.01", "set optimizer adam", "run", "submit"] })

    func testTheFirstScreenIsAGreetingAndAQuestion() {
        let turns = makeInterviewer().opening()
        XCTAssertEqual(turns.map(\.kind), [.greeting, .question])
        XCTAssertFalse(turns[0].text.lowercased().contains("help"), "the greeting does not explain the tool")
        XCTAssertTrue(turns[1].text.hasSuffix("?"))
    }

    func testAStrongCandidateReachesTheHardProblemsAndEndsExpert() {
        let (interviewer, turns) = play(Self.strong)
        XCTAssertTrue(interviewer.isFinished)
        let difficulties = interviewer.answered.map(\.problem.difficulty)
        XCTAssertEqual(difficulties.max(), 5, "reaches the hardest problems: \(interviewer.answered.map(\.problem.id))")
        XCTAssertTrue(turns.contains { $0.kind == .followUp }, "strong answers get follow-up constraints")
        let scorecard = interviewer.scorecard
        XCTAssertEqual(scorecard.fundamentalsLevel, .expert, scorecard.text)
        XCTAssertEqual(scorecard.practicalLevel, .expert, scorecard.text)
        XCTAssertEqual(scorecard.strengths.count, 3)
        XCTAssertEqual(scorecard.improvements.count, 3)
        XCTAssertTrue((2...3).contains(scorecard.resources.count))
    }

    func testAWeakCandidateStaysAtTheEasiestLevelAndEndsNovice() {
        let (interviewer, turns) = play(Self.weak)
        XCTAssertTrue(interviewer.isFinished)
        let warmups = interviewer.answered.filter { $0.problem.phase == .warmup }
        XCTAssertTrue(warmups.dropFirst().allSatisfy { $0.problem.difficulty == 1 }, "\(warmups.map(\.problem.id))")
        let easiestDesign = bank.problems.filter { $0.phase == .design }.map(\.difficulty).min()
        XCTAssertTrue(
            interviewer.answered.filter { $0.problem.phase == .design }.allSatisfy {
                $0.problem.difficulty == easiestDesign
            })
        XCTAssertTrue(turns.contains { $0.kind == .probe }, "missing concepts are probed, not recited")
        XCTAssertEqual(interviewer.scorecard.fundamentalsLevel, .novice)
        XCTAssertEqual(interviewer.scorecard.practicalLevel, .novice)
    }

    func testHintsComeInOrder() throws {
        let interviewer = makeInterviewer()
        let question = try XCTUnwrap(interviewer.opening().last)
        let problem = try XCTUnwrap(bank.problem(question.problemID ?? ""))
        let levels = (0..<4).map { _ in interviewer.respond("hint").first?.hintLevel }
        XCTAssertEqual(levels, [1, 2, 3, 4])
        XCTAssertEqual(interviewer.respond("hint").first?.kind, .info, "no fifth hint")
        XCTAssertTrue(try XCTUnwrap(interviewer.respond("answer").first).text == problem.modelAnswer)
    }

    /// In the sandbox, `quit` asks before it ends the whole interview, as the sandbox's own
    /// `quit` does; a second in a row ends it. It used to end the interview at once.
    func testQuittingFromTheSandboxAsksFirst() throws {
        let interviewer = makeInterviewer()
        _ = interviewer.opening()
        var skips = 0
        while interviewer.phase != .sandbox && !interviewer.isFinished && skips < 60 {
            _ = interviewer.respond("skip")
            skips += 1
        }
        XCTAssertEqual(interviewer.phase, .sandbox)
        let asked = try XCTUnwrap(interviewer.respond("quit").first)
        XCTAssertTrue(asked.text.contains("End the whole interview here?"), asked.text)
        XCTAssertFalse(interviewer.isFinished)
        XCTAssertEqual(interviewer.respond("curve").first?.kind, .sandbox, "a command carries on")
        _ = interviewer.respond("quit")
        XCTAssertFalse(interviewer.isFinished, "a quit after a command asks again")
        _ = interviewer.respond("quit")
        XCTAssertTrue(interviewer.isFinished)
    }

    /// A line that is a command is that command, flags and all; a sandbox command typed
    /// during the questions is explained, and neither is read as an answer.
    func testACommandWithFlagsIsACommandNotAnAnswer() throws {
        let interviewer = makeInterviewer()
        XCTAssertNotNil(interviewer.opening().last)
        let picture = try XCTUnwrap(interviewer.respond("attention --unscaled").first)
        XCTAssertEqual(picture.kind, .info)
        XCTAssertTrue(picture.text.contains("the scale removed"), picture.text)
        let sandbox = try XCTUnwrap(interviewer.respond("grad-norms").first)
        XCTAssertEqual(sandbox.kind, .info)
        XCTAssertTrue(sandbox.text.contains("debugging sandbox"), sandbox.text)
        XCTAssertTrue(try XCTUnwrap(interviewer.respond("hint --now").first).text.contains("takes no --now"))
        XCTAssertEqual(interviewer.respond("hint").first?.hintLevel, 1, "the same question is still open")
        XCTAssertTrue(Interviewer.isCommand("attention --unscaled"))
        XCTAssertFalse(Interviewer.isCommand("attention is all you need"))
    }

    /// The scorecard fits a 60-column terminal once wrapped: each question's score comes
    /// before its title, so a long title wraps under itself instead of running into it.
    func testTheScorecardFitsANarrowTerminal() throws {
        let (_, turns) = play(Self.strong)
        let scorecard = try XCTUnwrap(turns.last { $0.kind == .scorecard }).text
        let fitted = TextWrapping.wrapProse(scorecard, width: 60)
        for line in fitted.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, String(line)) }
        XCTAssertTrue(
            scorecard.split(separator: "\n").contains {
                $0.range(of: #"^  \d+%\s+[A-Z]"#, options: .regularExpression) != nil
            },
            scorecard)
        XCTAssertTrue(scorecard.contains("/100  Debugging sandbox ("), scorecard)
        // Equal scores everywhere have no strongest and weakest question.
        XCTAssertFalse(scorecard.contains("weakest on Pooling layers (100%)"), scorecard)
    }

    func testEasierAndHarderMoveAlongTheBank() throws {
        let interviewer = makeInterviewer()
        let first = try XCTUnwrap(interviewer.opening().last?.difficulty)
        let harder = try XCTUnwrap(interviewer.respond("harder").last?.difficulty)
        XCTAssertGreaterThan(harder, first)
        let easier = try XCTUnwrap(interviewer.respond("easier").last?.difficulty)
        XCTAssertLessThan(easier, harder)
    }

    func testSameSeedSameInterview() {
        let first = play(Self.strong, seed: 3).1.map { $0.json.serialized() }
        let second = play(Self.strong, seed: 3).1.map { $0.json.serialized() }
        XCTAssertEqual(first, second)
    }

    func testProgressIsSavedAfterEveryAnswer() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-interview-\(UUID().uuidString).jsonl")
        let interviewer = makeInterviewer(record: try InterviewRecord(url: url))
        let question = try XCTUnwrap(interviewer.opening().last)
        _ = interviewer.respond(try XCTUnwrap(bank.problem(question.problemID ?? "")).modelAnswer)
        let events = try Transcript.events(at: url).compactMap { event -> String? in
            if case .string(let kind)? = event["event"] { return kind } else { return nil }
        }
        XCTAssertEqual(Array(events.prefix(3)), ["start", "question", "answer"])
        XCTAssertTrue(events.contains("assessment"))
    }

    func testContinuingUsesTheHistory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-interviews-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let past = try InterviewRecord(url: folder.appendingPathComponent("past.jsonl"))
        past.append("assessment", [("problem", .string("batchnorm")), ("score", .number(20))])
        past.append("assessment", [("problem", .string("dropout")), ("score", .number(90))])
        let interviewer = makeInterviewer(recordsFolder: folder)
        _ = interviewer.opening()
        let offer = try XCTUnwrap(interviewer.respond("continue").first)
        XCTAssertTrue(offer.text.contains("normalisation (20%)"), offer.text)
        XCTAssertTrue(offer.text.contains("What would you like to work on?"))
        let next = try XCTUnwrap(interviewer.respond("let's work on normalisation please").last)
        XCTAssertEqual(bank.problem(next.problemID ?? "")?.topic, "normalisation")
    }

    /// A record edited by hand ("score": 1e30) is skipped, and `continue` still works.
    func testHostileNumbersInARecordAreSkipped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-interviews-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let past = try InterviewRecord(url: folder.appendingPathComponent("past.jsonl"))
        past.append("assessment", [("problem", .string("batchnorm")), ("score", .number(1e30))])
        past.append("assessment", [("problem", .string("dropout")), ("score", .number(-5))])
        past.append("assessment", [("problem", .string("pooling")), ("score", .number(30))])
        XCTAssertEqual(InterviewRecord.weakTopics(in: folder, bank: bank).map(\.topic), ["cnn"])
        let interviewer = makeInterviewer(recordsFolder: folder)
        _ = interviewer.opening()
        XCTAssertFalse(interviewer.respond("continue").isEmpty)
    }

    /// A pasted file is refused with the bound, before any work.
    func testAnOverlongAnswerIsRefused() {
        let interviewer = makeInterviewer()
        _ = interviewer.opening()
        let turns = interviewer.respond(String(repeating: "gradient ", count: 5_000))
        XCTAssertEqual(turns.count, 1)
        XCTAssertTrue(turns[0].text.contains("I read answers of up to 20000"), turns[0].text)
    }
}

/// Reads the sandbox's scenario from the interview's turns (the opening names its handle).
enum ActionLogProbe {
    static func sandboxScenario(_ turns: [InterviewTurn]) throws -> String? {
        guard let intro = turns.last(where: { $0.kind == .sandbox }) else { return nil }
        return catalog.first { intro.text.contains($0.handle) }?.id
    }
}

final class CandidateInputTests: XCTestCase {
    func testAnswersEndAtABlankLineOrADotAndCommandsStandAlone() {
        let input = CandidateInput(lines: [
            "", "# a comment", "hint", "First line of an answer", "second line", "", "harder",
            "Another answer", ".", "set lr 0.1", "run", "last words",
        ])
        XCTAssertEqual(input.next(singleLines: false), "hint")
        XCTAssertEqual(input.next(singleLines: false), "First line of an answer\nsecond line")
        XCTAssertEqual(input.next(singleLines: false), "harder")
        XCTAssertEqual(input.next(singleLines: false), "Another answer")
        XCTAssertEqual(input.next(singleLines: true), "set lr 0.1", "in the sandbox every line is a command")
        XCTAssertEqual(input.next(singleLines: true), "run")
        XCTAssertEqual(input.next(singleLines: false), "last words", "end of input ends the last answer")
        XCTAssertNil(input.next(singleLines: false))
    }

    func testAScriptedInterviewThroughTheInputParserIsDeterministic() throws {
        func transcript() throws -> [String] {
            let interviewer = Interviewer(bank: bank, scenarios: catalog, library: library, seed: 5)
            var turns = interviewer.opening()
            let question = try XCTUnwrap(bank.problem(turns.last?.problemID ?? ""))
            let input = CandidateInput(
                lines: ["hint", "hint"] + question.modelAnswer.split(separator: "\n").map(String.init) + [
                    "", "easier", "quit",
                ])
            while !interviewer.isFinished, let reply = input.next(singleLines: interviewer.phase == .sandbox) {
                turns += interviewer.respond(reply)
            }
            return turns.map { $0.json.serialized() }
        }
        let first = try transcript()
        XCTAssertEqual(first, try transcript())
        XCTAssertTrue(first.contains { $0.contains("\"hint_level\": 2") })
        XCTAssertTrue(first.last?.contains("\"kind\": \"farewell\"") ?? false)
    }
}
