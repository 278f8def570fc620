import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `update-ratio`: size of each update relative to the weights (healthy near 1e-3).
public struct UpdateRatioCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "update-ratio", tier: .instrument,
        summary: "size of each update relative to the weights (healthy near 1e-3)",
        pointsAt: [.learningRate, .optimizer, .weightDecay, .momentum, .backboneLearningRate], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var medianRatios: [ParameterValue]
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.updateRatio()
    }
}

extension Session {
    /// Re-runs the first epoch with the update-ratio probe: `‖Δp‖ / ‖p‖` per weight.
    func updateRatio() -> CommandResult {
        var oneEpoch = setup
        oneEpoch.epochs = 1
        let data = preparedData(oneEpoch)
        // Every 5th step, or every step when an epoch is too short to give several readings.
        let steps = (data.training.count + oneEpoch.batchSize - 1) / Swift.max(oneEpoch.batchSize, 1)
        let interval = steps >= 20 ? 5 : 1
        let run = makeRun(oneEpoch, data, probes: [.updateRatios], probeInterval: interval)
        let history = run.trainer.train(on: run.data.training)
        let keys = run.model.namedParameters.filter { !$0.parameter.isBias }.map(\.key)
        var medians: [ParameterValue] = []
        let rows = keys.map { key -> [String] in
            let ratios = history.probes.compactMap { record in record.parameters.first { $0.key == key }?.updateRatio }
            let sorted = ratios.filter(\.isFinite).sorted()
            let median = sorted.isEmpty ? nil : sorted[sorted.count / 2]
            medians.append(ParameterValue(parameter: key, value: median.measured))
            return [key, Format.scientific(ratios.first), Format.scientific(median), Format.scientific(sorted.last)]
        }
        var lines = [
            "first epoch, \(interval == 1 ? "every step" : "every \(interval)th step"), \(history.probes.count) "
                + (history.probes.count == 1 ? "reading:" : "readings:"),
            Format.table(["weight", "first step", "median", "largest"], rows),
            "a healthy update is about 1e-3 of the weight (CS231n's rule of thumb)",
        ]
        if history.hasDiverged {
            lines.append(style.alert("the loss stopped being finite at step \(history.firstNonFinite?.step ?? 0)"))
        }
        if let legend = CodeModuleNames.legend(setup.architecture, layerKinds: run.model.layers.map(\.kind)) {
            lines.append("\n" + legend)
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: UpdateRatioCommand.Record(medianRatios: medians, findings: UpdateRatioCommand.findings(medians)))
    }
}

extension UpdateRatioCommand {
    /// Updates far above CS231n's rule of thumb of 1e-3 of the weight (any layer over 1e-2),
    /// or below it everywhere: no layer reaching 1e-3 and the typical one (the median of the
    /// layers' medians) under 1e-4. One layer that moves a little faster, such as an attention
    /// output, does not make a rate ten times too low look healthy; but when the last layer
    /// moves at a healthy rate and the first barely at all, the spread is vanishing gradients
    /// (`grad-norms`), not a learning rate.
    static func findings(_ medians: [ParameterValue]) -> [Finding] {
        let values = medians.compactMap(\.value).sorted()
        let tooSmall = values.last.map { largest in largest < 1e-3 && values[values.count / 2] < 1e-4 } ?? false
        return [
            Finding(.updatesTooLarge, abnormal: values.contains { $0 > 1e-2 }),
            Finding(.updatesTooSmall, abnormal: tooSmall),
        ]
    }
}
