import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `report`: the teammate's report again.
public struct ReportCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "report", tier: .look, summary: "show the teammate's report again")

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        CommandResult(text: session.opening)
    }
}
