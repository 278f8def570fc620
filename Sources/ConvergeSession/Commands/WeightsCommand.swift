import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `weights`: weight statistics of every layer.
public struct WeightsCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "weights", tier: .instrument,
        summary: "weight statistics of every layer, and how far the last run moved each",
        pointsAt: [.initialization, .biasInit, .optimizer, .weightDecay, .backboneLearningRate, .freeze],
        budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var weightStdInit: [ParameterValue]
        public var firstLayerUnitsIdentical: Bool
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.weights()
    }
}

extension Session {
    func weights() -> CommandResult {
        let (initial, trained) = inspections()
        let moved = trained == nil ? [:] : movementInLastRun()
        let rows = initial.parameters.indices.map { index -> [String] in
            let reading = initial.parameters[index]
            let after = trained?.parameters[index]
            return [
                reading.key, Format.number(reading.weightMean), Format.number(reading.weightStandardDeviation),
                Format.number(after?.weightMean), Format.number(after?.weightStandardDeviation),
                moved[reading.key].map { Format.percent($0) } ?? "-",
            ]
        }
        var lines = [
            Format.table(
                ["parameter", "init mean", "init std", "trained mean", "trained std", "moved"], rows),
            "moved: how far the last run took each parameter from where it started, ||W - W0|| / ||W0||",
        ]
        let identical = TrainingRun.firstLayerUnitsIdentical(lastRun.model)
        lines.append(
            "\nfirst layer after the last run: "
                + (identical
                    ? style.alert("every hidden unit has exactly the same incoming weights (symmetry never broken)")
                    : "hidden units differ from one another"))
        if let legend = CodeModuleNames.legend(setup.architecture, layerKinds: initial.activations.map(\.kind)) {
            lines.append("\n" + legend)
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: WeightsCommand.Record(
                weightStdInit: initial.parameters.map {
                    ParameterValue(parameter: $0.key, value: $0.weightStandardDeviation.measured)
                },
                firstLayerUnitsIdentical: identical, findings: [Finding(.identicalUnits, abnormal: identical)]))
    }

    /// The distance each parameter of the last run's model travelled from its starting
    /// weights (the same seed, the same pretrained backbone), relative to where it started.
    func movementInLastRun() -> [String: Float] {
        let start = TrainingRun.startingModel(lastRun.setup, data: lastRun.data)
        var moved: [String: Float] = [:]
        for (key, parameter) in lastRun.model.namedParameters {
            guard let first = start.parameter(key)?.value, first.count == parameter.value.count else { continue }
            var distance: Float = 0
            var size: Float = 0
            for index in 0..<first.count {
                let step = parameter.value[index] - first[index]
                distance += step * step
                size += first[index] * first[index]
            }
            moved[key] = size > 0 ? (distance / size).squareRoot() : Optional<Float>.none
        }
        return moved
    }
}
