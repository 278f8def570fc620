import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `curve`: loss and accuracy of the last run, epoch by epoch.
public struct CurveCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "curve", tier: .look, summary: "loss and accuracy of the last run, epoch by epoch",
        pointsAt: [.learningRate, .zeroGrad, .momentum, .optimizer, .clip, .shuffle, .outputSoftmax, .loss, .epochs],
        budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var epochLosses: [Double?]
        public var valAccuracy: [Double?]
        public var nonFiniteStep: Int?
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.curve()
    }
}

extension Session {
    func curve() -> CommandResult {
        let history = lastReport.history
        var lines = ["last run" + (lastRun.setup == originalSetup ? " (the original setup)" : "") + ":"]
        let rows = history.epochs.map { epoch in
            [
                String(epoch.epoch), Format.number(epoch.trainingLoss), Format.percent(epoch.trainingAccuracy),
                Format.number(epoch.evaluationLoss), Format.percent(epoch.evaluationAccuracy),
            ]
        }
        lines.append(Format.table(["epoch", "train loss", "train acc", "val loss", "val acc"], rows))
        lines.append("\nloss per step (\(history.stepLosses.count) steps):  " + style.sparkline(history.stepLosses))
        let accuracies = history.epochs.compactMap(\.evaluationAccuracy)
        if accuracies.count > 1 {
            lines.append(
                "val accuracy per epoch:        " + style.sparkline(accuracies, ceiling: 1)
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
                nonFiniteStep: history.firstNonFinite?.step))
    }
}
