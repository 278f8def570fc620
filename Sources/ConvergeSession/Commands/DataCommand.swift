import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `data`: samples, labels, class balance and feature statistics.
public struct DataCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "data", tier: .look,
        summary: "samples, labels, class balance and feature statistics (`data batch`: a batch as the model gets it)",
        usage: "data [batch]", example: "data batch",
        pointsAt: [.standardize, .validationPreprocessing, .labels, .shuffle, .sorted, .collate], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var classCounts: [Int]
        public var trainFeatureMax: Double?
        public var valFeatureMax: Double?
        public var trainStdRange: [Double?]
        public var valMeanOfMeans: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        switch arguments.map({ $0.lowercased() }) {
        case []: return session.data()
        case ["batch"]: return session.loaderBatch()
        default:
            return .error(
                "`data` shows the stored data; `data batch` shows a batch as the model receives it from the loader.")
        }
    }
}

extension Session {
    func data() -> CommandResult {
        let prepared = preparedData()
        let training = prepared.training
        let validation = prepared.validation
        let shape = training.inputs.shape
        let imageShape = source.holdsImages ? Array(source.inputs.shape.dropFirst()) : []
        let inputs: String
        if shape.count == 4 {
            inputs = "images of \(imageShape.map(String.init).joined(separator: " x ")) (channels x height x width)"
        } else if !imageShape.isEmpty {
            inputs =
                "images of \(imageShape.map(String.init).joined(separator: " x ")), flattened to \(training.inputWidth) features"
        } else if shape.count == 3 {
            let validationSteps = validation.inputs.shape.count == 3 ? validation.inputs.shape[1] : shape[1]
            inputs =
                "sequences of \(shape[1]) steps x \(shape[2]) features"
                + (validationSteps == shape[1] ? "" : " (validation: \(validationSteps) steps)")
        } else {
            inputs = "\(training.inputWidth) features"
        }
        var lines = [
            "data set \(scenario.data):",
            "\(training.count) training rows, \(validation.count) validation rows; inputs: \(inputs); "
                + (prepared.isRegression ? "targets: real numbers" : "\(prepared.classCount) classes"),
        ]
        let order = setup.shuffle ? "reshuffled every epoch" : "in file order, never shuffled"
        var counts: [Int] = []
        if prepared.isRegression {
            // A regression target has no classes: its spread is what a person looks at.
            let targets = (0..<training.targets.count).map { training.targets[$0] }
            let mean = targets.reduce(0, +) / Float(Swift.max(targets.count, 1))
            lines.append(
                "training targets: mean \(Format.number(mean)), std \(Format.number(training.targets.standardDeviation)), "
                    + "from \(Format.number(targets.min())) to \(Format.number(targets.max()))")
            let first = targets.prefix(8).map { Format.number($0) }.joined(separator: " ")
            lines.append("row order: \(order); targets of the first 8 rows in that order: \(first)")
        } else {
            counts = [Int](repeating: 0, count: prepared.classCount)
            for row in 0..<training.count {
                let label = Int(training.targets[row])
                if counts.indices.contains(label) { counts[label] += 1 }
            }
            lines.append(
                "training labels per class: "
                    + counts.enumerated().map { "\($0.offset):\($0.element)" }.joined(separator: " "))
            let firstLabels = (0..<Swift.min(24, training.count)).map { String(Int(training.targets[$0])) }.joined(
                separator: " ")
            lines.append("row order: \(order); labels of the first 24 rows in that order: \(firstLabels)")
        }

        let trainStats = FeatureStatistics(training)
        let validationStats = FeatureStatistics(validation)
        lines.append("\nfeatures as the model receives them:")
        lines.append(
            Format.table(
                ["split", "smallest", "largest", "mean of means", "smallest std", "largest std"],
                [trainStats.row("training"), validationStats.row("validation")]))
        let widest = trainStats.widestFeatures(3)
        lines.append(
            "widest training features: "
                + widest.map { "#\($0.index) range \(Format.number($0.range))" }.joined(separator: ", "))

        if imageShape.count == 3 {
            let pictures = Swift.min(3, Swift.max(1, 78 / (imageShape[2] + 3)), prepared.rawTraining.count)
            lines.append(
                "\n\(pictures) training images (\(imageShape[1])x\(imageShape[2]), first channel) with their labels:")
            lines.append(
                ImagePicture.render(
                    rows: Array(0..<pictures), of: prepared.rawTraining, shape: imageShape, unicode: style.unicode))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: DataCommand.Record(
                classCounts: counts, trainFeatureMax: trainStats.largest.measured,
                valFeatureMax: validationStats.largest.measured,
                trainStdRange: [trainStats.smallestDeviation.measured, trainStats.largestDeviation.measured],
                valMeanOfMeans: validationStats.meanOfMeans.measured,
                findings: DataCommand.findings(
                    training: trainStats, validation: validationStats,
                    labels: prepared.isRegression ? Tensor() : training.targets, shuffled: setup.shuffle
                )))
    }
}

/// Summary statistics of a data set's features.
struct FeatureStatistics {
    var means: [Float] = [], deviations: [Float] = [], minimums: [Float] = [], maximums: [Float] = []

    init(_ data: Dataset) {
        let width = data.inputWidth
        guard data.count > 0 else { return }
        for column in 0..<width {
            var sum = 0.0
            var squares = 0.0
            var low = Float.infinity
            var high = -Float.infinity
            for row in 0..<data.count {
                let value = data.inputs[row * width + column]
                sum += Double(value)
                squares += Double(value) * Double(value)
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
            let mean = sum / Double(data.count)
            means.append(Float(mean))
            deviations.append(Float(Swift.max(squares / Double(data.count) - mean * mean, 0).squareRoot()))
            minimums.append(low)
            maximums.append(high)
        }
    }

    var smallest: Float? { minimums.min() }
    var largest: Float? { maximums.max() }
    var meanOfMeans: Float? { means.isEmpty ? nil : means.reduce(0, +) / Float(means.count) }
    var smallestDeviation: Float? { deviations.min() }
    var largestDeviation: Float? { deviations.max() }

    func row(_ name: String) -> [String] {
        [
            name, Format.number(smallest), Format.number(largest), Format.number(meanOfMeans),
            Format.number(smallestDeviation), Format.number(largestDeviation),
        ]
    }

    func widestFeatures(_ count: Int) -> [(index: Int, range: Float)] {
        zip(minimums, maximums).enumerated().map { (index: $0.offset, range: $0.element.1 - $0.element.0) }
            .sorted { $0.range > $1.range }.prefix(count).map { $0 }
    }
}

/// Draws images side by side in shades of one channel, from the smallest to the largest
/// value the drawn images hold, with that range printed as the legend.
enum ImagePicture {
    static func render(rows: [Int], of data: Dataset, shape: [Int], unicode: Bool) -> String {
        let shades: [Character] = unicode ? Array(" ░▒▓█") : Array(" .:+#")
        let (height, width) = (shape[1], shape[2])
        let size = shape.reduce(1, *)
        let values = rows.flatMap { row in (0..<(height * width)).map { data.inputs[row * size + $0] } }
        let low = values.min() ?? 0
        let span = Swift.max((values.max() ?? 1) - low, 1e-6)
        let column = Swift.max(width, 9)
        var lines = [
            rows.map { "label \(Int(data.targets[$0]))".padding(toLength: column, withPad: " ", startingAt: 0) }
                .joined(separator: "   ")
        ]
        for y in 0..<height {
            lines.append(
                rows.map { row in
                    String(
                        (0..<width).map { x -> Character in
                            let level = (data.inputs[row * size + y * width + x] - low) / span
                            return shades[
                                Swift.min(shades.count - 1, Swift.max(0, Int(level * Float(shades.count - 1) + 0.5)))]
                        }
                    ).padding(toLength: column, withPad: " ", startingAt: 0)
                }.joined(separator: "   "))
        }
        lines.append("shades from \(Format.number(low)) (blank) to \(Format.number(low + span)) (\(shades.last!))")
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(
            separator: "\n")
    }
}

extension DataCommand {
    /// Inputs on large scales, validation inputs on another scale than training inputs, and
    /// rows presented in class order.
    static func findings(
        training: FeatureStatistics, validation: FeatureStatistics, labels: Tensor, shuffled: Bool
    ) -> [Finding] {
        let trainSpread = training.largestDeviation ?? 1
        let validationSpread = validation.largestDeviation ?? 1
        let mismatch =
            validationSpread > 3 * trainSpread || validationSpread < trainSpread / 3
            || Swift.abs((validation.meanOfMeans ?? 0) - (training.meanOfMeans ?? 0)) > 2
        let shown = Swift.min(labels.count, 100)
        let ordered = !shuffled && shown > 1 && (1..<shown).allSatisfy { labels[$0] >= labels[$0 - 1] }
        return [
            Finding(.inputsUnscaled, abnormal: trainSpread > 5), Finding(.validationScaleMismatch, abnormal: mismatch),
            Finding(.rowsOrderedByClass, abnormal: ordered),
        ]
    }
}
