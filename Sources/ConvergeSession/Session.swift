import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// A candidate's investigation of one scenario: the current setup, the last training run,
/// the hints taken, the diagnosis, and every command with its answer.
///
/// Commands are dispatched from their first word; each tier's commands live in their own
/// file (`Session+Look.swift`, …). Every answer is measured from real training.
public final class Session {
    public let scenario: Scenario
    /// The broken setup the scenario starts from.
    public let originalSetup: Setup
    /// The setup with the candidate's changes.
    public internal(set) var setup: Setup
    public let style: TextStyle
    /// Every command so far, with its answer.
    public internal(set) var history: [CommandResult] = []
    /// How many hints have been given.
    public internal(set) var hintsUsed = 0
    /// The candidate's `diagnose` statement, if any.
    public internal(set) var diagnosis: String?
    /// Set once `submit` or `quit` has run.
    public internal(set) var isFinished = false
    /// The outcome of `submit`, once it has run.
    public internal(set) var submission: Submission?

    /// The scenario's data, loaded once.
    let scenarioData: ScenarioData
    /// The scenario's examples as stored.
    var source: Dataset { scenarioData.source }
    /// The last training run (the teammate's, until the candidate runs again) and its report.
    var lastRun: TrainingRun
    var lastReport: RunReport
    /// Every run of the session, the teammate's first: what `runs` lists and `curve N` shows.
    var runs: [PastRun] = []
    /// Knobs changed since the last `run`.
    var pendingChanges: [Change] = []
    let transcript: Transcript?
    /// Whether the candidate has been told the transcript stopped being written.
    var hasReportedTranscriptFailure = false
    /// Raised by Ctrl-C: stops the training inside the current command, not the session.
    public var cancellation: CancellationFlag?
    /// Where training and other long commands report how far they have got (a terminal's
    /// progress line); nil shows nothing.
    public var progress: TrainingProgress?

    /// Opens `scenario`: loads its data and trains the broken setup once, as the teammate did.
    public init(
        scenario: Scenario, library: DataLibrary, seed: UInt64? = nil, style: TextStyle = .plain,
        transcript: Transcript? = nil
    ) throws {
        BLAS.setThreadCount(1)
        self.scenario = scenario
        var setup = scenario.setup
        if let seed { setup.seed = seed }
        self.originalSetup = setup
        self.setup = setup
        self.style = style
        self.transcript = transcript
        self.scenarioData = try ScenarioData(scenario: scenario, library: library)
        lastRun = TrainingRun(setup: setup, data: scenarioData.prepared(for: setup))
        lastReport = lastRun.execute()
        runs = [PastRun(changes: [], setup: setup, report: lastReport)]
        transcript?.append(
            SessionStart(
                time: Session.timestamp(), handle: scenario.handle, seed: setup.seed,
                epochLosses: lastReport.history.epochs.map { $0.trainingLoss.measured },
                epochValAccuracy: lastReport.history.epochs.map { $0.evaluationAccuracy.measured }))
    }

    /// The text a candidate sees when the session opens.
    public var opening: String {
        """
        \(style.bold("\(scenario.handle): \(scenario.title)")) [\(scenario.difficulty.rawValue)]

        A teammate writes:
        \(scenario.reportParagraphs.map { "  > " + $0 }.joined(separator: "\n  >\n"))

        Your model is not converging. Walk me through your debugging process.
        Type commands to investigate (`help` lists them); `submit` when you have fixed it.
        """
    }

    /// Runs one line of input and returns the answer. Never throws: bad input is answered
    /// with an explanation and changes nothing.
    @discardableResult
    public func execute(_ line: String) -> CommandResult {
        // A typed escape sequence is shown and kept as text, never sent back to the terminal.
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines).withVisibleControlCharacters
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        cancellation?.reset()
        var result: CommandResult
        if isFinished {
            result = .error("The session is over.")
            result.name = words.first ?? ""
        } else if let first = words.first {
            if let command = SessionCommands.named(first) {
                let arguments = Array(words.dropFirst())
                // A command whose usage names no argument refuses one rather than ignore it.
                if command.spec.usage == command.spec.name && !arguments.isEmpty {
                    result = .error("`\(command.spec.name)` takes no arguments (`help \(command.spec.name)`).")
                } else {
                    result = command.run(arguments, in: self)
                }
                result.name = command.spec.name
                if !result.isError { result.tier = result.tierOverride ?? command.spec.tier }
            } else if let asked = pendingQuestion, ["n", "no", "y", "yes"].contains(first.lowercased()) {
                // An answer to "End the session?" or "Give up?": yes does what a second
                // `quit` or `reveal` would.
                if ["y", "yes"].contains(first.lowercased()) {
                    result = asked == QuitCommand.spec.name ? quit() : reveal()
                    result.name = asked
                } else {
                    result = .error("The session goes on.")
                    result.name = "answer"
                }
            } else {
                result = .error(
                    "Unknown command `\(first)`.\(NearestWords.didYouMean(first, among: SessionCommands.specs.map(\.name)))"
                        + " Type `help` for the list.")
                result.name = "unknown"
            }
        } else {
            result = .error("")
            result.name = "empty"
        }
        result.input = trimmed
        history.append(result)
        if !words.isEmpty, let transcript {
            transcript.append(CommandEvent(time: Session.timestamp(), index: history.count, result: result))
            if !hasReportedTranscriptFailure, let failure = transcript.writeFailure {
                hasReportedTranscriptFailure = true
                result.text +=
                    "\n\n"
                    + style.alert(
                        "The transcript can no longer be written (\(failure)): \(transcript.url.path). "
                            + "The session goes on; what was saved before is kept.")
            }
        }
        return result
    }

    /// Data prepared by the current setup's pipeline.
    func preparedData(_ setup: Setup? = nil) -> PreparedData {
        scenarioData.prepared(for: setup ?? self.setup)
    }

    /// A training run of `setup` that the session's Ctrl-C can stop.
    func makeRun(
        _ setup: Setup, _ data: PreparedData, probes: ProbeOptions = [], probeInterval: Int = 1,
        maximumSteps: Int? = nil
    ) -> TrainingRun {
        TrainingRun(
            setup: setup, data: data, probes: probes, probeInterval: probeInterval, cancellation: cancellation,
            progress: progress, maximumSteps: maximumSteps)
    }

    /// A fixed probe batch: the first 256 rows the current pipeline produces, as in the prototypes.
    func probeBatch(_ data: PreparedData) -> Dataset {
        data.training.subset(Array(0..<Swift.min(256, data.training.count)))
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
