import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// Tier 1: cheap experiments that rule out whole classes of bug.
extension Session {
    /// The loss of a fresh model against `ln C`, the loss of a model that spreads its belief
    /// evenly over the C classes.
    func initLoss() -> CommandResult {
        let prepared = preparedData()
        let run = makeRun(setup, prepared)
        let observed = run.trainer.evaluate(prepared.training).loss
        let expected = TrainingRun.chanceLoss(prepared)
        let reference = prepared.isRegression ? "the variance of the targets" : "ln \(prepared.classCount)"
        let ratio = observed / expected
        let verdict: String
        if !observed.isFinite {
            verdict = style.alert("not a number: the loss is broken before any training")
        } else if ratio > 1.5 {
            verdict = style.alert("far above ln C: the initial predictions are confidently wrong (look at the scale of the inputs, the weights, or the output layer)")
        } else if ratio < 0.5 {
            verdict = style.alert("far below ln C: suspicious before any training (leaked labels?)")
        } else {
            verdict = style.good("close to ln C: the model starts out appropriately unsure")
        }
        let text = """
            loss at initialisation (\(prepared.training.count) training rows): \(Format.number(observed))
            expected, \(reference):      \(Format.number(expected))
            ratio \(Format.number(ratio)): \(verdict)
            """
        return CommandResult(input: "", name: "init-loss", tier: .sanity, text: text, values: [
            ("init_loss", Format.json(observed)), ("expected_loss", Format.json(expected)), ("ratio", Format.json(ratio)),
        ])
    }

    /// Trains a fresh model of the current setup on one batch of 32 rows, repeatedly.
    /// A healthy pipeline drives the loss close to 0; one that cannot is broken before any
    /// question of generalisation.
    func overfitBatch(_ arguments: [String]) -> CommandResult {
        var steps = 200
        if let argument = arguments.first {
            guard let value = Int(argument), (10...2000).contains(value) else {
                return .error("", name: "overfit-batch", "overfit-batch takes a number of steps from 10 to 2000, for example `overfit-batch 300`.")
            }
            steps = value
        }
        let prepared = preparedData()
        let rows = Swift.min(32, prepared.training.count)
        let batch = prepared.training.subset(Array(0..<rows))
        let run = makeRun(setup, prepared)
        var losses: [Float] = []
        losses.reserveCapacity(steps)
        for _ in 0..<steps where cancellation?.isRaised != true {
            let loss = run.trainer.step(inputs: batch.inputs, targets: batch.targets)
            losses.append(loss)
            if !loss.isFinite { break }
        }
        var evaluation = run.trainer.configuration
        evaluation.evaluationMode = .evaluation
        let accuracy = Trainer(model: run.model, loss: run.loss, optimizer: run.optimizer, configuration: evaluation)
            .evaluate(batch).accuracy
        let final = losses.last ?? .nan
        let memorised = final.isFinite && final < 0.1 * (losses.first ?? 1) && (accuracy ?? 0) >= 0.99
        let verdict = memorised
            ? style.good("memorised: the model, loss and optimizer can fit data")
            : style.alert("could not memorise one batch: something in the model, the loss or the optimisation is broken")
        let text = """
            \(losses.count) steps on one batch of \(rows) rows with the current setup:
            loss \(Format.number(losses.first)) -> \(Format.number(final)), batch accuracy \(Format.percent(accuracy))
            \(style.sparkline(losses))
            \(verdict)
            """
        return CommandResult(input: "", name: "overfit-batch", tier: .sanity, text: text, values: [
            ("first_loss", Format.json(losses.first)), ("final_loss", Format.json(final)),
            ("batch_accuracy", Format.json(accuracy)), ("memorised", .bool(memorised)), ("steps", .number(Double(losses.count))),
        ])
    }

    /// Evaluates the last run's model twice as configured, in batches of 2 against all at
    /// once, and in both modes, so mode-dependent layers show themselves.
    func evaluate() -> CommandResult {
        let run = lastRun
        let validation = run.data.validation
        guard !lastReport.history.hasDiverged else {
            return CommandResult(input: "", name: "eval", tier: .sanity,
                                 text: "The last run diverged (its weights are not finite): there is nothing meaningful to evaluate. `run` again after a change.",
                                 values: [("diverged", .bool(true))])
        }
        func evaluator(mode: Mode, batch: Int) -> Trainer {
            var configuration = run.trainer.configuration
            configuration.evaluationMode = mode
            configuration.evaluationBatchSize = batch
            return Trainer(model: run.model, loss: run.loss, optimizer: run.optimizer, configuration: configuration)
        }
        let configured = evaluator(mode: setup.evaluationMode, batch: setup.evaluationBatchSize)
        let first = configured.evaluate(validation), second = configured.evaluate(validation)
        let disagreement = Session.disagreement(first.predictions, second.predictions)
        let pairs = evaluator(mode: setup.evaluationMode, batch: 2).evaluate(validation)
        let whole = evaluator(mode: setup.evaluationMode, batch: Swift.max(validation.count, 1)).evaluate(validation)
        let batchDisagreement = Session.disagreement(pairs.predictions, whole.predictions)
        let trainingMode = evaluator(mode: .training, batch: setup.evaluationBatchSize).evaluate(validation)
        let evaluationMode = evaluator(mode: .evaluation, batch: setup.evaluationBatchSize).evaluate(validation)
        let modeName = setup.evaluationMode == .evaluation ? "eval" : "train"
        let rows: [[String]] = [
            ["as configured (\(modeName) mode), first", Format.percent(first.accuracy), Format.number(first.loss)],
            ["as configured (\(modeName) mode), second", Format.percent(second.accuracy), Format.number(second.loss)],
            ["in batches of 2", Format.percent(pairs.accuracy), Format.number(pairs.loss)],
            ["all rows in one batch", Format.percent(whole.accuracy), Format.number(whole.loss)],
            ["model.train() mode", Format.percent(trainingMode.accuracy), Format.number(trainingMode.loss)],
            ["model.eval() mode", Format.percent(evaluationMode.accuracy), Format.number(evaluationMode.loss)],
        ]
        var text = "validation set, \(validation.count) rows, weights of the last run:\n"
            + Format.table(["evaluation", "accuracy", "loss"], rows)
        text += "\n\ntwo evaluations of the same weights disagree on \(Format.percent(disagreement)) of predictions"
        text += "\nbatches of 2 and one batch disagree on \(Format.percent(batchDisagreement)) of predictions"
        if disagreement > 0 || batchDisagreement > 0 {
            text += "\n" + style.alert("the same weights give different answers: some layer behaves differently at evaluation")
        }
        return CommandResult(input: "", name: "eval", tier: .sanity, text: text, values: [
            ("accuracy_first", Format.json(first.accuracy)), ("accuracy_second", Format.json(second.accuracy)),
            ("eval_disagreement", Format.json(disagreement)), ("batch_disagreement", Format.json(batchDisagreement)),
            ("train_mode_accuracy", Format.json(trainingMode.accuracy)), ("eval_mode_accuracy", Format.json(evaluationMode.accuracy)),
        ])
    }

    /// Predictions of the last run's model: how they spread over the classes, and a few
    /// rows from each split next to their labels.
    func predict() -> CommandResult {
        guard !lastReport.history.hasDiverged else {
            return CommandResult(input: "", name: "predict", tier: .sanity,
                                 text: "The last run diverged (its weights are not finite): its predictions mean nothing. `run` again after a change.",
                                 values: [("diverged", .bool(true))])
        }
        let run = lastRun
        let validation = run.data.validation, training = run.data.training
        if run.data.isRegression { return predictValues(run) }
        let predictions = run.trainer.evaluate(validation).predictions
        let trainingPredictions = run.trainer.evaluate(training).predictions
        let classes = run.data.classCount
        var spread = [Int](repeating: 0, count: classes)
        for prediction in predictions where prediction < classes { spread[prediction] += 1 }
        let largestShare = Float(spread.max() ?? 0) / Float(Swift.max(predictions.count, 1))
        var lines = ["validation predictions per class: " + spread.enumerated().map { "\($0.offset):\($0.element)" }.joined(separator: " ")]
        lines.append("largest share for one class: \(Format.percent(largestShare))")
        let shown = Swift.min(12, validation.count)
        lines.append("\nfirst \(shown) validation rows:  label " + (0..<shown).map { String(Int(validation.targets[$0])) }.joined(separator: " "))
        lines.append("                          predicted " + (0..<shown).map { String(predictions[$0]) }.joined(separator: " "))
        lines.append("first \(shown) training rows:    label " + (0..<shown).map { String(Int(training.targets[$0])) }.joined(separator: " "))
        lines.append("                          predicted " + (0..<shown).map { String(trainingPredictions[$0]) }.joined(separator: " "))
        let trainAccuracy = Session.agreement(trainingPredictions, training.targets)
        let validationAccuracy = Session.agreement(predictions, validation.targets)
        lines.append("\naccuracy: training \(Format.percent(trainAccuracy)), validation \(Format.percent(validationAccuracy))")
        if largestShare > 0.6 {
            lines.append(style.alert("the model predicts one class for most rows"))
        }
        return CommandResult(input: "", name: "predict", tier: .sanity, text: lines.joined(separator: "\n"), values: [
            ("prediction_counts", .array(spread.map { .number(Double($0)) })),
            ("largest_class_share", Format.json(largestShare)),
            ("train_accuracy", Format.json(trainAccuracy)), ("val_accuracy", Format.json(validationAccuracy)),
        ])
    }

    /// For regression: predictions next to targets, and the error against predicting the mean.
    func predictValues(_ run: TrainingRun) -> CommandResult {
        let validation = run.data.validation
        let shown = validation.subset(Array(0..<Swift.min(10, validation.count)))
        run.model.setMode(.evaluation)
        let output = run.model.forward(shown.inputs).copy()
        run.model.setMode(.training)
        var lines = ["first \(shown.count) validation rows:", "  target     " + (0..<shown.count).map { Format.number(shown.targets[$0]) }.joined(separator: "  ")]
        lines.append("  predicted  " + (0..<shown.count).map { Format.number(output[$0]) }.joined(separator: "  "))
        let spread = output.standardDeviation, targetSpread = shown.targets.standardDeviation
        lines.append("spread of predictions \(Format.number(spread)) against spread of targets \(Format.number(targetSpread))")
        if spread < 0.2 * targetSpread {
            lines.append(style.alert("the predictions barely vary: the model predicts about the same value for every sequence"))
        }
        return CommandResult(input: "", name: "predict", tier: .sanity, text: lines.joined(separator: "\n"), values: [
            ("prediction_spread", Format.json(spread)), ("target_spread", Format.json(targetSpread)),
        ])
    }

    static func disagreement(_ a: [Int], _ b: [Int]) -> Float {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return Float(zip(a, b).filter { $0 != $1 }.count) / Float(a.count)
    }

    static func agreement(_ predictions: [Int], _ targets: Tensor) -> Float {
        guard !predictions.isEmpty else { return 0 }
        return Float(predictions.enumerated().filter { $0.element == Int(targets[$0.offset]) }.count) / Float(predictions.count)
    }
}
