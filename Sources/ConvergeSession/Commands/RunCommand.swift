import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `run`: train the current setup from scratch and make it the last run.
public struct RunCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "run", tier: .tune,
        summary: "train the current setup from scratch (`--seed N` sets the seed first, for this run and the next)",
        usage: "run [--seed N]", example: "run --seed 1", budget: .training)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// Set when Ctrl-C stopped the run; nothing else is recorded then.
        public var cancelled: Bool? = nil
        /// The changes since the previous run, as `set KNOB VALUE`.
        public var changes: [String] = []
        public var epochLosses: [Double?] = []
        public var epochValAccuracy: [Double?] = []
        public var finalTrainLoss: Double? = nil
        public var valAccuracy: Double? = nil
        public var nonFinite: Bool? = nil
        public var steps: Int? = nil
        /// The seed of the run (absent in transcripts before seeds could change).
        public var seed: UInt64? = nil
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        switch arguments.count {
        case 0: return session.run()
        case 2 where arguments[0] == "--seed":
            let change = session.set(["seed", arguments[1]])
            return change.isError ? change : session.run()
        default: return .error("Usage: `run`, or `run --seed N` to train on another seed (0 to \(Setup.largestSeed)).")
        }
    }
}

extension Session {
    /// Trains the current setup from scratch and makes it the last run.
    func run() -> CommandResult {
        let run = makeRun(setup, preparedData())
        let report = run.execute()
        if report.history.wasCancelled {
            return CommandResult(
                text:
                    "Run interrupted after \(report.history.stepLosses.count) steps; the previous run is still the last run.",
                record: RunCommand.Record(cancelled: true))
        }
        lastRun = run
        lastReport = report
        let changes = pendingChanges
        pendingChanges = []
        runs.append(PastRun(changes: changes.map(\.description), setup: setup, report: report))
        var lines = [
            (report.history.hasDiverged
                ? "stopped in epoch \(Swift.max(report.history.epochs.count, 1)) of \(setup.epochs), after \(report.history.stepLosses.count) steps"
                : "trained \(setup.epochs) epochs, \(report.history.stepLosses.count) steps")
                + " on seed \(setup.seed)"
                + (changes.isEmpty ? "" : " with: " + changes.map(\.description).joined(separator: "; "))
        ]
        let rows = report.history.epochs.map { epoch in
            [
                String(epoch.epoch), Format.number(epoch.trainingLoss), Format.percent(epoch.trainingAccuracy),
                Format.number(epoch.evaluationLoss), Format.percent(epoch.evaluationAccuracy),
            ]
        }
        lines.append(Format.table(["epoch", "train loss", "train acc", "val loss", "val acc"], rows))
        lines.append("loss per step: " + style.sparkline(report.history.stepLosses))
        if let event = report.history.firstNonFinite {
            lines.append(
                style.alert(
                    "stopped at step \(event.step): the loss became \(Format.number(report.history.stepLosses.last))"))
        } else {
            lines.append(
                "final: train loss \(Format.number(report.finalTrainingLoss)), \(report.validationSummary)"
            )
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: RunCommand.Record(
                changes: changes.map(\.description),
                epochLosses: report.history.epochs.map { $0.trainingLoss.measured },
                epochValAccuracy: report.history.epochs.map { $0.evaluationAccuracy.measured },
                finalTrainLoss: report.finalTrainingLoss.measured, valAccuracy: report.validationAccuracy.measured,
                nonFinite: report.history.hasDiverged, steps: report.history.stepLosses.count, seed: setup.seed))
    }
}
