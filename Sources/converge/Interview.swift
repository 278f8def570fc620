import ArgumentParser
import ConvergeEngine
import ConvergeInterview
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

extension Converge {
    /// The whole interview: warm-up, the debugging sandbox, design, scorecard.
    struct Interview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The deep-learning interview with a Research Scientist (the default command).",
            discussion: """
                Answer in your own words; a blank line (or a line with a single '.') ends an answer. Instead of \
                answering you can say: hint, easier, harder, answer, skip, attention, continue, quit. In the \
                debugging sandbox every line is a command (`help` lists them). Progress is saved after every answer.
                """)

        @Option(help: "Read the candidate's side from this file (otherwise the terminal or standard input).")
        var script: String?

        @Option(
            help:
                "Seed for question choice and the sandbox (default: a new one per interview at a terminal, so the questions vary; 0 with --script). The record keeps it."
        )
        var seed: UInt64?

        @Flag(help: "Print one JSON object per interviewer turn.")
        var json = false

        @Option(help: "Save the interview here (default: ~/.local/share/converge/interviews).")
        var record: String?

        func run() throws {
            let bank = try ProblemBank.load()
            let catalog = try Catalog.loadForSessions()
            let recordURL = record.map { URL(fileURLWithPath: $0) } ?? InterviewRecord.defaultURL()
            // A record holds one interview: never append to an earlier one.
            if let size = try? FileManager.default.attributesOfItem(atPath: recordURL.path)[.size] as? Int, size > 0 {
                throw ValidationError("\(recordURL.path) already holds an interview; choose another --record path.")
            }
            let interactive = script == nil && isatty(STDIN_FILENO) != 0
            let style = json ? TextStyle.plain : TextStyle.forStandardOutput()
            BLAS.setThreadCount(1)
            // Every interview at a terminal opens differently; a script replays exactly.
            let seed = seed ?? (script == nil ? UInt64(Date().timeIntervalSince1970) % 1_000_000 : 0)
            let interviewer = Interviewer(
                bank: bank, scenarios: catalog.scenarios, library: DataLibrary(), seed: seed,
                record: try InterviewRecord(url: recordURL), recordsFolder: recordURL.deletingLastPathComponent(),
                style: style)
            let input: CandidateInput
            do { input = try CandidateInput(script: script, interactive: interactive) } catch {
                throw ValidationError("\(error)")
            }
            if interactive {
                // Ctrl-C stops a sandbox command or clears the answer being typed; it never
                // ends the interview.
                Interrupts.install()
                interviewer.cancellation = Interrupts.flag
            }
            let wraps = !json
            show(interviewer.opening(), wraps: wraps)
            while !interviewer.isFinished {
                guard let reply = input.next(singleLines: interviewer.phase == .sandbox) else {
                    // The end of the input ends the interview; in the sandbox `quit` asks first.
                    for _ in 0..<2 where !interviewer.isFinished { show(interviewer.respond("quit"), wraps: wraps) }
                    break
                }
                show(interviewer.respond(reply), wraps: wraps)
            }
            if !json && interactive { print("(saved to \(recordURL.path))") }
        }

        /// Prints turns fitted to the terminal (80 columns when the output is not one): prose
        /// wrapped to a readable width, tables wrapping their last column, the training script
        /// as valid Python.
        func show(_ turns: [InterviewTurn], wraps: Bool) {
            let width = TerminalWidth.columns() - 1
            for turn in turns {
                if json {
                    print(turn.json.serialized())
                } else {
                    let prose: Set<InterviewTurn.Kind> = [
                        .greeting, .question, .feedback, .probe, .followUp, .hint, .modelAnswer, .farewell,
                    ]
                    let fitted =
                        !wraps
                        ? turn.text
                        : turn.isCode
                            ? TextWrapping.wrapCode(turn.text, width: width)
                            : prose.contains(turn.kind)
                                ? TextWrapping.wrap(turn.text, width: Swift.min(88, width))
                                : TextWrapping.wrapProse(turn.text, width: width)
                    print(fitted + "\n")
                }
            }
        }
    }

    /// One problem of the bank, drilled with its hints.
    struct Practice: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drill one problem: answer, see what you covered, ask for hints or the model answer.")

        @Argument(help: "A problem id; `list`, or nothing, lists them.")
        var problem: String?

        func run() throws {
            let bank = try ProblemBank.load()
            guard let id = problem, id != "list" else {
                let width = TerminalWidth.columns()
                for topic in Set(bank.problems.map(\.topic)).sorted() {
                    print("\(topic):")
                    let rows = bank.problems.filter { $0.topic == topic }.sorted { $0.difficulty < $1.difficulty }.map {
                        ["", $0.id, "difficulty \($0.difficulty)", $0.title]
                    }
                    print(TextWrapping.wrapProse(Format.rows(rows), width: width))
                }
                print("\nDrill one with `converge practice ID`.")
                return
            }
            let problem = try bank.require(id)
            let input = try CandidateInput(script: nil, interactive: isatty(STDIN_FILENO) != 0)
            let assessor = AnswerAssessor()
            var hints = 0
            // Everything fitted to the terminal: the question, hints and feedback are prose.
            let width = Swift.min(88, TerminalWidth.columns() - 1)
            let print = { (text: String) in Swift.print(TextWrapping.wrapProse(text, width: width)) }
            print("\(problem.title) (difficulty \(problem.difficulty))\n\n\(problem.question)\n")
            print("(answer, then a blank line; or: hint, answer, quit)\n")
            while let reply = input.next(singleLines: false) {
                switch reply.lowercased() {
                case "quit": return
                case "hint":
                    if hints < problem.hints.count { hints += 1 }
                    print("Hint \(hints): \(problem.hints[hints - 1])\n")
                case "answer":
                    print(problem.modelAnswer + "\n")
                default:
                    let assessment = assessor.assess(reply, for: problem)
                    let name = { (id: String) in problem.concepts.first { $0.id == id }?.name ?? id }
                    print("score \(assessment.score)/100 (\(assessment.level))")
                    if !assessment.covered.isEmpty {
                        print("+ covered: " + assessment.covered.map(name).joined(separator: "; "))
                    }
                    for id in assessment.missed {
                        print("- missed: \(name(id)). \(problem.concepts.first { $0.id == id }?.probe ?? "")")
                    }
                    print("")
                }
            }
        }
    }
}
