import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `quit`: end the session without submitting.
public struct QuitCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "quit", tier: .meta, summary: "end the session without submitting")

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.quit()
    }
}

extension Session {
    func quit() -> CommandResult {
        isFinished = true
        var result = CommandResult(
            text: "Session ended without a submission. The bug was \(scenario.id): \(scenario.bugSummary)")
        result.endsSession = true
        return result
    }
}
