import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `code`: the training script of the current setup, as the PyTorch a teammate would have written.
public struct CodeCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "code", tier: .look, summary: "the training script, as PyTorch-like code",
        pointsAt: Set(KnobID.allCases), budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// What the script shows, for the grader.
        public var findings: [Finding]
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.code()
    }
}

extension Session {
    func code() -> CommandResult {
        // Positions must cover the longest sequence the model is shown.
        var codeShape = Array(source.inputs.shape.dropFirst())
        if let steps = scenario.validationSteps, codeShape.count == 2 { codeShape[0] = Swift.max(codeShape[0], steps) }
        return CommandResult(
            text: TrainingScript(
                setup: setup, data: scenario.data, exampleShape: codeShape,
                pretraining: scenario.pretraining, labelledRows: scenario.labelledRows,
                validationSteps: scenario.validationSteps
            ).text,
            record: CodeCommand.Record(findings: SetupFindings.inScript(setup, data: scenario.data)))
    }
}
