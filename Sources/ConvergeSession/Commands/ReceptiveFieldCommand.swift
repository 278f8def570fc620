import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport

/// `receptive-field`: CNNs: which input pixels can reach a central unit of the last
/// convolution, as a heat map, against the image size.
public struct ReceptiveFieldCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "receptive-field", tier: .instrument,
        summary: "CNNs: which input pixels reach a central unit of the last convolution",
        pointsAt: [.channels, .kernel, .stride, .pooling, .poolEvery, .head], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// Height and width of the theoretical and the effective field, and of the image.
        public var theoretical: [Int] = []
        public var effective: [Int] = []
        public var image: [Int] = []
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
        /// False when the model has no convolution: the check cannot bear on it.
        public var applies = true
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.receptiveField()
    }
}

extension Session {
    func receptiveField() -> CommandResult {
        let prepared = preparedData()
        let fresh = makeRun(setup, prepared)
        let images = prepared.training.subset(Array(0..<Swift.min(64, prepared.training.count))).inputs
        guard let field = ReceptiveField.measure(model: fresh.model, images: images) else {
            return CommandResult(
                text: "This model has no convolution: every unit of its first layer sees the whole input. "
                    + "(`code` shows the model.)",
                record: ReceptiveFieldCommand.Record(applies: false))
        }
        let (height, width) = field.inputSize
        func size(_ value: (height: Int, width: Int)) -> String { "\(value.height)x\(value.width)" }
        let shades: [Character] = style.unicode ? Array(" ░▒▓█") : Array(" .:+#")
        var lines = [
            "central unit of layers.\(field.layerIndex) \(fresh.model.layers[field.layerIndex].kind) (the last layer with "
                + "a spatial output), fresh weights, \(images.shape[0]) training images:",
            "  theoretical field  \(size(field.theoreticalSize)) pixels of the \(size(field.inputSize)) image",
            "  effective field    \(size(field.effectiveSize)) pixels with at least 1% of the largest gradient",
            "",
            "|d unit / d pixel|, mean over images (blank: 0, \(shades.last!): the largest):",
        ]
        for row in 0..<height {
            lines.append(
                "  "
                    + String(
                        (0..<width).map { column -> Character in
                            let value = field.map[row * width + column]
                            guard value > 0 else { return shades[0] }
                            return shades[Swift.min(shades.count - 1, 1 + Int(value * Float(shades.count - 2)))]
                        }))
        }
        let partial = field.theoreticalSize.height < height || field.theoreticalSize.width < width
        // A unit that sees less than half the image cannot relate its opposite halves; after
        // a global average pool nothing downstream can either.
        let narrow = 2 * field.theoreticalSize.height < height || 2 * field.theoreticalSize.width < width
        let blind = narrow && field.followedByGlobalPool
        if blind {
            lines.append(
                style.alert(
                    "a global average pool follows: no output sees more than \(size(field.theoreticalSize)) "
                        + "of the \(size(field.inputSize)) image at once"))
        } else if partial && !field.followedByGlobalPool {
            lines.append(
                "the flatten read-out still sees every position, so it can combine distant parts (linearly)")
        } else if partial {
            lines.append("the field covers more than half the image: a unit can relate its opposite halves")
        } else {
            lines.append("the field covers the whole image")
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: ReceptiveFieldCommand.Record(
                theoretical: [field.theoreticalSize.height, field.theoreticalSize.width],
                effective: [field.effectiveSize.height, field.effectiveSize.width], image: [height, width],
                findings: [Finding(.receptiveFieldTooSmall, abnormal: blind)]))
    }
}
