import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `quit`: end the session without submitting. It asks first, and never shows the answer:
/// that takes an explicit `reveal`.
public struct QuitCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "quit", tier: .meta, summary: "end the session without submitting (asks first)")

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.quit()
    }
}

extension Session {
    func quit() -> CommandResult {
        // The first `quit` asks; a second one in a row ends the session.
        guard pendingQuestion == QuitCommand.spec.name else {
            return CommandResult(
                text:
                    "End the session without submitting? Type `quit` again to end it; the case stays unsolved and "
                    + "its answer is not shown. (`reveal` ends it and shows the bug.)")
        }
        isFinished = true
        var result = CommandResult(
            text: "Session ended without a submission. The bug was not shown: you can come back to this case later.")
        result.endsSession = true
        return result
    }
}
