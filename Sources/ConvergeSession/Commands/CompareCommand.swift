import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `compare N M`: two runs of the session in one chart, and their epochs side by side, so a
/// change's effect is seen rather than remembered.
public struct CompareCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "compare", tier: .look,
        summary: "two runs of this session: their loss per step in one chart, their epochs side by side",
        usage: "compare N M", example: "compare 1 2", budget: .instant)

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        let count = session.runs.count
        let numbers = arguments.compactMap(Int.init)
        guard arguments.count == 2, numbers.count == 2, numbers.allSatisfy({ (1...count).contains($0) }),
            numbers[0] != numbers[1]
        else {
            return .error(
                count < 2
                    ? "`compare N M` needs two runs: this session has \(count) so far (`run` trains another)."
                    : "`compare N M` takes two different run numbers from 1 to \(count) (`runs` lists them), for example `compare 1 \(count)`."
            )
        }
        return session.compare(numbers[0], numbers[1])
    }
}

extension Session {
    func compare(_ first: Int, _ second: Int) -> CommandResult {
        let runs = [self.runs[first - 1], self.runs[second - 1]]
        let marks: [Character] = style.unicode ? ["•", "o"] : ["*", "o"]
        let describe = { (number: Int, run: PastRun) -> String in
            number == 1
                ? "the teammate's setup" : run.changes.isEmpty ? "no change" : run.changes.joined(separator: "; ")
        }
        // A legend as a table, so a long list of changes wraps under itself.
        var lines = [
            Format.rows([
                [String(marks[0]), "run \(first):", describe(first, runs[0])],
                [String(marks[1]), "run \(second):", describe(second, runs[1])],
            ]),
            "",
        ]
        let longest = runs.map(\.report.history.stepLosses.count).max() ?? 0
        lines.append(
            TerminalPlot(
                title: "loss per step",
                series: zip(runs, marks).map { TerminalPlot.Series(values: $0.report.history.stepLosses, mark: $1) },
                xLabel: "step", xRange: ("1", String(longest))
            ).rendered(style: style))
        let regression = lastRun.data.isRegression
        let epochs = runs.map(\.report.history.epochs)
        // At most about twenty epochs: every k-th, and always the last.
        let epochCount = epochs.map(\.count).max() ?? 0
        let every = Swift.max(1, (epochCount + 19) / 20)
        let shownEpochs = Array(Set(Array(stride(from: 0, to: epochCount, by: every)) + [epochCount - 1])).sorted()
            .filter { $0 >= 0 }
        let rows = shownEpochs.map { index -> [String] in
            [String(index + 1)]
                + epochs.flatMap { history -> [String] in
                    guard index < history.count else { return ["-", "-"] }
                    let epoch = history[index]
                    return [
                        Format.number(epoch.trainingLoss),
                        regression ? Format.number(epoch.evaluationLoss) : Format.percent(epoch.evaluationAccuracy),
                    ]
                }
        }
        let metric = regression ? "val loss" : "val acc"
        lines.append("")
        lines.append(
            Format.table(
                ["epoch", "loss \(first)", "\(metric) \(first)", "loss \(second)", "\(metric) \(second)"], rows))
        return CommandResult(text: lines.joined(separator: "\n"))
    }
}
