import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `overfit-batch`: can the setup memorise one small batch?
public struct OverfitBatchCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "overfit-batch", tier: .sanity, summary: "can the setup memorise one small batch?",
        usage: "overfit-batch [STEPS]", example: "overfit-batch 500",
        pointsAt: [.labels, .learningRate, .activation, .initialization, .biasInit, .loss, .outputSoftmax, .optimizer],
        budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        public var firstLoss: Double?
        public var finalLoss: Double?
        public var batchAccuracy: Double?
        public var memorised: Bool
        public var steps: Int
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.overfitBatch(arguments)
    }

    /// Whether the loss was still coming down at the end: the mean of the last tenth of the
    /// steps is at least 10% below the mean of the tenth that ends three quarters of the way
    /// through. Windows, not single steps, so one noisy step decides nothing.
    static func isStillFalling(_ losses: [Float]) -> Bool {
        let window = Swift.max(1, losses.count / 10)
        let quarterMark = losses.count * 3 / 4
        guard losses.count >= 8, quarterMark >= window else { return false }
        func mean(_ slice: ArraySlice<Float>) -> Float { slice.reduce(0, +) / Float(slice.count) }
        let late = mean(losses[(losses.count - window)...])
        let earlier = mean(losses[(quarterMark - window)..<quarterMark])
        return late < 0.9 * earlier
    }
}

extension Session {
    /// Trains a fresh model of the current setup on one batch of 32 rows (16 images for a
    /// CNN, whose steps cost far more), repeatedly: 200 steps, 100 for a CNN or an attention
    /// model, whose steps cost several times an MLP's (200 took 320 ms on `attention-no-scale`,
    /// over the 300 ms a look command may take).
    /// A healthy pipeline drives the loss close to 0; one that cannot is broken before any
    /// question of generalisation.
    func overfitBatch(_ arguments: [String]) -> CommandResult {
        let images = setup.architecture.readsImages
        let costlySteps = images || setup.architecture == .transformer || setup.architecture == .attention
        var steps = costlySteps ? 100 : 200
        if let argument = arguments.first {
            guard let value = Int(argument), (10...2000).contains(value) else {
                return .error("overfit-batch takes a number of steps from 10 to 2000, for example `overfit-batch 300`.")
            }
            steps = value
        }
        let prepared = preparedData()
        let rows = Swift.min(images ? 16 : 32, prepared.training.count)
        let batch = prepared.training.subset(Array(0..<rows))
        let run = makeRun(setup, prepared)
        var losses: [Float] = []
        losses.reserveCapacity(steps)
        for _ in 0..<steps where cancellation?.isRaised != true {
            let loss = run.trainer.step(inputs: batch.inputs, targets: batch.targets)
            losses.append(loss)
            if losses.count % 20 == 0 { progress?.report(losses.count, of: steps, unit: "step", loss: loss) }
            if !loss.isFinite { break }
        }
        var evaluation = run.trainer.configuration
        evaluation.evaluationMode = .evaluation
        let accuracy = Trainer(model: run.model, loss: run.loss, optimizer: run.optimizer, configuration: evaluation)
            .evaluate(batch).accuracy
        let final = losses.last ?? .nan
        // A classifier has memorised the batch when it gets every row right; a regression
        // model (no accuracy) when it explains 90% of the batch's variance: its loss is a
        // tenth of what predicting the batch's mean would give.
        let first = losses.first ?? 1
        let meanLoss = batch.targets.standardDeviation * batch.targets.standardDeviation
        let memorised =
            final.isFinite && final < 0.1 * first && (accuracy.map { $0 >= 0.99 } ?? (final <= 0.1 * meanLoss))
        // Falling well but not there yet is not an alarm: more steps would tell. A loss that
        // fell early and then levelled off over a full-length check is: more steps would not
        // help. A short check (under 100 steps) is too short to call a plateau.
        let fellWell = final.isFinite && final < 0.5 * first
        let stillFalling =
            !memorised && fellWell && (losses.count < 100 || OverfitBatchCommand.isStillFalling(losses))
        let verdict =
            memorised
            ? style.good("memorised: the model, loss and optimizer can fit data")
            : stillFalling
                ? "not memorised yet: the loss fell \(Format.number(first / final))x and is still falling "
                    + "(try `overfit-batch \(Swift.min(2000, steps * 4))`)"
                : fellWell
                    ? style.alert(
                        "could not memorise one batch: the loss fell \(Format.number(first / final))x, then levelled "
                            + "off over the last quarter of the steps")
                    : style.alert(
                        "could not memorise one batch: something in the model, the loss or the optimisation is broken")
        let text = """
            \(losses.count) steps on one batch of \(rows) rows with the current setup:
            loss \(Format.number(losses.first)) -> \(Format.number(final))\(accuracy.map { ", batch accuracy \(Format.percent($0))" } ?? "")
            \(style.sparkline(losses))
            \(verdict)
            """
        return CommandResult(
            text: text,
            record: OverfitBatchCommand.Record(
                firstLoss: losses.first.measured, finalLoss: final.measured, batchAccuracy: accuracy.measured,
                memorised: memorised, steps: losses.count,
                findings: [Finding(.cannotMemorize, abnormal: !memorised && !stillFalling)]))
    }

}
