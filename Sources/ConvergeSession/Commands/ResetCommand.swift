import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `reset`: go back to the original setup.
public struct ResetCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "reset", tier: .meta, summary: "go back to the original setup")

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.reset()
    }
}

extension Session {
    func reset() -> CommandResult {
        setup = originalSetup
        pendingChanges = []
        return CommandResult(text: "Back to the original setup. `run` to train it again.")
    }
}
