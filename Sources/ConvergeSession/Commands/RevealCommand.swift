import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `reveal`: give up, end the session and show the bug. Like `quit` it asks first, since
/// the case cannot be played fresh afterwards: the transcript records the answer shown, so
/// a revealed case is never served again as one the candidate has not seen.
public struct RevealCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "reveal", tier: .meta, summary: "give up: end the session and show the bug (asks first)")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// False for the question, true when the bug was shown.
        public var revealed = true
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.reveal()
    }
}

extension Session {
    func reveal() -> CommandResult {
        // The first `reveal` asks; a second one in a row (or `yes`) shows the bug.
        guard pendingQuestion == RevealCommand.spec.name else {
            return CommandResult(
                text:
                    "Give up and see the bug? Type `reveal` again to end the session and show it; the case then "
                    + "counts as seen. (`quit` ends it without showing the answer.)",
                record: RevealCommand.Record(revealed: false))
        }
        isFinished = true
        var result = CommandResult(
            text: "Session ended without a submission. The bug: \(scenario.bugSummary)", record: RevealCommand.Record())
        result.endsSession = true
        return result
    }
}
