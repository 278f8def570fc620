import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `activations`: activation statistics: dead ReLUs, saturated tanh and sigmoid units.
public struct ActivationsCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "activations", tier: .instrument, summary: "activation statistics: dead ReLUs, saturated tanh/sigmoid",
        pointsAt: [.activation, .initialization, .biasInit, .standardize, .normalization], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var maxDeadFraction: Double?
        public var maxSaturatedFraction: Double?
        public var deadTrained: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.activations()
    }
}

extension Session {
    func activations() -> CommandResult {
        let (initial, trained) = inspections()
        let rows = initial.activations.map { probe -> [String] in
            let after = trained?.activations[probe.layerIndex]
            return [
                "layers.\(probe.layerIndex) \(probe.kind)", Format.number(probe.mean),
                Format.number(probe.standardDeviation),
                Format.percent(probe.fractionDead), Format.percent(probe.fractionSaturated),
                Format.percent(after?.fractionDead), Format.percent(after?.fractionSaturated),
            ]
        }
        var lines = [
            Format.table(["layer", "mean", "std", "dead", "saturated", "dead (trained)", "sat. (trained)"], rows)
        ]
        lines.append(
            "dead: ReLU-like outputs at or below 0. saturated: tanh/sigmoid inputs beyond ±5. Columns without (trained) are at init."
        )
        let channelReadings = initial.activations.compactMap { probe in
            probe.silentChannels.map { reading -> String in
                let after =
                    trained?.activations[probe.layerIndex].silentChannels.map { " (\($0.silent) after training)" } ?? ""
                return "layers.\(probe.layerIndex) \(reading.silent) of \(reading.of)\(after)"
            }
        }
        if !channelReadings.isEmpty {
            lines.append(
                "channels 0 everywhere on the probe batch (dead filters): " + channelReadings.joined(separator: ", "))
        }
        let deadest = initial.activations.compactMap(\.fractionDead).max() ?? 0
        let saturated = initial.activations.compactMap(\.fractionSaturated).max() ?? 0
        if deadest >= 0.7 {
            lines.append(
                style.alert(
                    "\(Format.percent(deadest)) of a layer's ReLU outputs are 0 at init: those units pass no gradient"))
        }
        if saturated > 0.5 {
            lines.append(
                style.alert(
                    "\(Format.percent(saturated)) of a layer's tanh/sigmoid inputs are beyond ±5 (DeepDiagnosis saturation rule: over half)"
                ))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: ActivationsCommand.Record(
                maxDeadFraction: deadest.measured, maxSaturatedFraction: saturated.measured,
                deadTrained: trained?.activations.compactMap(\.fractionDead).max().measured,
                findings: [
                    Finding(.deadUnits, abnormal: deadest >= 0.7), Finding(.saturatedUnits, abnormal: saturated > 0.5),
                ]))
    }
}
