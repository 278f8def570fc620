import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// Tier 0: read what is there.
extension Session {
    func help(_ arguments: [String]) -> CommandResult {
        if let name = arguments.first {
            guard let spec = CommandSpec.named(name) else {
                let suggestions = CommandSpec.suggestions(for: name)
                return .error("", name: "help", "No command `\(name)`." + (suggestions.isEmpty ? "" : " Did you mean `\(suggestions[0])`?"))
            }
            var text = "\(spec.usage)\n  \(spec.summary) (\(spec.tier.name))\n  example: \(spec.example)"
            if spec.name == "set" {
                text += "\n\nknobs:\n" + Format.table(["knob", "now", "allowed"], Knob.all.map { [$0.name, $0.value(in: setup), $0.allowed] })
            }
            return CommandResult(input: "", name: "help", tier: .look, text: text)
        }
        var lines: [String] = []
        for tier in Tier.allCases {
            let commands = CommandSpec.all.filter { $0.tier == tier }
            guard !commands.isEmpty else { continue }
            lines.append(style.bold(tier.name))
            for command in commands {
                lines.append("  " + command.usage.padding(toLength: 24, withPad: " ", startingAt: 0) + command.summary)
            }
        }
        lines.append("\n`help COMMAND` explains one command with an example; `help set` lists every knob.")
        return CommandResult(input: "", name: "help", tier: .look, text: lines.joined(separator: "\n"))
    }

    func config() -> CommandResult {
        let rows = Knob.all.map { knob -> [String] in
            let value = knob.value(in: setup)
            return [knob.name, value + (value != knob.value(in: originalSetup) ? " *" : ""), knob.summary]
        }
        let text = Format.table(["setting", "value", "meaning"], rows)
            + "\n\ndata: \(scenario.data), seed \(setup.seed)" + (setup != originalSetup ? "\n* changed from the original" : "")
        return CommandResult(input: "", name: "config", tier: .look, text: text,
                             values: Knob.all.map { ($0.name, .string($0.value(in: setup))) })
    }

    func curve() -> CommandResult {
        let history = lastReport.history
        var lines = ["last run" + (lastRun.setup == originalSetup ? " (the original setup)" : "") + ":"]
        let rows = history.epochs.map { epoch in
            [String(epoch.epoch), Format.number(epoch.trainingLoss), Format.percent(epoch.trainingAccuracy),
             Format.number(epoch.evaluationLoss), Format.percent(epoch.evaluationAccuracy)]
        }
        lines.append(Format.table(["epoch", "train loss", "train acc", "val loss", "val acc"], rows))
        lines.append("\nloss per step (\(history.stepLosses.count) steps):  " + style.sparkline(history.stepLosses))
        let accuracies = history.epochs.compactMap(\.evaluationAccuracy)
        if accuracies.count > 1 {
            lines.append("val accuracy per epoch:        " + style.sparkline(accuracies, ceiling: 1) + " (\(Format.percent(accuracies.first)) -> \(Format.percent(accuracies.last)))")
        }
        if let first = history.stepLosses.first, let last = history.stepLosses.last {
            lines.append("first step \(Format.number(first)), last step \(Format.number(last))")
        }
        if let event = history.firstNonFinite {
            lines.append(style.alert("training stopped at step \(event.step): the loss became \(Format.number(history.stepLosses.last))"))
        }
        return CommandResult(input: "", name: "curve", tier: .look, text: lines.joined(separator: "\n"), values: [
            ("epoch_losses", .array(history.epochs.map { Format.json($0.trainingLoss) })),
            ("val_accuracy", .array(history.epochs.map { Format.json($0.evaluationAccuracy) })),
            ("non_finite_step", history.firstNonFinite.map { .number(Double($0.step)) } ?? .null),
        ])
    }

    func data() -> CommandResult {
        let prepared = preparedData()
        let training = prepared.training, validation = prepared.validation
        var lines = ["data set \(scenario.data): \(training.count) training rows, \(validation.count) validation rows, "
            + "\(training.inputWidth) features, \(prepared.classCount) classes"]
        var counts = [Int](repeating: 0, count: prepared.classCount)
        for row in 0..<training.count { counts[Int(training.targets[row])] += 1 }
        lines.append("training labels per class: " + counts.enumerated().map { "\($0.offset):\($0.element)" }.joined(separator: " "))
        let order = setup.shuffle ? "reshuffled every epoch" : "in file order, never shuffled"
        let firstLabels = (0..<Swift.min(24, training.count)).map { String(Int(training.targets[$0])) }.joined(separator: " ")
        lines.append("row order: \(order); labels of the first 24 rows in that order: \(firstLabels)")

        let trainStats = FeatureStatistics(training), validationStats = FeatureStatistics(validation)
        lines.append("\nfeatures as the model receives them:")
        lines.append(Format.table(
            ["split", "smallest", "largest", "mean of means", "smallest std", "largest std"],
            [trainStats.row("training"), validationStats.row("validation")]))
        let widest = trainStats.widestFeatures(3)
        lines.append("widest training features: " + widest.map { "#\($0.index) range \(Format.number($0.range))" }.joined(separator: ", "))

        if training.inputWidth == 64, case .file(let name) = scenario.data, name == "digits" {
            lines.append("\nthree training images (8x8) with their labels:")
            lines.append(DigitPicture.render(rows: [0, 1, 2], of: prepared.rawTraining, unicode: style.unicode))
        }
        return CommandResult(input: "", name: "data", tier: .look, text: lines.joined(separator: "\n"), values: [
            ("class_counts", .array(counts.map { .number(Double($0)) })),
            ("train_feature_max", Format.json(trainStats.largest)),
            ("val_feature_max", Format.json(validationStats.largest)),
            ("train_std_range", .array([Format.json(trainStats.smallestDeviation), Format.json(trainStats.largestDeviation)])),
            ("val_mean_of_means", Format.json(validationStats.meanOfMeans)),
        ])
    }
}

/// Summary statistics of a data set's features.
struct FeatureStatistics {
    var means: [Float] = [], deviations: [Float] = [], minimums: [Float] = [], maximums: [Float] = []

    init(_ data: Dataset) {
        let width = data.inputWidth
        guard data.count > 0 else { return }
        for column in 0..<width {
            var sum = 0.0, squares = 0.0, low = Float.infinity, high = -Float.infinity
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
        [name, Format.number(smallest), Format.number(largest), Format.number(meanOfMeans),
         Format.number(smallestDeviation), Format.number(largestDeviation)]
    }

    func widestFeatures(_ count: Int) -> [(index: Int, range: Float)] {
        zip(minimums, maximums).enumerated().map { (index: $0.offset, range: $0.element.1 - $0.element.0) }
            .sorted { $0.range > $1.range }.prefix(count).map { $0 }
    }
}

/// Draws 8x8 digit images side by side, darker for higher pixel counts (0…16).
enum DigitPicture {
    static func render(rows: [Int], of data: Dataset, unicode: Bool) -> String {
        let shades: [Character] = unicode ? Array(" ░▒▓█") : Array(" .:+#")
        var lines = rows.map { "label \(Int(data.targets[$0]))".padding(toLength: 10, withPad: " ", startingAt: 0) }
            .joined(separator: "   ")
        for y in 0..<8 {
            lines += "\n" + rows.map { row in
                String((0..<8).map { x -> Character in
                    let value = data.inputs[row * 64 + y * 8 + x]
                    return shades[Swift.min(shades.count - 1, Swift.max(0, Int(value / 16 * Float(shades.count - 1) + 0.5)))]
                }).padding(toLength: 10, withPad: " ", startingAt: 0)
            }.joined(separator: "   ")
        }
        return lines
    }
}
