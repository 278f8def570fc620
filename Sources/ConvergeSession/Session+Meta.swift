import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// Commands that steer the session: hints, the diagnosis, the diff, reset, submit and quit.
extension Session {
    /// The next hint; each goes deeper, from a nudge to the full answer.
    func hint() -> CommandResult {
        guard hintsUsed < scenario.hints.count else {
            return CommandResult(input: "", name: "hint", tier: .meta, text: "That was everything I can tell you: " + scenario.hints[scenario.hints.count - 1])
        }
        let text = scenario.hints[hintsUsed]
        hintsUsed += 1
        return CommandResult(input: "", name: "hint", tier: .meta, text: "Hint: \(text)",
                             values: [("level", .number(Double(hintsUsed)))])
    }

    func diagnose(_ arguments: [String]) -> CommandResult {
        guard !arguments.isEmpty else {
            return .error("", name: "diagnose", "Say what you think the root cause is, for example `diagnose the learning rate is far too high`.")
        }
        diagnosis = arguments.joined(separator: " ")
        return CommandResult(input: "", name: "diagnose", tier: .meta,
                             text: "Noted. `submit` when your setup is fixed; you can `diagnose` again to revise.",
                             values: [("statement", .string(diagnosis ?? ""))])
    }

    func diff() -> CommandResult {
        let changed = Knob.all.filter { $0.value(in: setup) != $0.value(in: originalSetup) }
        let text = changed.isEmpty ? "No changes from the original setup."
            : Format.table(["setting", "original", "now"], changed.map { [$0.name, $0.value(in: originalSetup), $0.value(in: setup)] })
        return CommandResult(input: "", name: "diff", tier: .meta, text: text,
                             values: [("changes", .array(changed.map { .string("set \($0.name) \($0.value(in: setup))") }))])
    }

    func reset() -> CommandResult {
        setup = originalSetup
        pendingChanges = []
        return CommandResult(input: "", name: "reset", tier: .meta, text: "Back to the original setup. `run` to train it again.")
    }

    /// Retrains the candidate's setup from the scenario's seed, checks it, and ends the session.
    func submit() -> CommandResult {
        // Not cancellable: a submission is always judged on a complete run.
        let run = TrainingRun(setup: setup, data: preparedData())
        let report = run.execute()
        let outcome = Submission(scenario: scenario, original: originalSetup, setup: setup, report: report, diagnosis: diagnosis)
        submission = outcome
        isFinished = true
        var lines = ["Retrained your setup from the scenario's seed: validation accuracy \(Format.percent(report.validationAccuracy)), "
            + "final train loss \(Format.number(report.finalTrainingLoss))."]
        lines.append("success criterion (" + scenario.success.map(\.description).joined(separator: ", ") + "): "
            + (outcome.converged ? style.good("met") : style.alert("not met")))
        lines.append("root cause fixed: \(outcome.rootCauseFixed ? "yes" : "no")" + (outcome.masked ? style.alert(" (the symptom was masked, not cured)") : ""))
        lines.append("diagnosis: " + (diagnosis.map { "\"\($0)\" " + (outcome.diagnosisCorrect ? "names the bug" : "does not name the bug") } ?? "none given"))
        lines.append("\nThe bug was \(style.bold(scenario.id)): \(scenario.bugSummary)")
        lines.append("Cure: " + (scenario.cures.first?.changes.map(\.description).joined(separator: "; ") ?? "-"))
        var result = CommandResult(input: "", name: "submit", tier: .meta, text: lines.joined(separator: "\n"), values: [
            ("converged", .bool(outcome.converged)), ("root_cause_fixed", .bool(outcome.rootCauseFixed)),
            ("masked", .bool(outcome.masked)), ("diagnosis_correct", .bool(outcome.diagnosisCorrect)),
            ("val_accuracy", Format.json(report.validationAccuracy)), ("final_train_loss", Format.json(report.finalTrainingLoss)),
            ("changes", .array(outcome.changes.map { .string($0.description) })), ("hints_used", .number(Double(hintsUsed))),
            ("epoch_losses", .array(report.history.epochs.map { Format.json($0.trainingLoss) })),
            ("epoch_val_accuracy", .array(report.history.epochs.map { Format.json($0.evaluationAccuracy) })),
            ("bug", .string(scenario.id)),
        ])
        result.endsSession = true
        return result
    }

    func quit() -> CommandResult {
        isFinished = true
        var result = CommandResult(input: "", name: "quit", tier: .meta,
                                   text: "Session ended without a submission. The bug was \(scenario.id): \(scenario.bugSummary)")
        result.endsSession = true
        return result
    }
}
