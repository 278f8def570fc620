import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `predict`: predictions against labels, and how predictions spread over classes.
public struct PredictCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "predict", tier: .sanity, summary: "predictions against labels, and how predictions spread over classes",
        pointsAt: [.validationPreprocessing, .labels, .shuffle, .sorted, .outputSoftmax, .standardize], budget: .instant
    )

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var diverged: Bool
        public var predictionCounts: [Int]? = nil
        public var largestClassShare: Double? = nil
        public var trainAccuracy: Double? = nil
        public var valAccuracy: Double? = nil
        /// Regression: the spread of the predictions and of the targets.
        public var predictionSpread: Double? = nil
        public var targetSpread: Double? = nil
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.predict()
    }
}

extension Session {
    /// Predictions of the last run's model: how they spread over the classes, and a few
    /// rows from each split next to their labels.
    func predict() -> CommandResult {
        guard !lastReport.history.hasDiverged else {
            return CommandResult(
                text:
                    "The last run diverged (its weights are not finite): its predictions mean nothing. `run` again after a change.",
                record: PredictCommand.Record(diverged: true))
        }
        let run = lastRun
        let validation = run.data.validation
        let training = run.data.training
        if run.data.isRegression { return predictValues(run) }
        let predictions = run.trainer.evaluate(validation).predictions
        let trainingPredictions = run.trainer.evaluate(training).predictions
        let classes = run.data.classCount
        var spread = [Int](repeating: 0, count: classes)
        for prediction in predictions where prediction < classes { spread[prediction] += 1 }
        let largestShare = Float(spread.max() ?? 0) / Float(Swift.max(predictions.count, 1))
        var lines = [
            "validation predictions per class: "
                + spread.enumerated().map { "\($0.offset):\($0.element)" }.joined(separator: " ")
        ]
        lines.append("largest share for one class: \(Format.percent(largestShare))")
        let shown = Swift.min(12, validation.count)
        // Labels and predictions in aligned columns, however many digits a class has.
        func rows(_ title: String, labels: [Int], predicted: [Int]) -> [String] {
            let width = (labels + predicted).map { String($0).count }.max() ?? 1
            let cells = { (values: [Int]) in
                values.map { String($0).padding(toLength: width, withPad: " ", startingAt: 0) }.joined(separator: " ")
            }
            return [title, "  label      " + cells(labels), "  predicted  " + cells(predicted)]
        }
        lines.append("")
        lines += rows(
            "first \(shown) validation rows:", labels: (0..<shown).map { Int(validation.targets[$0]) },
            predicted: Array(predictions.prefix(shown)))
        lines += rows(
            "first \(shown) training rows:", labels: (0..<shown).map { Int(training.targets[$0]) },
            predicted: Array(trainingPredictions.prefix(shown)))
        let trainAccuracy = PredictCommand.agreement(trainingPredictions, training.targets)
        let validationAccuracy = PredictCommand.agreement(predictions, validation.targets)
        lines.append(
            "\naccuracy: training \(Format.percent(trainAccuracy)), validation \(Format.percent(validationAccuracy))")
        if largestShare > 0.6 {
            lines.append(style.alert("the model predicts one class for most rows"))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: PredictCommand.Record(
                diverged: false, predictionCounts: spread, largestClassShare: largestShare.measured,
                trainAccuracy: trainAccuracy.measured, valAccuracy: validationAccuracy.measured,
                findings: [
                    Finding(.predictsOneClass, abnormal: largestShare > 0.6),
                    Finding(.trainValidationDisagree, abnormal: trainAccuracy - validationAccuracy > 0.15),
                ]))
    }

    /// For regression: predictions next to targets, and the error against predicting the mean.
    func predictValues(_ run: TrainingRun) -> CommandResult {
        let validation = run.data.validation
        let shown = validation.subset(Array(0..<Swift.min(10, validation.count)))
        run.model.setMode(.evaluation)
        let output = run.model.forward(shown.inputs).copy()
        run.model.setMode(.training)
        // One row per example, so targets and predictions line up whatever their widths.
        var lines = [
            "first \(shown.count) validation rows:",
            Format.table(
                ["row", "target", "predicted", "error"],
                (0..<shown.count).map { row in
                    [
                        String(row + 1), Format.number(shown.targets[row]), Format.number(output[row]),
                        Format.number(output[row] - shown.targets[row]),
                    ]
                }),
        ]
        let spread = output.standardDeviation
        let targetSpread = shown.targets.standardDeviation
        lines.append(
            "spread of predictions \(Format.number(spread)) against spread of targets \(Format.number(targetSpread))")
        if spread < 0.2 * targetSpread {
            lines.append(
                style.alert("the predictions barely vary: the model predicts about the same value for every sequence"))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: PredictCommand.Record(
                diverged: false, predictionSpread: spread.measured, targetSpread: targetSpread.measured,
                findings: [Finding(.predictionsFlat, abnormal: spread < 0.2 * targetSpread)]))
    }
}

extension PredictCommand {
    /// The share of positions where two prediction lists differ.
    static func disagreement(_ a: [Int], _ b: [Int]) -> Float {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return Float(zip(a, b).filter { $0 != $1 }.count) / Float(a.count)
    }

    static func agreement(_ predictions: [Int], _ targets: Tensor) -> Float {
        guard !predictions.isEmpty else { return 0 }
        return Float(predictions.enumerated().filter { $0.element == Int(targets[$0.offset]) }.count)
            / Float(predictions.count)
    }
}
