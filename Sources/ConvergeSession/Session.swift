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

    let source: Dataset
    /// The last training run (the teammate's, until the candidate runs again) and its report.
    var lastRun: TrainingRun
    var lastReport: RunReport
    /// Knobs changed since the last `run`.
    var pendingChanges: [Change] = []
    let transcript: Transcript?
    /// Raised by Ctrl-C: stops the training inside the current command, not the session.
    public var cancellation: CancellationFlag?

    /// Opens `scenario`: loads its data and trains the broken setup once, as the teammate did.
    public init(scenario: Scenario, library: DataLibrary, seed: UInt64? = nil, style: TextStyle = .plain, transcript: Transcript? = nil) throws {
        BLAS.setThreadCount(1)
        self.scenario = scenario
        var setup = scenario.setup
        if let seed { setup.seed = seed }
        self.originalSetup = setup
        self.setup = setup
        self.style = style
        self.transcript = transcript
        self.source = try library.dataset(scenario.data)
        lastRun = TrainingRun(setup: setup, data: PreparedData(source: source, setup: setup))
        lastReport = lastRun.execute()
        transcript?.append(.object([
            ("event", .string("start")),
            ("time", .string(Session.timestamp())),
            ("scenario", .string(scenario.id)),
            ("handle", .string(scenario.handle)),
            ("seed", .number(Double(setup.seed))),
            ("epoch_losses", .array(lastReport.history.epochs.map { Format.json($0.trainingLoss) })),
            ("epoch_val_accuracy", .array(lastReport.history.epochs.map { Format.json($0.evaluationAccuracy) })),
        ]))
    }

    /// The text a candidate sees when the session opens.
    public var opening: String {
        """
        \(style.bold("\(scenario.handle): \(scenario.title)")) [\(scenario.difficulty.rawValue)]

        A teammate writes:
        \(scenario.report.split(separator: "\n").map { "  > " + $0 }.joined(separator: "\n"))

        Your model is not converging. Walk me through your debugging process.
        Type commands to investigate (`help` lists them); `submit` when you have fixed it.
        """
    }

    /// Runs one line of input and returns the answer. Never throws: bad input is answered
    /// with an explanation and changes nothing.
    @discardableResult
    public func execute(_ line: String) -> CommandResult {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        cancellation?.reset()
        var result: CommandResult
        if isFinished {
            result = .error(trimmed, name: words.first ?? "", "The session is over.")
        } else if let first = words.first {
            if let spec = CommandSpec.named(first) {
                result = dispatch(spec, arguments: Array(words.dropFirst()), input: trimmed)
            } else {
                let suggestions = CommandSpec.suggestions(for: first)
                let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.map { "`\($0)`" }.joined(separator: " or "))?"
                result = .error(trimmed, name: "unknown", "Unknown command `\(first)`.\(hint) Type `help` for the list.")
            }
        } else {
            result = .error(trimmed, name: "empty", "")
        }
        history.append(result)
        if !(result.name == "empty") {
            var event = result.json
            if case .object(var pairs) = event {
                pairs.insert(("time", .string(Session.timestamp())), at: 0)
                pairs.insert(("event", .string("command")), at: 0)
                pairs.insert(("index", .number(Double(history.count))), at: 2)
                event = .object(pairs)
            }
            transcript?.append(event)
        }
        return result
    }

    private func dispatch(_ spec: CommandSpec, arguments: [String], input: String) -> CommandResult {
        var result: CommandResult
        switch spec.name {
        case "help": result = help(arguments)
        case "report": result = CommandResult(input: "", name: "", tier: .look, text: opening)
        case "code": result = code()
        case "config": result = config()
        case "curve": result = curve()
        case "data": result = data()
        case "init-loss": result = initLoss()
        case "overfit-batch": result = overfitBatch(arguments)
        case "eval": result = evaluate()
        case "predict": result = predict()
        case "grad-norms": result = gradientNorms()
        case "activations": result = activations()
        case "weights": result = weights()
        case "update-ratio": result = updateRatio()
        case "nan-check": result = nanCheck()
        case "grad-through-time": result = gradientThroughTime()
        case "attention": result = attentionView()
        case "lr-find": result = learningRateFinder()
        case "set": result = set(arguments)
        case "run": result = run()
        case "hint": result = hint()
        case "diagnose": result = diagnose(arguments)
        case "diff": result = diff()
        case "reset": result = reset()
        case "submit": result = submit()
        default: result = quit()
        }
        result.input = input
        if result.name.isEmpty { result.name = spec.name }
        return result
    }

    /// Data prepared by the current setup's pipeline.
    func preparedData(_ setup: Setup? = nil) -> PreparedData {
        PreparedData(source: source, setup: setup ?? self.setup)
    }

    /// A training run of `setup` that the session's Ctrl-C can stop.
    func makeRun(_ setup: Setup, _ data: PreparedData, probes: ProbeOptions = [], probeInterval: Int = 1, maximumSteps: Int? = nil) -> TrainingRun {
        TrainingRun(setup: setup, data: data, probes: probes, probeInterval: probeInterval, cancellation: cancellation,
                    maximumSteps: maximumSteps)
    }

    /// A fixed probe batch: the first 256 rows the current pipeline produces, as in the prototypes.
    func probeBatch(_ data: PreparedData) -> Dataset {
        data.training.subset(Array(0..<Swift.min(256, data.training.count)))
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
