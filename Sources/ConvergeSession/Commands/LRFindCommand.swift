import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `lr-find`: Smith's learning-rate range test, with a suggested rate.
public struct LRFindCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "lr-find", tier: .tune, summary: "LR range test: sweep the learning rate (1e-6 to 10 by default)",
        usage: "lr-find [START END] [--steps N]", example: "lr-find 1e-5 1",
        pointsAt: [
            .learningRate, .momentum, .optimizer, .warmup, .schedule,
        ], budget: .training)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var suggestedLr: Double?
        public var minLossLr: Double?
        public var currentLr: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    /// The sweep's bounds: what a person may ask for, checked before any work.
    static let rateRange: ClosedRange<Float> = 1e-8...100
    static let stepRange = 10...1000

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        var rest = arguments
        var steps = 100
        if let flag = rest.firstIndex(of: "--steps") {
            guard flag + 1 < rest.count, let value = Int(rest[flag + 1]), stepRange.contains(value) else {
                return .error("`--steps` takes a whole number from \(stepRange.lowerBound) to \(stepRange.upperBound).")
            }
            steps = value
            rest.removeSubrange(flag...(flag + 1))
        }
        var bounds: (Float, Float) = (1e-6, 10)
        switch rest.count {
        case 0: break
        case 2:
            guard let start = Knob.decimal(rest[0]), let end = Knob.decimal(rest[1]), rateRange.contains(start),
                rateRange.contains(end), end >= 10 * start
            else {
                return .error(
                    "Usage: \(spec.usage). START and END are learning rates from 1e-8 to 100, END at least ten times START."
                )
            }
            bounds = (start, end)
        default:
            return .error("Usage: \(spec.usage), for example `\(spec.example)`.")
        }
        return session.learningRateFinder(start: bounds.0, end: bounds.1, steps: steps)
    }
}

extension Session {
    /// Smith's LR range test on a fresh model of the current setup: its batch size, clipping
    /// and gradient zeroing; the sweep replaces the schedule.
    func learningRateFinder(start: Float = 1e-6, end: Float = 10, steps: Int = 100) -> CommandResult {
        let prepared = preparedData()
        let run = makeRun(setup, prepared)
        let result = LearningRateRangeTest(start: start, end: end, steps: steps).run(
            model: run.model, loss: run.loss, optimizer: run.optimizer, data: prepared.training,
            batchSize: setup.batchSize, seed: setup.seed, configuration: run.trainer.configuration)
        var lines = [
            "LR range test: \(steps) steps, learning rate from \(Format.setting(start)) to \(Format.setting(end)), "
                + "\(setup.optimizer.rawValue), batch \(setup.batchSize)"
                + (setup.clip.map { ", clipping at \(Format.setting($0))" } ?? "")
                + (setup.zeroGrad ? "" : ", gradients never zeroed (as the script does)")
                + "; the sweep replaces the schedule"
        ]
        lines.append(
            Format.table(
                ["learning rate", "smoothed loss"],
                stride(from: 0, to: result.points.count, by: Swift.max(1, result.points.count / 10)).map {
                    [Format.number(result.points[$0].learningRate), Format.number(result.points[$0].smoothedLoss)]
                }))
        let smoothed = result.points.map(\.smoothedLoss)
        let chance = TrainingRun.chanceLoss(prepared)
        // The blow-up at the end would flatten the rest: clip the chart a little above the
        // starting loss, where the blow-up begins.
        let clip = (smoothed.first ?? 1) * 1.1
        // A confident number only where some rate trains the model: the best loss clearly
        // below chance, and a start not far above it. Without one the chart marks none either.
        let best = smoothed.min() ?? .infinity
        let first = smoothed.first ?? .infinity
        let trustworthy = best < 0.9 * chance && first < 3 * chance
        var marks: [(position: Int, mark: Character)] = []
        if let minimum = result.minimumLossLearningRate,
            let position = result.points.firstIndex(where: { $0.learningRate >= minimum })
        {
            marks.append((position, "m"))
        }
        if trustworthy, let suggestion = result.suggestedLearningRate,
            let position = result.points.firstIndex(where: { $0.learningRate >= suggestion })
        {
            marks.append((position, "^"))
        }
        lines.append(
            "\n"
                + TerminalPlot(
                    title: "smoothed loss over the sweep", values: smoothed, xLabel: "lr (log)",
                    xRange: (Format.setting(start), Format.setting(end)), clipAbove: clip, marks: marks
                ).rendered(style: style))
        let legend = marks.map { $0.mark == "^" ? "^ suggested" : "m lowest loss" }
        if !legend.isEmpty { lines.append(legend.joined(separator: ", ")) }
        if result.diverged, let last = result.points.last {
            lines.append("the loss blew up past lr \(Format.number(last.learningRate))")
        } else if let lowest = smoothed.indices.min(by: { smoothed[$0] < smoothed[$1] }), lowest == smoothed.count - 1 {
            lines.append("the loss was still falling at the end of the sweep: try a larger END")
        }
        var suggested = result.suggestedLearningRate
        if let suggestion = suggested, trustworthy {
            let rule =
                result.suggestionRule == .steepestFall
                ? "where the smoothed loss fell fastest"
                : "a tenth of the rate at the lowest loss, which is below where it fell fastest"
            lines.append(
                style.good("suggested learning rate: \(Format.number(suggestion))")
                    + " (\(rule)); current: \(Format.number(setup.learningRate))")
        } else if suggested != nil {
            suggested = nil
            lines.append(
                style.alert("no confident suggestion: ")
                    + (first >= 3 * chance
                        ? "the loss starts at \(Format.number(first)), far above chance (\(Format.number(chance))), so "
                            + "something before the step size is wrong"
                        : "the best loss (\(Format.number(best))) is not clearly below chance (\(Format.number(chance))), "
                            + "so no rate here trains the model")
                    + ". Look at the data and the model before tuning the rate.")
        } else {
            // The sweep is short and every rate in it is steady: it says nothing of a schedule,
            // so it must not rule the step size out (a deep post-LN stack trains at a lower
            // rate or with a warm-up, and no rate of the sweep moves it).
            lines.append(
                style.alert("no learning rate made the loss fall during the sweep, so it suggests none")
                    + ": look at what keeps every step from helping (the data, the model, how training starts) "
                    + "before tuning the rate.")
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: LRFindCommand.Record(
                suggestedLr: suggested.measured, minLossLr: result.minimumLossLearningRate.measured,
                currentLr: setup.learningRate.measured,
                findings: LRFindCommand.findings(suggested: suggested, current: setup.learningRate)))
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
