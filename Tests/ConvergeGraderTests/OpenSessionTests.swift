import ConvergeGrader
import ConvergeScenarios
import ConvergeTestSupport
import Foundation
import XCTest

/// A case left open is graded as what it is, and keeps its answer.
final class OpenSessionTests: XCTestCase {
    func testTwoLooksAndAQuitAreNotAnIntermediateSessionAndDoNotNameTheBug() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-low" })
        let (grade, url) = try playLive(scenario, ["curve", "init-loss", "quit", "quit"])
        XCTAssertLessThanOrEqual(grade.overall, 30)
        XCTAssertEqual(grade.rubric.first { $0.area == "Practical Debugging" }?.level, .novice)
        XCTAssertFalse(grade.strengths.contains { $0.contains("without hints") || $0.contains("direct path") })
        XCTAssertFalse(grade.strengths.contains { $0.contains("You finished the session") })
        let card = Scorecard(grade: grade).text
        XCTAssertFalse(card.contains(scenario.id), card)
        XCTAssertFalse(card.contains("range test"), "no reading that points at the bug: \(card)")
        XCTAssertTrue(Scorecard(grade: grade, revealsAnswer: true).text.contains(scenario.id))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString)")
        let written = try ReportWriter(grade: grade, transcriptURL: url).write(
            to: folder.appendingPathComponent("open.md"))
        for file in written {
            let text = try String(contentsOf: file, encoding: .utf8)
            XCTAssertFalse(text.contains(scenario.bugSummary), file.lastPathComponent)
            XCTAssertFalse(text.contains(scenario.id), file.lastPathComponent)
        }
    }

    /// Trying a change and then leaving is an unfinished investigation, capped at
    /// Intermediate rather than at Novice.
    func testAnOpenSessionThatTriedAFixIsCappedAtIntermediate() throws {
        let scenario = try XCTUnwrap(catalog.first { $0.id == "lr-too-low" })
        let (grade, _) = try playLive(scenario, ["curve", "lr-find", "set lr 0.1", "run", "quit", "quit"])
        XCTAssertTrue(grade.caps.contains { $0.rule == "not-submitted" && $0.overall == 65 })
    }
}
