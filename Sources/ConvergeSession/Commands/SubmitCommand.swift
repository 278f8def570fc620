import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `submit`: retrain the candidate's setup from the scenario's seed, judge it, and end the session.
public struct SubmitCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "submit", tier: .meta, summary: "retrain your setup, check it, and end the session")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// The retrained setup met the success criterion (measured).
        public var converged: Bool
        /// Every knob where the bug lives was changed to a curing value.
        public var rootCauseFixed: Bool
        /// The symptom was hidden rather than cured.
        public var masked: Bool
        /// The `diagnose` statement names the bug.
        public var diagnosisCorrect: Bool
        public var valAccuracy: Double?
        public var finalTrainLoss: Double?
        /// The changes from the original setup, as `set KNOB VALUE`.
        public var changes: [String]
        public var hintsUsed: Int
        public var epochLosses: [Double?]
        public var epochValAccuracy: [Double?]
        /// The scenario's id: the bug's name.
        public var bug: String
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.submit()
    }
}

extension Session {
    /// Retrains the candidate's setup from the scenario's seed, checks it, and ends the session.
    func submit() -> CommandResult {
        // Not cancellable: a submission is always judged on a complete run.
        let run = TrainingRun(setup: setup, data: preparedData())
        let report = run.execute()
        let outcome = Submission(
            scenario: scenario, original: originalSetup, setup: setup, report: report, diagnosis: diagnosis)
        submission = outcome
        isFinished = true
        var lines = [
            "Retrained your setup from the scenario's seed: \(report.validationSummary), "
                + "final train loss \(Format.number(report.finalTrainingLoss))."
        ]
        lines.append(
            "success criterion (" + scenario.success.map(\.description).joined(separator: ", ") + "): "
                + (outcome.converged ? style.good("met") : style.alert("not met")))
        lines.append(
            "root cause fixed: \(outcome.rootCauseFixed ? "yes" : "no")"
                + (outcome.masked
                    ? style.alert(
                        outcome.converged
                            ? " (the symptom was masked, not cured)" : " (the change does not reach the cause)")
                    : outcome.partlyFixed.isEmpty
                        ? ""
                        : " (part of it: \(outcome.partlyFixed.map(\.rawValue).joined(separator: ", ")) is fixed, "
                            + "and something else still stands in the way)"))
        lines.append(
            "diagnosis: " + (diagnosis.map { "\"\($0)\" " + outcome.diagnosisReading.explanation } ?? "none given"))
        lines.append("\nThe bug was \(style.bold(scenario.id)): \(scenario.bugSummary)")
        lines.append(
            (scenario.cures.count > 1 ? "Cures, any of: " : "Cure: ")
                + scenario.cures.map { $0.changes.map(\.description).joined(separator: " and ") }.joined(
                    separator: "; "))
        var result = CommandResult(
            text: lines.joined(separator: "\n"),
            record: SubmitCommand.Record(
                converged: outcome.converged, rootCauseFixed: outcome.rootCauseFixed, masked: outcome.masked,
                diagnosisCorrect: outcome.diagnosisCorrect, valAccuracy: report.validationAccuracy.measured,
                finalTrainLoss: report.finalTrainingLoss.measured, changes: outcome.changes.map(\.description),
                hintsUsed: hintsUsed,
                epochLosses: report.history.epochs.map { $0.trainingLoss.measured },
                epochValAccuracy: report.history.epochs.map { $0.evaluationAccuracy.measured }, bug: scenario.id))
        result.endsSession = true
        return result
    }
}
