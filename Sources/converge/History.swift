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
            let history = SessionHistory(
                folders: folder.map { [URL(fileURLWithPath: $0)] } ?? SessionHistory.userFolders,
                scenarios: catalog.scenarios)
            for problem in history.problems { StandardError.print("skipped \(problem)") }
            guard !history.entries.isEmpty else {
                print("No sessions yet. Start one with `converge run`.")
                return
            }
            print(history.text(width: TerminalWidth.columns()))
        }
    }

    /// Steps through a past session, command by command, with the grader's remarks.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step through a past session with the grader's remarks beside each command.")

        @Argument(help: "A session number from `converge history`, `last`, or a transcript file (default: last).")
        var transcript: String?

        @Flag(help: "Print every step at once instead of waiting for Enter.")
        var all = false

        func run() throws {
            let url = try Converge.transcript(transcript ?? "last")
            let grade = try Grader.grade(transcriptAt: url, catalog: try Catalog.loadForSessions())
            if let line = grade.log.incompleteLine {
                StandardError.print(
                    "note: \(url.path):\(line) was cut off mid-write; replaying up to the line before it")
            }
            let log = grade.log
            let scenario = grade.scenario
            let stepping = !all && isatty(STDIN_FILENO) != 0
            // The scenario's id names the bug: only a session that ended in a submission or a
            // reveal has seen it.
            let revealed = log.showedAnswer
            let width = TerminalWidth.columns() - 1
            let print = { (text: String) in Swift.print(TextWrapping.wrapProse(text, width: width)) }
            print(
                "Replay of \(log.handle)\(revealed ? " (\(scenario.id))" : ""): \(scenario.title), "
                    + "\(log.actions.count) commands. "
                    + (stepping ? "Enter for the next step, q to stop." : ""))
            for action in log.actions {
                print("\n[\(action.index)] \(action.tier.name)> \(action.input)")
                // The output as stored, fitted again to this terminal, four columns in.
                let output =
                    action.is(CodeCommand.self)
                    ? TextWrapping.wrapCode(action.output, width: width - 4)
                    : TextWrapping.wrapProse(action.output, width: width - 4)
                Swift.print(
                    output.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
                        separator: "\n"))
                for firing in grade.firings where firing.commandIndex == action.index {
                    let sign = firing.points < 0 ? "-" : "+"
                    print("  grader \(sign) [\(firing.dimension.rawValue)] \(firing.observation)")
                }
                if stepping, let answer = readLine(), answer.lowercased().hasPrefix("q") { return }
            }
            print("\n" + Scorecard(grade: grade).text)
        }
    }

    /// The transcript `reference` names (see `SessionHistory.transcript`), or an error that
    /// says where sessions are kept.
    static func transcript(_ reference: String) throws -> URL {
        if let url = SessionHistory.transcript(reference, in: SessionHistory.userFolders) { return url }
        let count = SessionHistory.transcripts(in: SessionHistory.userFolders).count
        guard count > 0 else {
            throw ValidationError("no sessions yet in \(UserFiles.transcripts.path): start one with `converge run`")
        }
        throw ValidationError(
            "no session '\(reference)': give a number from 1 to \(count) (`converge history`), `last`, or a "
                + "transcript file")
    }
}
