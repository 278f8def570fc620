import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import Foundation

/// Writes a session report for an interviewer: the scorecard, the transcript command by
/// command, and the loss curves of every training run as SVG images beside the Markdown.
public struct ReportWriter {
    public let grade: Grade
    public let transcriptURL: URL?

    public init(grade: Grade, transcriptURL: URL?) {
        self.grade = grade
        self.transcriptURL = transcriptURL
    }

    /// Writes `url` and its SVG images; returns every file written.
    public func write(to url: URL) throws -> [URL] {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stem = url.deletingPathExtension().lastPathComponent
        var written: [URL] = []
        var curves: [(title: String, losses: [Double?])] = [("original setup", grade.log.initialCurve.losses)]
        for action in grade.log.actions where !action.isError {
            let losses =
                action.record(RunCommand.Record.self)?.epochLosses
                ?? action.record(SubmitCommand.Record.self)?.epochLosses
            guard let losses, !losses.isEmpty, action.is(RunCommand.self) || action.is(SubmitCommand.self) else {
                continue
            }
            curves.append(("command \(action.index): \(action.input)", losses))
        }
        let chart = SVGChart(title: "training loss per epoch (log scale)", series: curves)
        let chartURL = folder.appendingPathComponent("\(stem)-loss.svg")
        try chart.svg.write(to: chartURL, atomically: true, encoding: .utf8)
        written.append(chartURL)

        var lines = ["# Converge session report: \(grade.scenario.title)", ""]
        lines.append(
            "Scenario `\(grade.scenario.id)` (\(grade.scenario.difficulty.rawValue)), shown to the candidate as `\(grade.log.handle)`; started \(grade.log.startTime), seed \(grade.log.seed)."
        )
        lines.append("")
        lines.append("> " + grade.scenario.reportParagraphs.joined(separator: "\n>\n> "))
        lines.append("")
        lines.append(Scorecard(grade: grade).markdown)
        lines.append("\n## Loss curves\n")
        lines.append("![training loss](\(chartURL.lastPathComponent))")
        lines.append("\n## Transcript\n")
        lines.append("| # | tier | command | grader |")
        lines.append("|---|---|---|---|")
        for action in grade.log.actions {
            let remarks = grade.firings.filter { $0.commandIndex == action.index }.map(\.observation).joined(
                separator: "; ")
            lines.append(
                "| \(action.index) | \(action.tier.name) | `\(action.input.replacingOccurrences(of: "|", with: "\\|"))` | \(Scorecard.escape(remarks)) |"
            )
        }
        lines.append("\nThe bug: \(grade.scenario.bugSummary)")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        written.insert(url, at: 0)
        return written
    }
}
