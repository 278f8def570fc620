import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import Foundation

/// Writes a session report for an interviewer: the scorecard, the transcript command by
/// command, and the loss curves of every training run as SVG images beside the Markdown.
public struct ReportWriter {
    public let grade: Grade
    public let transcriptURL: URL?
    /// Whether the report names the bug (see `Scorecard.revealsAnswer`).
    public let revealsAnswer: Bool

    public init(grade: Grade, transcriptURL: URL?, revealsAnswer: Bool? = nil) {
        self.grade = grade
        self.transcriptURL = transcriptURL
        self.revealsAnswer = revealsAnswer ?? grade.log.showedAnswer
    }

    /// What the report says of the case: its id and difficulty, or only its handle while the
    /// case is open.
    var caseLine: String {
        revealsAnswer
            ? "Scenario `\(grade.scenario.id)` (\(grade.scenario.difficulty.rawValue)), shown to the candidate as `\(grade.log.handle)`"
            : "Case `\(grade.log.handle)` (\(grade.scenario.difficulty.rawValue)), still open: its answer is not shown"
    }

    /// The report's last line: the bug, or why it is not named.
    var bugLine: String {
        revealsAnswer
            ? "The bug: \(grade.scenario.bugSummary)"
            : "The bug is not named: the case was neither submitted nor revealed (`converge grade --reveal` shows it)."
    }

    /// Writes `url` and its SVG images; returns every file written.
    public func write(to url: URL) throws -> [URL] {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stem = url.deletingPathExtension().lastPathComponent
        var written: [URL] = []
        let chart = SVGChart(runs: chartRuns)
        let chartURL = folder.appendingPathComponent("\(stem)-loss.svg")
        try chart.svg.write(to: chartURL, atomically: true, encoding: .utf8)
        written.append(chartURL)

        var lines = ["# Converge session report: \(grade.scenario.title)", ""]
        lines.append(
            "\(caseLine); started \(grade.log.startTime), seed \(grade.log.seed)."
        )
        lines.append("")
        lines.append("> " + grade.scenario.reportParagraphs.joined(separator: "\n>\n> "))
        lines.append("")
        lines.append(Scorecard(grade: grade, revealsAnswer: revealsAnswer).markdown)
        lines.append("\n## Training runs\n")
        lines.append("![training loss and validation accuracy of every run](\(chartURL.lastPathComponent))")
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
        lines.append("\n\(bugLine)")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        written.insert(url, at: 0)
        let page = url.deletingPathExtension().appendingPathExtension("html")
        try html(chart: chart.svg).write(to: page, atomically: true, encoding: .utf8)
        written.insert(page, at: 1)
        return written
    }

    /// Every training run of the session, labelled by what it changed: the original setup,
    /// each `run`, and the submission's retraining.
    var chartRuns: [ChartRun] {
        var runs = [
            ChartRun(
                label: "run 1: original setup", losses: grade.log.initialCurve.losses,
                accuracies: grade.log.initialCurve.accuracies, isOriginal: true)
        ]
        for action in grade.log.actions where !action.isError {
            if let run = action.record(RunCommand.Record.self), action.is(RunCommand.self), !run.epochLosses.isEmpty {
                // Numbered as `runs` numbers them: the teammate's is run 1.
                let changes = Self.net(run.changes)
                runs.append(
                    ChartRun(
                        label: "run \(runs.count + 1): " + (changes.isEmpty ? "re-run, nothing changed" : changes),
                        losses: run.epochLosses, accuracies: run.epochValAccuracy))
            } else if let submitted = action.record(SubmitCommand.Record.self), action.is(SubmitCommand.self),
                !submitted.epochLosses.isEmpty
            {
                let changes = Self.net(submitted.changes)
                runs.append(
                    ChartRun(
                        label: "submitted: " + (changes.isEmpty ? "the original setup" : changes),
                        losses: submitted.epochLosses, accuracies: submitted.epochValAccuracy))
            }
        }
        return runs
    }

    /// `set KNOB VALUE` changes as the legend says them: each knob once, at its last value
    /// ("hidden 1024,1024" then "hidden 64" is "hidden 64").
    static func net(_ changes: [String]) -> String {
        let settings = changes.map { $0.replacingOccurrences(of: "set ", with: "") }
        var last: [String: String] = [:]
        var order: [String] = []
        for setting in settings {
            let knob = String(setting.split(separator: " ").first ?? "")
            if last[knob] == nil { order.append(knob) }
            last[knob] = setting
        }
        return order.compactMap { last[$0] }.joined(separator: ", ")
    }

    /// The report as one self-contained web page: the scorecard, the runs' chart inline, and
    /// the transcript with the grader's remarks.
    func html(chart: String) -> String {
        func escape(_ text: String) -> String { SVGChart.escape(text) }
        var body = [
            "<h1>Converge session report: \(escape(grade.scenario.title))</h1>",
            "<p class=\"meta\">\(escape(caseLine.replacingOccurrences(of: "`", with: ""))); "
                + "started \(escape(grade.log.startTime)), seed \(grade.log.seed).</p>",
            "<blockquote>" + grade.scenario.reportParagraphs.map { "<p>\(escape($0))</p>" }.joined() + "</blockquote>",
            Scorecard(grade: grade, revealsAnswer: revealsAnswer).html,
            "<h2>Training runs</h2>",
            "<figure>\(chart)</figure>",
            "<h2>Transcript</h2>",
            "<table><tr><th>#</th><th>tier</th><th>command</th><th>grader</th></tr>",
        ]
        for action in grade.log.actions {
            let remarks = grade.firings.filter { $0.commandIndex == action.index }.map(\.observation)
            body.append(
                "<tr><td>\(action.index)</td><td>\(action.tier.name)</td><td><code>\(escape(action.input))</code></td>"
                    + "<td>\(remarks.map(escape).joined(separator: "<br>"))</td></tr>")
        }
        body.append("</table>")
        body.append("<p>\(escape(bugLine))</p>")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Converge report: \(escape(grade.log.handle))</title>
            <style>
            body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
            table { border-collapse: collapse; margin: 1rem 0; }
            th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
            th { background: #f2f2f2; }
            blockquote { border-left: 4px solid #ccc; margin: 1rem 0; padding: 0 1rem; color: #444; }
            .meta { color: #555; }
            figure { margin: 1rem 0; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }
}
