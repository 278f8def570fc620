import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `diagnose`: state the root cause in your own words.
public struct DiagnoseCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "diagnose", tier: .meta, summary: "state the root cause in your own words",
        usage: "diagnose EXPLANATION", example: "diagnose <the root cause>, because <what showed it>")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var statement: String
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.diagnose(arguments)
    }
}

extension Session {
    func diagnose(_ arguments: [String]) -> CommandResult {
        guard !arguments.isEmpty else {
            return .error(
                "Say what you think the root cause is and what showed it: "
                    + "`diagnose <the root cause>, because <what showed it>`.")
        }
        diagnosis = arguments.joined(separator: " ")
        return CommandResult(
            text: "Noted. `submit` when your setup is fixed; you can `diagnose` again to revise.",
            record: DiagnoseCommand.Record(statement: diagnosis ?? ""))
    }
}
