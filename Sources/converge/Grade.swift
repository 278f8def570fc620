import ArgumentParser
import ConvergeEngine
import ConvergeGrader
import ConvergeScenarios
import ConvergeSupport
import Foundation

extension Converge {
    /// Scores any transcript: the same result every time, from the transcript and its scenario.
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a session transcript and print its scorecard.",
            discussion: "Dimensions and weights are documented in README.md.")

        @Argument(help: "A session number from `converge history`, `last`, or a transcript file (JSON lines).")
        var transcript: String

        @Flag(help: "Print one JSON object.")
        var json = false

        @Option(
            help:
                "Also write the scorecard, the transcript and the runs' curves to this Markdown file, with the chart (SVG) and a self-contained web page (HTML) beside it."
        )
        var report: String?

        @Flag(help: "With --report: replace a report that already exists.")
        var overwrite = false

        @Flag(
            help:
                "Name the bug even when the case is still open (neither submitted nor revealed): for interviewers; a candidate who uses it sees the answer."
        )
        var reveal = false

        func validate() throws {
            guard let report, !overwrite else { return }
            let url = URL(fileURLWithPath: report)
            let chart = url.deletingPathExtension().path + "-loss.svg"
            let page = url.deletingPathExtension().path + ".html"
            for path in [url.path, chart, page] where FileManager.default.fileExists(atPath: path) {
                throw ValidationError("\(path) already exists: give another --report path, or add --overwrite")
            }
        }

        func run() throws {
            let url = try Converge.transcript(transcript)
            let grade = try Grader.grade(transcriptAt: url, catalog: try Catalog.loadForSessions())
            if let line = grade.log.incompleteLine {
                StandardError.print(
                    "note: \(url.path):\(line) was cut off mid-write; graded up to the line before it")
            }
            if json {
                print(grade.json.serialized())
            } else {
                print(
                    TextWrapping.wrapProse(
                        Scorecard(grade: grade, revealsAnswer: reveal ? true : nil).text,
                        width: TerminalWidth.columns() - 1))
            }
            if let report {
                let written = try ReportWriter(grade: grade, transcriptURL: url, revealsAnswer: reveal ? true : nil)
                    .write(
                        to: URL(fileURLWithPath: report))
                if !json { print("\nReport written to \(written.map(\.path).joined(separator: ", "))") }
            }
        }
    }
}
