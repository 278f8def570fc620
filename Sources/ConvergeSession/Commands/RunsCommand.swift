import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `runs`: every run of the session, the teammate's first, with what changed and how it ended.
public struct RunsCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "runs", tier: .look,
        summary: "every run of this session: what changed, how it ended (`curve N` shows one, `compare N M` two)",
        budget: .instant)

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.listRuns()
    }
}

extension Session {
    func listRuns() -> CommandResult {
        let regression = lastRun.data.isRegression
        let rows = runs.enumerated().map { index, run -> [String] in
            let history = run.report.history
            let ending =
                history.hasDiverged
                ? "diverged"
                : regression
                    ? Format.number(run.report.validationLoss) : Format.percent(run.report.validationAccuracy)
            return [
                String(index + 1), Format.number(run.report.finalTrainingLoss), ending,
                index == 0
                    ? "the teammate's setup" : run.changes.isEmpty ? "no change" : run.changes.joined(separator: "; "),
            ]
        }
        let text =
            Format.table(
                ["run", "final loss", regression ? "val loss" : "val acc", "changes since the run before"], rows)
            + "\n\n`curve N` shows run N's curve; `compare N M` draws two runs in one chart."
        return CommandResult(text: text)
    }
}
