import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `nan-check`: rerun and find the first NaN or infinity: step and layer.
public struct NanCheckCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "nan-check", tier: .instrument, summary: "rerun and find the first NaN or infinity: step and layer",
        pointsAt: [.loss, .learningRate, .clip], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var nonFinite: Bool
        public var step: Int? = nil
        public var location: String? = nil
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.nanCheck()
    }
}

extension Session {
    /// Re-runs the current setup checking every activation and gradient for NaN or infinity.
    /// When the last run used this very setup, its history already says whether and when the
    /// loss went non-finite, so only the steps up to that point are replayed.
    func nanCheck() -> CommandResult {
        let sameSetup = lastRun.setup == setup
        if sameSetup && !lastReport.history.hasDiverged {
            let history = lastReport.history
            return CommandResult(
                text: style.good(
                    "no NaN or infinity in \(history.stepLosses.count) steps (\(history.epochs.count) epochs) of the last run"
                ),
                record: NanCheckCommand.Record(nonFinite: false, findings: [Finding(.nonFiniteValues, abnormal: false)])
            )
        }
        let limit = sameSetup ? lastReport.history.firstNonFinite.map { $0.step + 1 } : nil
        let run = makeRun(setup, preparedData(), probes: [.nonFinite], probeInterval: Int.max, maximumSteps: limit)
        let history = run.trainAsRecorded().history
        let text: String
        if let event = history.firstNonFinite {
            let epoch = history.epochs.count
            let lossBefore = event.step > 0 ? history.stepLosses[event.step - 1] : nil
            text =
                style.alert("first non-finite value: \(Format.number(event.value)) in \(event.location)")
                + "\nat step \(event.step) (epoch \(epoch)); the loss one step before was \(Format.number(lossBefore))"
        } else {
            text = style.good(
                "no NaN or infinity in \(history.stepLosses.count) steps (\(history.epochs.count) epochs)")
        }
        return CommandResult(
            text: text,
            record: NanCheckCommand.Record(
                nonFinite: history.hasDiverged, step: history.firstNonFinite?.step,
                location: history.firstNonFinite?.location,
                findings: [Finding(.nonFiniteValues, abnormal: history.hasDiverged)]))
    }
}
