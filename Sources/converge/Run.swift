import ArgumentParser
import ConvergeEngine
import ConvergeGrader
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

extension Converge {
    /// Opens a scenario for a debugging session, interactively or from a script.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Investigate a broken training run.",
            discussion: """
                Opens a scenario by id (authors' and interviewers' name), or one you have not seen with \
                --random. Commands come from the terminal, from --script FILE, or from standard input.
                """)

        /// The scenario `make run` and a bare `converge` open.
        static let defaultScenario = "lr-too-high"

        @Argument(help: "A case's handle or id (see `converge list`); without one, the first easy case.")
        var id: String?

        @Flag(help: "Pick a scenario at random.")
        var random = false

        @Option(help: "With --random: easy, medium or hard.")
        var difficulty: String?

        @Option(help: "`weakest`: pick a scenario in your weakest bug family so far (from your past sessions).")
        var focus: String?

        @Option(help: "Read commands from this file, one per line.")
        var script: String?

        @Option(help: "Override the scenario's seed.")
        var seed: UInt64?

        @Option(help: "Write the transcript here (default: under ~/.local/share/converge/transcripts).")
        var transcript: String?

        @Flag(help: "Print one JSON object per command instead of text.")
        var json = false

        func validate() throws {
            if let seed, seed > Setup.largestSeed {
                throw ValidationError("--seed takes a whole number from 0 to \(Setup.largestSeed)")
            }
            if let difficulty, Scenario.Difficulty(rawValue: difficulty) == nil {
                throw ValidationError("--difficulty must be easy, medium or hard")
            }
            if random && id != nil { throw ValidationError("give a scenario id or --random, not both") }
            if let focus, focus != "weakest" { throw ValidationError("--focus takes `weakest`") }
            if focus != nil && (random || id != nil) {
                throw ValidationError("--focus picks the scenario itself: give no id and no --random")
            }
        }

        func run() throws {
            let catalog = try Catalog.loadForSessions()
            for error in catalog.errors { StandardError.print("warning: skipped \(error)") }
            let scenario = try pick(from: catalog)
            // The script is read before the session opens: a bad file changes nothing.
            var lines = try scriptLines()
            let transcriptURL =
                transcript.map { URL(fileURLWithPath: $0) } ?? Transcript.unusedDefaultURL(scenarioID: scenario.handle)
            // A transcript holds one session: never append a second to an earlier one.
            if let size = try? FileManager.default.attributesOfItem(atPath: transcriptURL.path)[.size] as? Int, size > 0
            {
                throw ValidationError(
                    "\(transcriptURL.path) already holds a session; a transcript holds one. Choose another --transcript path."
                )
            }
            let style = json ? TextStyle.plain : TextStyle.forStandardOutput()
            let session = try Session(
                scenario: scenario, library: DataLibrary(), seed: seed, style: style,
                transcript: try Transcript(url: transcriptURL))
            let interactive = script == nil && isatty(STDIN_FILENO) != 0
            var editor: LineEditor?
            // Only a person at a terminal sees progress; a script or a pipe gets clean output.
            let progressLine = ProgressLine()
            if interactive {
                editor = LineEditor(historyURL: LineEditor.defaultHistoryURL)
                session.cancellation = Interrupts.flag
                session.progress = isatty(STDOUT_FILENO) != 0 ? progressLine : nil
                Interrupts.install()
            }
            // Prose fits the terminal's width, or 80 columns when the output is not a terminal;
            // table rows wrap their last column. JSON is left as it is.
            let fit = { (text: String) in
                json ? text : TextWrapping.wrapProse(text, width: TerminalWidth.columns() - 1)
            }
            if !json { print(fit(session.opening) + "\n") }
            var failedCommands: [String] = []
            while !session.isFinished {
                let line: String
                if let editor {
                    // Ctrl-D is `quit`: the first asks, a second ends the session. A closed
                    // input gives nil at once again, so it ends too.
                    if let typed = editor.readLine(prompt: prompt(session)) {
                        line = typed
                    } else {
                        print("")
                        line = "quit"
                    }
                } else if var remaining = lines {
                    guard !remaining.isEmpty else { break }
                    line = remaining.removeFirst()
                    lines = remaining
                } else {
                    guard let read = readLine() else { break }
                    line = read
                }
                if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
                // `clear` is the shell's word for a clean screen: the terminal's business, not
                // the session's, so it is neither a command nor part of the transcript.
                if line.trimmingCharacters(in: .whitespaces).lowercased() == "clear" {
                    if isatty(STDOUT_FILENO) != 0 { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                    continue
                }
                progressLine.begin()
                let result = session.execute(line)
                progressLine.finish()
                if result.isError && script != nil { failedCommands.append(result.input) }
                if Interrupts.flag.isRaised && !result.endsSession { print("(interrupted)") }
                if json {
                    print(result.json.serialized())
                    // One JSON object per line, each flushed: a killed run keeps what it printed.
                    StandardOutput.flush()
                } else {
                    if !interactive { print("\(prompt(session))\(line.withVisibleControlCharacters)") }
                    print((json ? result.text : result.fitted(width: TerminalWidth.columns() - 1)) + "\n")
                }
            }
            if session.submission != nil {
                // The same grading as `converge grade`: from the transcript just written.
                let grade = try Grader.grade(transcriptAt: transcriptURL, catalog: catalog)
                print(json ? grade.json.serialized() : fit(Scorecard(grade: grade).text) + "\n")
            }
            if !json {
                // One line to copy when it fits; else the folder and the file on lines of their
                // own, so that neither breaks on a narrow terminal.
                let path = UserFiles.abbreviated(transcriptURL.path)
                let fits = 2 + path.count <= TerminalWidth.columns() - 1
                print(
                    "Transcript saved (`converge replay last` steps through it):\n  "
                        + (fits
                            ? path
                            : UserFiles.abbreviated(transcriptURL.deletingLastPathComponent().path) + "/\n  "
                                + transcriptURL.lastPathComponent))
            }
            // A script whose commands failed is a failed script, for whoever runs it.
            if !failedCommands.isEmpty {
                let listed = failedCommands.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
                let more = failedCommands.count > 3 ? " and \(failedCommands.count - 3) more" : ""
                StandardError.print(
                    "\(failedCommands.count) command(s) of the script were refused: \(listed)\(more)")
                throw ExitCode(1)
            }
        }

        func prompt(_ session: Session) -> String {
            "converge \(session.scenario.handle)> "
        }

        /// Scenario handles that appear in transcript file names under the default folder
        /// (files are named by handle, so a candidate browsing them learns no bug name).
        static func openedHandles() -> Set<String> {
            let folder = UserFiles.transcripts
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            // Names are <yyyyMMdd>-<HHmmss>-<handle>.jsonl, or <…>-<handle>-<n>.jsonl for a
            // second session in the same second; a handle is `case-` and four letters.
            return Set(
                names.filter { $0.hasSuffix(".jsonl") }.map { name in
                    String(String(name.dropLast(6).split(separator: "-", maxSplits: 2).last ?? "").prefix(9))
                })
        }

        func scriptLines() throws -> [String]? {
            guard let script else { return nil }
            guard let data = FileManager.default.contents(atPath: script) else {
                throw ValidationError("cannot read the script \(script): no readable file there")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("the script \(script) is not UTF-8 text: save it as UTF-8 and try again")
            }
            // Any line ending: "\r\n" is one Character in Swift, so split on newlines, not "\n".
            return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        }

        func pick(from catalog: Catalog) throws -> Scenario {
            let scenarios = catalog.scenarios
            if focus != nil {
                let history = SessionHistory(folders: SessionHistory.userFolders, scenarios: scenarios)
                if let choice = history.focusScenario(from: scenarios) {
                    if !json { print("Focus: \(choice.reason).\n") }
                    return choice.scenario
                }
            }
            // `--difficulty` alone means a random case of that difficulty, not the default case.
            if random || (difficulty != nil && id == nil) {
                let eligible = scenarios.filter { difficulty == nil || $0.difficulty.rawValue == difficulty }
                guard !eligible.isEmpty else { throw ValidationError("no scenario of that difficulty") }
                // Prefer scenarios this user has not opened yet (judged from the saved transcripts).
                let seen = Run.openedHandles()
                let unseen = eligible.filter { !seen.contains($0.handle) }
                let pool = unseen.isEmpty ? eligible : unseen
                var generator = RandomGenerator(seed: seed ?? UInt64(Date().timeIntervalSince1970 * 1000))
                return pool[generator.nextIndex(below: pool.count)]
            }
            // Not a ValidationError: the parser would print the usage of `converge` itself after it.
            return try catalog.require(id ?? Run.defaultScenario)
        }
    }

    /// The catalogue, by difficulty, as a candidate may see it.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the scenarios by difficulty.")

        @Flag(help: "Show the authors' ids (names the bugs: for interviewers and authors).")
        var ids = false

        func run() throws {
            let catalog = try Catalog.loadForSessions()
            let history = SessionHistory(folders: SessionHistory.userFolders, scenarios: catalog.scenarios)
            let best = history.bestScores
            let tried = Set(history.entries.map(\.scenario.id))
            let width = TerminalWidth.columns()
            for difficulty in Scenario.Difficulty.allCases {
                let scenarios = catalog.scenarios.filter { $0.difficulty == difficulty }
                guard !scenarios.isEmpty else { continue }
                print("\(difficulty.rawValue):")
                let rows = scenarios.map { scenario in
                    // Where you stand on each case: the best score, or that it is still open.
                    let standing =
                        best[scenario.id].map { "best \($0)" } ?? (tried.contains(scenario.id) ? "tried" : "")
                    return ["", scenario.handle, standing, scenario.title + (ids ? "  [\(scenario.id)]" : "")]
                }
                print(TextWrapping.wrapProse(Format.rows(rows), width: width))
            }
            for error in catalog.errors { print("skipped: \(error)") }
            print(
                TextWrapping.wrap(
                    "\nOpen one with `converge run HANDLE`, or `converge run --random [--difficulty D]`. \"best\" is "
                        + "your best score on a case you submitted; \"tried\" one you left without submitting.",
                    width: width))
        }
    }
}
