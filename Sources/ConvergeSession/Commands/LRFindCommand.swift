import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `lr-find`: Smith's learning-rate range test, with a suggested rate.
public struct LRFindCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "lr-find", tier: .tune, summary: "LR range test: sweep the learning rate from 1e-6 to 10",
        pointsAt: [.learningRate, .momentum, .optimizer, .warmup, .schedule], budget: .training)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var suggestedLr: Double?
        public var minLossLr: Double?
        public var currentLr: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.learningRateFinder()
    }
}

extension Session {
    /// Smith's LR range test on a fresh model of the current setup.
    func learningRateFinder() -> CommandResult {
        let prepared = preparedData()
        let run = makeRun(setup, prepared)
        let result = LearningRateRangeTest(start: 1e-6, end: 10, steps: 100).run(
            model: run.model, loss: run.loss, optimizer: run.optimizer, data: prepared.training,
            batchSize: setup.batchSize, seed: setup.seed)
        var lines = [
            "LR range test: 100 steps, learning rate from 1e-6 to 10, \(setup.optimizer.rawValue) as configured"
        ]
        lines.append(
            Format.table(
                ["learning rate", "smoothed loss"],
                stride(from: 0, to: result.points.count, by: 10).map {
                    [Format.number(result.points[$0].learningRate), Format.number(result.points[$0].smoothedLoss)]
                }))
        let chartLabel = "loss over the sweep: "
        lines.append(chartLabel + style.sparkline(result.points.map(\.smoothedLoss)))
        if let suggestion = result.suggestedLearningRate,
            let position = result.points.firstIndex(where: { $0.learningRate >= suggestion })
        {
            lines.append(
                String(repeating: " ", count: chartLabel.count) + style.marker(at: position, of: result.points.count)
                    + " suggested")
        }
        if result.diverged, let last = result.points.last {
            lines.append("the loss blew up past lr \(Format.number(last.learningRate))")
        }
        if let suggestion = result.suggestedLearningRate {
            lines.append(
                style.good("suggested learning rate: \(Format.number(suggestion))")
                    + " (on the steep part of the curve, a tenth of the rate at its minimum at most); current: \(Format.number(setup.learningRate))"
            )
        } else {
            lines.append(style.alert("no learning rate made the loss fall: the problem is not the step size"))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: LRFindCommand.Record(
                suggestedLr: result.suggestedLearningRate.measured, minLossLr: result.minimumLossLearningRate.measured,
                currentLr: setup.learningRate.measured,
                findings: LRFindCommand.findings(suggested: result.suggestedLearningRate, current: setup.learningRate)))
    }
}

extension LRFindCommand {
    /// The configured rate more than ten times from the suggested one, or no rate that helps.
    static func findings(suggested: Float?, current: Float) -> [Finding] {
        guard let suggested else {
            return [
                Finding(.noLearningRateHelps, abnormal: true), Finding(.learningRateFarFromSuggestion, abnormal: false),
            ]
        }
        let far = current > 10 * suggested || current < suggested / 10
        return [Finding(.noLearningRateHelps, abnormal: false), Finding(.learningRateFarFromSuggestion, abnormal: far)]
    }
}
