import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `config`: every setting of the current setup.
public struct ConfigCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "config", tier: .look, summary: "every setting of the current setup",
        pointsAt: [
            .optimizer, .weightDecay, .learningRate, .momentum, .batch, .epochs, .initialization, .biasInit, .dropout,
            .evaluationBatch,
        ], budget: .instant)

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
        let rows = Knob.all.map { knob -> [String] in
            let value = knob.value(in: setup)
            return [knob.name, value + (value != knob.value(in: originalSetup) ? " *" : ""), knob.summary]
        }
        let text =
            Format.table(["setting", "value", "meaning"], rows)
            + "\n\ndata: \(scenario.data), seed \(setup.seed)"
            + (setup != originalSetup ? "\n* changed from the original" : "")
        let settings = Knob.all.map { ConfigCommand.Setting(knob: $0.id, value: $0.value(in: setup)) }
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
