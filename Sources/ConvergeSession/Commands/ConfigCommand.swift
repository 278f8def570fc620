import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `config`: the current setup's configuration file: what a real project keeps in one
/// (optimizer, learning rate, widths, initialisation, ...). Choices that are lines of code
/// (the loss, the pipeline, the training loop) are read in `code`.
public struct ConfigCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "config", tier: .look, summary: "the configuration: optimizer, learning rate, widths, ...",
        pointsAt: Set(KnobID.allCases.filter { $0.place == .configuration }), budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var settings: [Setting]
        /// What the settings show, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.config()
    }
}

extension Session {
    func config() -> CommandResult {
        let shown = Knob.all.filter { $0.id.place == .configuration && $0.id.isUsed(by: setup.architecture) }
        let rows = shown.map { knob -> [String] in
            let value = knob.value(in: setup)
            return [knob.name, value + (value != knob.value(in: originalSetup) ? " *" : ""), knob.summary]
        }
        let text =
            Format.table(["setting", "value", "meaning"], rows)
            + "\n\ndata: \(scenario.data), seed \(setup.seed)"
            + "\nThe pipeline, the model's code, the loss and the training loop are in `code`."
            + (setup != originalSetup ? "\n* changed from the original" : "")
        let settings = shown.map { ConfigCommand.Setting(knob: $0.id, value: $0.value(in: setup)) }
        return CommandResult(
            text: text, record: ConfigCommand.Record(settings: settings, findings: SetupFindings.inSettings(setup)))
    }
}

extension ConfigCommand {
    /// One knob's value.
    public struct Setting: Codable, Sendable, Equatable {
        public var knob: KnobID
        public var value: String
    }
}
