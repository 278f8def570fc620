import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `hint`: the next hint; each goes deeper, from a nudge to the full answer.
public struct HintCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "hint", tier: .meta, summary: "a hint; each one goes deeper")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// 1 for the first hint, up to 4 (the answer).
        public var level: Int
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.hint()
    }
}

extension Session {
    /// The next hint; each goes deeper, from a nudge to the full answer.
    func hint() -> CommandResult {
        guard hintsUsed < scenario.hints.count else {
            return CommandResult(text: "That was everything I can tell you: " + (scenario.hints.last ?? ""))
        }
        let text = scenario.hints[hintsUsed]
        hintsUsed += 1
        return CommandResult(text: "Hint: \(text)", record: HintCommand.Record(level: hintsUsed))
    }
}
