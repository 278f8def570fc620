import ArgumentParser
import ConvergeEngine
import ConvergeGrader
import ConvergeScenarios
import Foundation

extension Converge {
    /// Scores any transcript: the same result every time, from the transcript and its scenario.
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a session transcript and print its scorecard.",
            discussion: "Dimensions and weights are documented in README.md.")

        @Argument(help: "A transcript file (JSON lines).")
        var transcript: String

        @Flag(help: "Print one JSON object.")
        var json = false

        @Option(help: "Also write the scorecard, the transcript and the loss curves (SVG beside it) to this Markdown file.")
        var report: String?

        func run() throws {
            let grade = try Grading.grade(transcript: URL(fileURLWithPath: transcript))
            if json {
                print(grade.json.serialized())
            } else {
                print(Scorecard(grade: grade).text)
            }
            if let report {
                let written = try ReportWriter(grade: grade, transcriptURL: URL(fileURLWithPath: transcript)).write(to: URL(fileURLWithPath: report))
                if !json { print("\nReport written to \(written.map(\.path).joined(separator: ", "))") }
            }
        }
    }
}

/// Grading from the command line: find the transcript's scenario in the catalogue, then grade.
enum Grading {
    static func grade(transcript url: URL) throws -> ConvergeGrader.Grade {
        let log = try ActionLog.read(contentsOf: url)
        let catalog = try Catalog.load()
        guard let scenario = catalog.scenarios.first(where: { $0.id == log.scenarioID }) else {
            throw ValidationError("\(url.path):1: the transcript's scenario '\(log.scenarioID)' is not in the catalogue")
        }
        return Grader(scenario: scenario).grade(log)
    }
}
