import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `reveal`: give up, end the session and show the bug. The transcript records it, so a
/// revealed case is never served again as one the candidate has not seen.
public struct RevealCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "reveal", tier: .meta, summary: "give up: end the session and show the bug")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var revealed = true
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.reveal()
    }
}

extension Session {
    func reveal() -> CommandResult {
        isFinished = true
        var result = CommandResult(
            text: "Session ended without a submission. The bug: \(scenario.bugSummary)", record: RevealCommand.Record())
        result.endsSession = true
        return result
    }
}
