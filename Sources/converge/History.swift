import ArgumentParser
import ConvergeEngine
import ConvergeGrader
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

extension Converge {
    /// Past sessions with their scores and the trend of each dimension.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List past sessions with scores and the trend per dimension.")

        @Option(help: "Folder of transcripts (default: ~/.local/share/converge/transcripts).")
        var folder: String?

        func run() throws {
            let catalog = try Catalog.loadForSessions()
            let history = SessionHistory(folder: Converge.transcriptFolder(folder), scenarios: catalog.scenarios)
            for problem in history.problems { StandardError.print("skipped \(problem)") }
            guard !history.entries.isEmpty else {
                print("No sessions yet. Start one with `converge run`.")
                return
            }
            let header = ["date", "scenario", "overall"] + Dimension.allCases.map { String($0.rawValue.prefix(5)) }
            var rows: [[String]] = []
            for entry in history.entries {
                let date = String(entry.log.startTime.prefix(16)).replacingOccurrences(of: "T", with: " ")
                guard let grade = entry.grade else {
                    rows.append(
                        [date, "\(entry.log.handle) (not submitted)", "-"] + Dimension.allCases.map { _ in "-" })
                    continue
                }
                rows.append(
                    [date, entry.scenario.id, String(Int(grade.overall))]
                        + Dimension.allCases.map { String(Int(grade.score($0))) })
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                print(
                    row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                        separator: "  "))
            }
            print("\ntrend per dimension (oldest to newest):")
            for dimension in Dimension.allCases {
                let scores = history.trend(of: dimension)
                guard let first = scores.first, let last = scores.last else { continue }
                let direction = last > first ? "up" : last < first ? "down" : "flat"
                print(
                    "  " + dimension.title.padding(toLength: 13, withPad: " ", startingAt: 0)
                        + scores.map { String(Int($0)) }.joined(separator: " ") + "  (\(direction))")
            }
            if let weakest = history.weakestDimension {
                print(
                    "\nweakest so far: \(weakest.title) (\(weakest.meaning)). `converge run --focus weakest` picks a scenario to practise."
                )
            }
        }
    }

    /// Steps through a past session, command by command, with the grader's remarks.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step through a past session with the grader's remarks beside each command.")

        @Argument(help: "A transcript file (default: your most recent session).")
        var transcript: String?

        @Flag(help: "Print every step at once instead of waiting for Enter.")
        var all = false

        func run() throws {
            let url = try transcript.map { URL(fileURLWithPath: $0) } ?? Self.latestTranscript()
            let grade = try Grader.grade(transcriptAt: url, catalog: try Catalog.loadForSessions())
            if let line = grade.log.incompleteLine {
                StandardError.print(
                    "note: \(url.path):\(line) was cut off mid-write; replaying up to the line before it")
            }
            let log = grade.log
            let scenario = grade.scenario
            let stepping = !all && isatty(STDIN_FILENO) != 0
            print(
                "Replay of \(log.handle) (\(scenario.id)): \(scenario.title), \(log.actions.count) commands. "
                    + (stepping ? "Enter for the next step, q to stop." : ""))
            for action in log.actions {
                print("\n[\(action.index)] \(action.tier.name)> \(action.input)")
                print(
                    action.output.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
                        separator: "\n"))
                for firing in grade.firings where firing.commandIndex == action.index {
                    let sign = firing.points < 0 ? "-" : "+"
                    print("  grader \(sign) [\(firing.dimension.rawValue)] \(firing.observation)")
                }
                if stepping, let answer = readLine(), answer.lowercased().hasPrefix("q") { return }
            }
            print("\n" + Scorecard(grade: grade).text)
        }

        /// The newest transcript in the user's folder: file names start with the UTC time.
        static func latestTranscript() throws -> URL {
            let files =
                (try? FileManager.default.contentsOfDirectory(
                    at: UserFiles.transcripts, includingPropertiesForKeys: nil)) ?? []
            guard
                let latest = files.filter({ $0.pathExtension == "jsonl" }).max(by: {
                    $0.lastPathComponent < $1.lastPathComponent
                })
            else {
                throw ValidationError("no sessions yet in \(UserFiles.transcripts.path): start one with `converge run`")
            }
            return latest
        }
    }

    static func transcriptFolder(_ override: String?) -> URL {
        override.map { URL(fileURLWithPath: $0) } ?? UserFiles.transcripts
    }
}
