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
        for spec in SessionCommands.specs where ![SubmitCommand.spec.name, QuitCommand.spec.name].contains(spec.name) {
            let result = s.execute(spec.example)
            XCTAssertEqual(result.name, spec.name)
            XCTAssertFalse(s.isFinished, "`\(spec.example)` ended the session")
        }
        XCTAssertTrue(s.execute("quit").endsSession)
    }

    func testHelpListsEveryCommand() throws {
        let help = try session("lr-too-high").execute("help").text
        for spec in SessionCommands.specs { XCTAssertTrue(help.contains(spec.usage), spec.name) }
    }
}
