import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// Tiers 3 and 4: change the setup and train again.
extension Session {
    /// Smith's LR range test on a fresh model of the current setup.
    func learningRateFinder() -> CommandResult {
        let prepared = preparedData()
        let run = makeRun(setup, prepared)
        let result = LearningRateRangeTest(start: 1e-6, end: 10, steps: 100).run(
            model: run.model, loss: run.loss, optimizer: run.optimizer, data: prepared.training,
            batchSize: setup.batchSize, seed: setup.seed)
        var lines = ["LR range test: 100 steps, learning rate from 1e-6 to 10, \(setup.optimizer) as configured"]
        lines.append(Format.table(["learning rate", "smoothed loss"], stride(from: 0, to: result.points.count, by: 10).map {
            [Format.number(result.points[$0].learningRate), Format.number(result.points[$0].smoothedLoss)]
        }))
        let chartLabel = "loss over the sweep: "
        lines.append(chartLabel + style.sparkline(result.points.map(\.smoothedLoss)))
        if let suggestion = result.suggestedLearningRate,
           let position = result.points.firstIndex(where: { $0.learningRate >= suggestion }) {
            lines.append(String(repeating: " ", count: chartLabel.count) + style.marker(at: position, of: result.points.count)
                + " suggested")
        }
        if result.diverged, let last = result.points.last {
            lines.append("the loss blew up past lr \(Format.number(last.learningRate))")
        }
        if let suggestion = result.suggestedLearningRate {
            lines.append(style.good("suggested learning rate: \(Format.number(suggestion))") + " (on the steep part of the curve, a tenth of the rate at its minimum at most); current: \(Format.number(setup.learningRate))")
        } else {
            lines.append(style.alert("no learning rate made the loss fall: the problem is not the step size"))
        }
        return CommandResult(input: "", name: "lr-find", tier: .tune, text: lines.joined(separator: "\n"), values: [
            ("suggested_lr", Format.json(result.suggestedLearningRate)),
            ("min_loss_lr", Format.json(result.minimumLossLearningRate)),
            ("current_lr", Format.json(setup.learningRate)),
        ])
    }

    func set(_ arguments: [String]) -> CommandResult {
        guard arguments.count >= 2 else {
            return .error("", name: "set", "Usage: set KNOB VALUE, for example `set lr 0.1`. `help set` lists every knob.")
        }
        guard let knob = Knob.named(arguments[0]) else {
            let names = Knob.all.map(\.name)
            let close = names.map { ($0, NearestWords.editDistance(arguments[0].lowercased(), $0)) }.min { $0.1 < $1.1 }
            let hint = close.map { $0.1 <= 3 ? " Did you mean `\($0.0)`?" : "" } ?? ""
            return .error("", name: "set", "Unknown setting `\(arguments[0])`.\(hint) `help set` lists every knob.")
        }
        let value = arguments.dropFirst().joined(separator: "")
        let before = knob.value(in: setup)
        do {
            try knob.apply(value, to: &setup)
        } catch {
            return .error("", name: "set", "\(error)")
        }
        let after = knob.value(in: setup)
        pendingChanges.append(Change(knob: knob.name, value: after))
        let tier: Tier = knob.tier == 4 ? .restructure : .tune
        return CommandResult(input: "", name: "set", tier: tier,
                             text: "\(knob.name): \(before) -> \(after). `run` to train with it.",
                             values: [("knob", .string(knob.name)), ("from", .string(before)), ("to", .string(after)),
                                      ("knob_tier", .number(Double(knob.tier)))])
    }

    /// Trains the current setup from scratch and makes it the last run.
    func run() -> CommandResult {
        let run = makeRun(setup, preparedData())
        let report = run.execute()
        if report.history.wasCancelled {
            return CommandResult(input: "", name: "run", tier: .tune,
                                 text: "Run interrupted after \(report.history.stepLosses.count) steps; the previous run is still the last run.",
                                 values: [("cancelled", .bool(true))])
        }
        lastRun = run
        lastReport = report
        let changes = pendingChanges
        pendingChanges = []
        var lines = ["trained \(setup.epochs) epochs, \(report.history.stepLosses.count) steps"
            + (changes.isEmpty ? "" : " with: " + changes.map(\.description).joined(separator: "; "))]
        let rows = report.history.epochs.map { epoch in
            [String(epoch.epoch), Format.number(epoch.trainingLoss), Format.percent(epoch.trainingAccuracy),
             Format.number(epoch.evaluationLoss), Format.percent(epoch.evaluationAccuracy)]
        }
        lines.append(Format.table(["epoch", "train loss", "train acc", "val loss", "val acc"], rows))
        lines.append("loss per step: " + style.sparkline(report.history.stepLosses))
        if let event = report.history.firstNonFinite {
            lines.append(style.alert("stopped at step \(event.step): the loss became \(Format.number(report.history.stepLosses.last))"))
        } else {
            lines.append("final: train loss \(Format.number(report.finalTrainingLoss)), validation accuracy \(Format.percent(report.validationAccuracy))")
        }
        return CommandResult(input: "", name: "run", tier: .tune, text: lines.joined(separator: "\n"), values: [
            ("changes", .array(changes.map { .string($0.description) })),
            ("epoch_losses", .array(report.history.epochs.map { Format.json($0.trainingLoss) })),
            ("epoch_val_accuracy", .array(report.history.epochs.map { Format.json($0.evaluationAccuracy) })),
            ("final_train_loss", Format.json(report.finalTrainingLoss)),
            ("val_accuracy", Format.json(report.validationAccuracy)),
            ("non_finite", .bool(report.history.hasDiverged)),
            ("steps", .number(Double(report.history.stepLosses.count))),
        ])
    }
}
