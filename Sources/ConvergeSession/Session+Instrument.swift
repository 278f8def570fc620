import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// Tier 2: measure the inside of training. Readings are taken on a fixed probe batch (the
/// first 256 training rows), once with fresh weights and once with the weights of the last run.
extension Session {
    /// Inspections at initialisation and, when the last run ended finite, after it.
    func inspections() -> (initial: ModelInspection, trained: ModelInspection?) {
        let prepared = preparedData()
        let batch = probeBatch(prepared)
        let fresh = makeRun(setup, prepared)
        let initial = ModelInspection(model: fresh.model, loss: fresh.loss, inputs: batch.inputs, targets: batch.targets)
        guard !lastReport.history.hasDiverged else { return (initial, nil) }
        let lastBatch = probeBatch(lastRun.data)
        let trained = ModelInspection(model: lastRun.model, loss: lastRun.loss, inputs: lastBatch.inputs, targets: lastBatch.targets)
        return (initial, trained)
    }

    var trainedLabel: String { lastReport.history.hasDiverged ? "after last run (diverged)" : "after last run" }

    func gradientNorms() -> CommandResult {
        let (initial, trained) = inspections()
        let weights = initial.parameters.indices.filter { !initial.parameters[$0].key.contains("bias") }
        let largest = weights.map { initial.parameters[$0].gradientNorm }.filter(\.isFinite).max() ?? 1
        let rows = weights.map { index -> [String] in
            let reading = initial.parameters[index]
            let fraction = largest > 0 ? Float(Foundation.log10(Double(Swift.max(reading.gradientNorm, 1e-12) / largest)) + 8) / 8 : 0
            return [reading.key, Format.number(reading.gradientNorm), Format.percent(reading.fractionZeroGradient),
                    Format.number(trained?.parameters[index].gradientNorm), style.bar(fraction, width: 16)]
        }
        let first = weights.first.map { initial.parameters[$0].gradientNorm }
        let last = weights.last.map { initial.parameters[$0].gradientNorm }
        let ratio = first.flatMap { f in last.map { $0 > 0 ? f / $0 : .infinity } }
        var lines = [Format.table(["weight", "grad norm at init", "exact zeros", trainedLabel, "log scale (8 decades)"], rows)]
        lines.append("\nfirst/last layer gradient-norm ratio at init: \(Format.number(ratio))")
        if let ratio, let first, ratio < 1e-3 && first < 1e-4 {
            lines.append(style.alert("vanishing gradients: ratio below 1e-3 and first-layer norm below 1e-4 (AUTOTRAINER's rule)"))
        } else if let ratio, ratio > 70 {
            lines.append(style.alert("exploding gradients: ratio above 70 (AUTOTRAINER's rule)"))
        }
        let zeroShare = weights.dropLast().map { initial.parameters[$0].fractionZeroGradient }.max() ?? 0
        if zeroShare >= 0.7 {
            lines.append(style.alert("\(Format.percent(zeroShare)) of a hidden layer's gradient entries are exactly 0 (dying ReLU rule: at least 70%)"))
        }
        return CommandResult(input: "", name: "grad-norms", tier: .instrument, text: lines.joined(separator: "\n"), values: [
            ("grad_norms_init", .object(weights.map { (initial.parameters[$0].key, Format.json(initial.parameters[$0].gradientNorm)) })),
            ("grad_norms_trained", .object(weights.map { (initial.parameters[$0].key, Format.json(trained?.parameters[$0].gradientNorm)) })),
            ("first_last_ratio", Format.json(ratio)),
            ("max_hidden_zero_fraction", Format.json(zeroShare)),
        ])
    }

    func activations() -> CommandResult {
        let (initial, trained) = inspections()
        let rows = initial.activations.map { probe -> [String] in
            let after = trained?.activations[probe.layerIndex]
            return ["layers.\(probe.layerIndex) \(probe.kind)", Format.number(probe.mean), Format.number(probe.standardDeviation),
                    Format.percent(probe.fractionDead), Format.percent(probe.fractionSaturated),
                    Format.percent(after?.fractionDead), Format.percent(after?.fractionSaturated)]
        }
        var lines = [Format.table(["layer", "mean", "std", "dead", "saturated", "dead (trained)", "sat. (trained)"], rows)]
        lines.append("dead: ReLU-like outputs at or below 0. saturated: tanh/sigmoid inputs beyond ±5. Columns without (trained) are at init.")
        let deadest = initial.activations.compactMap(\.fractionDead).max() ?? 0
        let saturated = initial.activations.compactMap(\.fractionSaturated).max() ?? 0
        if deadest >= 0.7 { lines.append(style.alert("\(Format.percent(deadest)) of a layer's ReLU outputs are 0 at init: those units pass no gradient")) }
        if saturated > 0.5 { lines.append(style.alert("\(Format.percent(saturated)) of a layer's tanh/sigmoid inputs are beyond ±5 (DeepDiagnosis saturation rule: over half)")) }
        return CommandResult(input: "", name: "activations", tier: .instrument, text: lines.joined(separator: "\n"), values: [
            ("max_dead_fraction", Format.json(deadest)), ("max_saturated_fraction", Format.json(saturated)),
            ("dead_trained", Format.json(trained?.activations.compactMap(\.fractionDead).max())),
        ])
    }

    func weights() -> CommandResult {
        let (initial, trained) = inspections()
        let rows = initial.parameters.indices.map { index -> [String] in
            let reading = initial.parameters[index], after = trained?.parameters[index]
            return [reading.key, Format.number(reading.weightMean), Format.number(reading.weightStandardDeviation),
                    Format.number(after?.weightMean), Format.number(after?.weightStandardDeviation)]
        }
        var lines = [Format.table(["parameter", "mean at init", "std at init", "mean (trained)", "std (trained)"], rows)]
        let identical = TrainingRun.firstLayerUnitsIdentical(lastRun.model)
        lines.append("\nfirst layer after the last run: " + (identical
            ? style.alert("every hidden unit has exactly the same incoming weights (symmetry never broken)")
            : "hidden units differ from one another"))
        return CommandResult(input: "", name: "weights", tier: .instrument, text: lines.joined(separator: "\n"), values: [
            ("weight_std_init", .object(initial.parameters.map { ($0.key, Format.json($0.weightStandardDeviation)) })),
            ("first_layer_units_identical", .bool(identical)),
        ])
    }

    /// Re-runs the first epoch with the update-ratio probe: `‖Δp‖ / ‖p‖` per weight.
    func updateRatio() -> CommandResult {
        var oneEpoch = setup
        oneEpoch.epochs = 1
        let run = makeRun(oneEpoch, preparedData(oneEpoch), probes: [.updateRatios], probeInterval: 5)
        let history = run.trainer.train(on: run.data.training)
        let keys = run.model.namedParameters.map(\.key).filter { !$0.contains("bias") }
        var medians: [(String, JSONValue)] = []
        let rows = keys.map { key -> [String] in
            let ratios = history.probes.compactMap { record in record.parameters.first { $0.key == key }?.updateRatio }
            let sorted = ratios.filter(\.isFinite).sorted()
            let median = sorted.isEmpty ? nil : sorted[sorted.count / 2]
            medians.append((key, Format.json(median)))
            return [key, Format.number(ratios.first), Format.number(median), Format.number(sorted.last)]
        }
        var lines = ["first epoch, every 5th step, \(history.probes.count) readings:",
                     Format.table(["weight", "first step", "median", "largest"], rows),
                     "a healthy update is about 1e-3 of the weight (CS231n's rule of thumb)"]
        if history.hasDiverged { lines.append(style.alert("the loss stopped being finite at step \(history.firstNonFinite?.step ?? 0)")) }
        return CommandResult(input: "", name: "update-ratio", tier: .instrument, text: lines.joined(separator: "\n"), values: [
            ("median_ratios", .object(medians)),
        ])
    }

    /// Re-runs the current setup checking every activation and gradient for NaN or infinity.
    /// When the last run used this very setup, its history already says whether and when the
    /// loss went non-finite, so only the steps up to that point are replayed.
    func nanCheck() -> CommandResult {
        let sameSetup = lastRun.setup == setup
        if sameSetup && !lastReport.history.hasDiverged {
            let history = lastReport.history
            return CommandResult(input: "", name: "nan-check", tier: .instrument,
                                 text: style.good("no NaN or infinity in \(history.stepLosses.count) steps (\(history.epochs.count) epochs) of the last run"),
                                 values: [("non_finite", .bool(false)), ("step", .null), ("location", .null)])
        }
        let limit = sameSetup ? lastReport.history.firstNonFinite.map { $0.step + 1 } : nil
        let run = makeRun(setup, preparedData(), probes: [.nonFinite], probeInterval: Int.max, maximumSteps: limit)
        let history = run.trainer.train(on: run.data.training)
        let text: String
        if let event = history.firstNonFinite {
            let epoch = history.epochs.count
            let lossBefore = event.step > 0 ? history.stepLosses[event.step - 1] : nil
            text = style.alert("first non-finite value: \(Format.number(event.value)) in \(event.location)")
                + "\nat step \(event.step) (epoch \(epoch)); the loss one step before was \(Format.number(lossBefore))"
        } else {
            text = style.good("no NaN or infinity in \(history.stepLosses.count) steps (\(history.epochs.count) epochs)")
        }
        return CommandResult(input: "", name: "nan-check", tier: .instrument, text: text, values: [
            ("non_finite", .bool(history.hasDiverged)),
            ("step", history.firstNonFinite.map { .number(Double($0.step)) } ?? .null),
            ("location", history.firstNonFinite.map { .string($0.location) } ?? .null),
        ])
    }
}
