import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `weights`: weight statistics of every layer.
public struct WeightsCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "weights", tier: .instrument, summary: "weight statistics of every layer",
        pointsAt: [.initialization, .biasInit, .optimizer, .weightDecay], budget: .instant)

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
        let rows = initial.parameters.indices.map { index -> [String] in
            let reading = initial.parameters[index]
            let after = trained?.parameters[index]
            return [
                reading.key, Format.number(reading.weightMean), Format.number(reading.weightStandardDeviation),
                Format.number(after?.weightMean), Format.number(after?.weightStandardDeviation),
            ]
        }
        var lines = [
            Format.table(["parameter", "mean at init", "std at init", "mean (trained)", "std (trained)"], rows)
        ]
        let identical = TrainingRun.firstLayerUnitsIdentical(lastRun.model)
        lines.append(
            "\nfirst layer after the last run: "
                + (identical
                    ? style.alert("every hidden unit has exactly the same incoming weights (symmetry never broken)")
                    : "hidden units differ from one another"))
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: WeightsCommand.Record(
                weightStdInit: initial.parameters.map {
                    ParameterValue(parameter: $0.key, value: $0.weightStandardDeviation.measured)
                },
                firstLayerUnitsIdentical: identical, findings: [Finding(.identicalUnits, abnormal: identical)]))
    }
}
