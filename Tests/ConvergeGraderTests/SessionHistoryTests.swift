import ConvergeGrader
import ConvergeTestSupport
import Foundation
import XCTest

/// `converge history` numbers the sessions, which `replay` and `grade` accept, and fits the
/// terminal.
final class SessionHistoryTests: XCTestCase {
    /// A folder of three past sessions: a submitted one, an abandoned one, and a second
    /// submitted one, oldest first by file name as the session writes them.
    func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sessions = [
            ("20260101-090000-case-a.jsonl", "missing-positions-lr-too-high--expert"),
            ("20260102-090000-case-b.jsonl", "lr-too-high--persona-slow"),
            ("20260103-090000-case-c.jsonl", "missing-positions-lr-too-high--persona-shotgun"),
        ]
        for (name, golden) in sessions {
            try FileManager.default.copyItem(
                at: goldenFolder.appendingPathComponent(golden + ".jsonl"), to: folder.appendingPathComponent(name))
        }
        // An abandoned session: only its opening line.
        let opening = try XCTUnwrap(
            try String(contentsOf: folder.appendingPathComponent(sessions[1].0), encoding: .utf8).split(
                separator: "\n"
            ).first)
        try (opening + "\n").write(to: folder.appendingPathComponent(sessions[1].0), atomically: true, encoding: .utf8)
        return folder
    }

    func testNumbersAndLastNameTranscripts() throws {
        let folder = try makeFolder()
        XCTAssertEqual(SessionHistory.transcript("1", in: [folder])?.lastPathComponent, "20260101-090000-case-a.jsonl")
        XCTAssertEqual(
            SessionHistory.transcript("last", in: [folder])?.lastPathComponent, "20260103-090000-case-c.jsonl")
        XCTAssertNil(SessionHistory.transcript("4", in: [folder]))
        XCTAssertNil(SessionHistory.transcript("0", in: [folder]))
        XCTAssertNil(SessionHistory.transcript("no-such-file.jsonl", in: [folder]))
    }

    /// The sandbox of an interview is a session like any other: it enters the history, its
    /// numbers and the best scores; the interview's own record is not a session.
    func testInterviewSandboxesCount() throws {
        let transcripts = try makeFolder()
        let interviews = transcripts.deletingLastPathComponent().appendingPathComponent(
            "\(UUID().uuidString)/interviews")
        try FileManager.default.createDirectory(at: interviews, withIntermediateDirectories: true)
        try "{\"event\": \"start\", \"seed\": 0}\n".write(
            to: interviews.appendingPathComponent("20260104-090000.jsonl"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: goldenFolder.appendingPathComponent("dead-relu--expert.jsonl"),
            to: interviews.appendingPathComponent("20260104-090000-sandbox.jsonl"))
        let history = SessionHistory(folders: [transcripts, interviews], scenarios: catalog)
        XCTAssertEqual(history.entries.count, 4)
        XCTAssertEqual(history.problems, [], "the interview's record is not read as a session")
        XCTAssertNotNil(history.bestScores["dead-relu"])
        XCTAssertTrue(history.text(width: 80).contains("dead-relu (interview)"), history.text(width: 80))
        XCTAssertEqual(
            SessionHistory.transcript("last", in: [transcripts, interviews])?.lastPathComponent,
            "20260104-090000-sandbox.jsonl")
    }

    func testTheTableFitsAndShowsEachSessionsNumberAndBestScore() throws {
        let history = SessionHistory(folder: try makeFolder(), scenarios: catalog)
        XCTAssertEqual(history.entries.map(\.number), [1, 2, 3])
        XCTAssertNil(history.entries[1].grade, "the abandoned session has no grade")
        let scores = history.graded.map { Int($0.grade.overall) }
        XCTAssertEqual(history.bestScores["missing-positions-lr-too-high"], scores.max())
        XCTAssertNil(history.bestScores["lr-too-high"], "an abandoned case has no best score")
        for width in [60, 80] {
            let text = history.text(width: width)
            for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, width, String(line)) }
            XCTAssertTrue(text.contains("not submitted"), text)
        }
        // The abandoned session shows its handle, never the scenario's id, which names the bug.
        XCTAssertFalse(history.text(width: 80).contains("lr-too-high\n"))
    }
}
