import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `curve`: loss and accuracy of the last run (or of run N), epoch by epoch.
public struct CurveCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "curve", tier: .look, summary: "loss and accuracy of the last run (or of run N), epoch by epoch",
        usage: "curve [N]", example: "curve 1",
        pointsAt: [.learningRate, .zeroGrad, .momentum, .optimizer, .clip, .shuffle, .outputSoftmax, .loss, .epochs],
        budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var epochLosses: [Double?]
        public var valAccuracy: [Double?]
        public var nonFiniteStep: Int?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        guard let argument = arguments.first else { return session.curve() }
        guard arguments.count == 1, let number = Int(argument), (1...session.runs.count).contains(number) else {
            return .error(
                "`curve N` takes a run number from 1 to \(session.runs.count) (`runs` lists them); `curve` alone shows the last run."
            )
        }
        return session.curve(run: number)
    }
}

extension Session {
    /// The curve of run `number` (1 is the teammate's), or of the last run.
    func curve(run number: Int? = nil) -> CommandResult {
        let shown = number.map { runs[$0 - 1] }
        let history = shown?.report.history ?? lastReport.history
        let setupShown = shown?.setup ?? lastRun.setup
        let name = number.map { "run \($0)" } ?? "last run"
        var lines = [
            name + (setupShown == originalSetup ? " (the original setup)" : "") + ", \(history.stepLosses.count) steps:"
        ]
        let rows = history.epochs.map { epoch in
            [
                String(epoch.epoch), Format.number(epoch.trainingLoss), Format.percent(epoch.trainingAccuracy),
                Format.number(epoch.evaluationLoss), Format.percent(epoch.evaluationAccuracy),
            ]
        }
        lines.append(Format.table(["epoch", "train loss", "train acc", "val loss", "val acc"], rows))
        lines.append(
            "\n"
                + TerminalPlot(
                    title: "loss per step", values: history.stepLosses, xLabel: "step",
                    xRange: ("1", String(history.stepLosses.count))
                ).rendered(style: style))
        let accuracies = history.epochs.compactMap(\.evaluationAccuracy)
        if accuracies.count > 1 {
            lines.append(
                "val accuracy:   " + style.sparkline(accuracies, ceiling: 1)
                    + " (\(Format.percent(accuracies.first)) -> \(Format.percent(accuracies.last)))")
        }
        if let first = history.stepLosses.first, let last = history.stepLosses.last {
            lines.append("first step \(Format.number(first)), last step \(Format.number(last))")
        }
        if let event = history.firstNonFinite {
            lines.append(
                style.alert(
                    "training stopped at step \(event.step): the loss became \(Format.number(history.stepLosses.last))")
            )
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: CurveCommand.Record(
                epochLosses: history.epochs.map { $0.trainingLoss.measured },
                valAccuracy: history.epochs.map { $0.evaluationAccuracy.measured },
                nonFiniteStep: history.firstNonFinite?.step, findings: CurveCommand.findings(history)))
    }
}

extension CurveCommand {
    /// Divergence, a flat or rising loss, and a gap between training and validation accuracy.
    static func findings(_ history: TrainingHistory) -> [Finding] {
        let diverged = history.hasDiverged
        let first = history.epochs.first?.trainingLoss ?? .nan
        let last = history.epochs.last?.trainingLoss ?? .nan
        let rising = !diverged && last > 1.5 * first
        let flat = !diverged && !rising && last >= 0.9 * first
        let gap = (history.epochs.last?.trainingAccuracy ?? 0) - (history.epochs.last?.evaluationAccuracy ?? 0)
        return [
            Finding(.lossDiverged, abnormal: diverged), Finding(.lossRising, abnormal: rising),
            Finding(.lossFlat, abnormal: flat), Finding(.generalizationGap, abnormal: !diverged && gap > 0.15),
        ]
    }
}
