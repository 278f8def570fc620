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
        // A model without ReLUs has no dead column, one without tanh or sigmoid no saturated
        // one: empty columns are left out, so the table fits a narrow terminal.
        let showsDead = initial.activations.contains { $0.fractionDead != nil }
        let showsSaturated = initial.activations.contains { $0.fractionSaturated != nil }
        // On images a ReLU's dead share comes with its dead filters: channels that are 0 at
        // every position of every probe image.
        func dead(_ probe: ActivationProbe?) -> String {
            let share = Format.percent(probe?.fractionDead)
            guard let channels = probe?.silentChannels else { return share }
            return "\(share), \(channels.silent)/\(channels.of) ch"
        }
        let rows = initial.activations.map { probe -> [String] in
            let after = trained?.activations[probe.layerIndex]
            return [
                "layers.\(probe.layerIndex) \(probe.kind)", Format.number(probe.mean),
                Format.number(probe.standardDeviation),
            ]
                + (showsDead ? [dead(probe)] : [])
                + (showsSaturated ? [Format.percent(probe.fractionSaturated)] : [])
                + (showsDead ? [dead(after)] : [])
                + (showsSaturated ? [Format.percent(after?.fractionSaturated)] : [])
        }
        let header =
            ["layer", "mean", "std"] + (showsDead ? ["zero"] : []) + (showsSaturated ? ["saturated"] : [])
            + (showsDead ? ["zero (trained)"] : []) + (showsSaturated ? ["sat. (trained)"] : [])
        var lines = [Format.table(header, rows)]
        lines.append(
            [
                showsDead
                    ? "zero: ReLU-like outputs at or below 0 (about half is normal; a layer of dead units is near 100%)."
                    : nil,
                showsSaturated ? "saturated: tanh/sigmoid inputs beyond ±5." : nil,
                showsDead || showsSaturated
                    ? "Columns without (trained) are at init." : "Every column is at init, on the probe batch.",
            ].compactMap { $0 }.joined(separator: " "))
        if initial.activations.contains(where: { $0.silentChannels != nil }) {
            lines.append("n/m ch: n of a layer's m channels are 0 everywhere on the probe batch (dead filters).")
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
        if let legend = CodeModuleNames.legend(setup.architecture, layerKinds: initial.activations.map(\.kind)) {
            lines.append("\n" + legend)
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
