import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `grad-norms`: gradient norm of every layer, at init and after the last run.
public struct GradNormsCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "grad-norms", tier: .instrument, summary: "gradient norm of every layer, at init and after the last run",
        pointsAt: [
            .activation, .initialization, .biasInit, .learningRate, .zeroGrad, .clip, .normalization, .optimizer,
            .weightDecay,
        ],
        budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var gradNormsInit: [ParameterValue]
        public var gradNormsTrained: [ParameterValue]
        public var firstLastRatio: Double?
        public var maxHiddenZeroFraction: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.gradientNorms()
    }
}

extension Session {
    func gradientNorms() -> CommandResult {
        let (initial, trained) = inspections()
        let weights = initial.parameters.indices.filter { !initial.parameters[$0].isBias }
        let largest = weights.map { initial.parameters[$0].gradientNorm }.filter(\.isFinite).max() ?? 1
        let rows = weights.map { index -> [String] in
            let reading = initial.parameters[index]
            let fraction =
                largest > 0
                ? Float(Foundation.log10(Double(Swift.max(reading.gradientNorm, 1e-12) / largest)) + 8) / 8 : 0
            return [
                reading.key, Format.number(reading.gradientNorm), Format.percent(reading.fractionZeroGradient),
                Format.number(trained?.parameters[index].gradientNorm), style.bar(fraction, width: 16),
            ]
        }
        let first = weights.first.map { initial.parameters[$0].gradientNorm }
        let last = weights.last.map { initial.parameters[$0].gradientNorm }
        // With no gradient at all in the last layer the ratio means nothing: say so instead of
        // calling an infinite ratio an explosion.
        let ratio = first.flatMap { f in last.flatMap { $0 > 0 ? f / $0 : nil } }
        var lines = [
            Format.table(
                ["weight", "grad norm (init)", "zeros", trainedLabel(trained), "log, 8 decades"], rows)
        ]
        if ratio == nil, last == 0 {
            lines.append(
                "\nfirst/last layer gradient-norm ratio at init: undefined (the last layer's weight gradient is 0)")
            lines.append(style.alert("no gradient reaches the last layer's weights: its inputs are all 0"))
        } else {
            lines.append("\nfirst/last layer gradient-norm ratio at init: \(Format.number(ratio))")
        }
        if let ratio, let first, ratio < 1e-3 && first < 1e-4 {
            lines.append(
                style.alert(
                    "vanishing gradients: ratio below 1e-3 and first-layer norm below 1e-4 (AUTOTRAINER's rule)"))
        } else if let ratio, ratio > 70 {
            lines.append(style.alert("exploding gradients: ratio above 70 (AUTOTRAINER's rule)"))
        }
        let zeroShare = weights.dropLast().map { initial.parameters[$0].fractionZeroGradient }.max() ?? 0
        if zeroShare >= 0.7 {
            lines.append(
                style.alert(
                    "\(Format.percent(zeroShare)) of a hidden layer's gradient entries are exactly 0 (dying ReLU rule: at least 70%)"
                ))
        }
        if let legend = CodeModuleNames.legend(setup.architecture, layerKinds: initial.activations.map(\.kind)) {
            lines.append("\n" + legend)
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: GradNormsCommand.Record(
                gradNormsInit: weights.map {
                    ParameterValue(
                        parameter: initial.parameters[$0].key, value: initial.parameters[$0].gradientNorm.measured)
                },
                gradNormsTrained: weights.map {
                    ParameterValue(
                        parameter: initial.parameters[$0].key, value: trained?.parameters[$0].gradientNorm.measured)
                },
                firstLastRatio: ratio.measured, maxHiddenZeroFraction: zeroShare.measured,
                findings: [
                    Finding(.gradientsVanish, abnormal: ratio.map { $0 < 1e-3 } == true && (first ?? 1) < 1e-4),
                    Finding(.gradientsExplode, abnormal: ratio.map { $0 > 70 } == true),
                    Finding(.gradientsZero, abnormal: zeroShare >= 0.7),
                ]))
    }
}
