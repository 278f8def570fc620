import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// The command table is one list of types: these tests keep it whole.
final class CommandTableTests: XCTestCase {
    /// Every file under `Commands/` named `…Command.swift` is a command in the list, so a new
    /// command cannot be forgotten there.
    func testEveryCommandFileIsInTheList() throws {
        let folder = projectRoot.appendingPathComponent("Sources/ConvergeSession/Commands")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix("Command.swift") && $0 != "SessionCommand.swift" }
            .map { String($0.dropLast(".swift".count)) }
        let listed = SessionCommands.all.map { String(describing: $0) }
        XCTAssertEqual(Set(files), Set(listed))
        XCTAssertEqual(listed.count, Set(listed).count, "a command is listed twice")
    }

    func testNamesAreUniqueAndEveryCommandHasHelp() {
        let names = SessionCommands.specs.map(\.name)
        XCTAssertEqual(names.count, Set(names).count)
        for spec in SessionCommands.specs {
            XCTAssertFalse(spec.summary.isEmpty, spec.name)
            XCTAssertTrue(spec.usage.hasPrefix(spec.name), spec.name)
            XCTAssertTrue(spec.example.hasPrefix(spec.name), spec.name)
        }
    }

    /// Look, sanity and instrument commands answer within 300 ms; those that train a run, 2 s.
    func testEveryInvestigationCommandHasABudget() {
        for spec in SessionCommands.specs where [.sanity, .instrument].contains(spec.tier) {
            XCTAssertEqual(spec.budget, .instant, spec.name)
        }
        XCTAssertEqual(RunCommand.spec.budget, .training)
        XCTAssertEqual(LRFindCommand.spec.budget, .training)
    }

    func testEveryCommandAnswersAndNoneEndsTheSessionByAccident() throws {
        let s = try session("lr-too-high")
        let ending = [SubmitCommand.spec.name, QuitCommand.spec.name, RevealCommand.spec.name]
        for spec in SessionCommands.specs where !ending.contains(spec.name) {
            let result = s.execute(spec.example)
            XCTAssertEqual(result.name, spec.name)
            XCTAssertFalse(s.isFinished, "`\(spec.example)` ended the session")
        }
        XCTAssertFalse(s.execute("reveal").endsSession, "reveal asks first")
        XCTAssertTrue(s.execute("reveal").endsSession)
    }

    /// `quit` asks first and never shows the answer; `reveal` shows it, and is recorded.
    func testQuitAsksFirstAndOnlyRevealShowsTheBug() throws {
        let s = try session("shuffled-labels")
        let first = s.execute("quit")
        XCTAssertFalse(first.endsSession)
        XCTAssertTrue(first.text.contains("Type `quit` again"), first.text)
        s.execute("curve")
        XCTAssertFalse(s.execute("quit").endsSession, "a quit after another command asks again")
        let second = s.execute("quit")
        XCTAssertTrue(second.endsSession)
        XCTAssertFalse(second.text.contains(s.scenario.bugSummary))
        let revealing = try session("shuffled-labels")
        let asked = revealing.execute("reveal")
        XCTAssertFalse(asked.endsSession || asked.text.contains(revealing.scenario.bugSummary), asked.text)
        XCTAssertEqual(asked.decoded(as: RevealCommand.Record.self)?.revealed, false)
        XCTAssertEqual(revealing.execute("no").text, "The session goes on.")
        XCTAssertFalse(revealing.execute("reveal").endsSession, "after an answer, reveal asks again")
        let reveal = revealing.execute("yes")
        XCTAssertTrue(reveal.endsSession && reveal.text.contains(revealing.scenario.bugSummary))
        XCTAssertEqual(reveal.decoded(as: RevealCommand.Record.self)?.revealed, true)
        // The question is answered as a person would: "n" carries on, "yes" ends it.
        let answering = try session("shuffled-labels")
        answering.execute("quit")
        let no = answering.execute("n")
        XCTAssertEqual(no.text, "The session goes on.")
        XCTAssertFalse(answering.isFinished)
        answering.execute("quit")
        XCTAssertTrue(answering.execute("yes").endsSession)
        XCTAssertTrue(
            try session("shuffled-labels").execute("yes").text.hasPrefix("Unknown command"), "only after quit")
    }

    func testHelpListsEveryCommand() throws {
        let help = try session("lr-too-high").execute("help").text
        for spec in SessionCommands.specs { XCTAssertTrue(help.contains(spec.usage), spec.name) }
    }
}
