import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `diff`: what changed from the original setup.
public struct DiffCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "diff", tier: .meta, summary: "what you changed from the original setup")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// Every change, as `set KNOB VALUE`.
        public var changes: [String]
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.diff()
    }
}

extension Session {
    func diff() -> CommandResult {
        let changed = Knob.all.filter { $0.value(in: setup) != $0.value(in: originalSetup) }
        let text =
            changed.isEmpty
            ? "No changes from the original setup."
            : Format.table(
                ["setting", "original", "now"],
                changed.map { [$0.name, $0.value(in: originalSetup), $0.value(in: setup)] })
        return CommandResult(
            text: text,
            record: DiffCommand.Record(
                changes: changed.map { Change(knob: $0.id, value: $0.value(in: setup)).description }))
    }
}
