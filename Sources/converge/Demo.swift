import ArgumentParser
import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

extension Converge {
    /// The engine at work until the interview exists: one healthy run and one broken run of
    /// the same network on real data, side by side.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a digits classifier twice, healthy and with a learning rate far too high.",
            discussion: "A 64-64-10 ReLU network on the UCI handwritten digits (1797 images of 8x8 pixels)."
        )

        @Option(help: "Seed for initialisation and batch order.")
        var seed: UInt64 = 0

        @Option(help: "Learning rate of the broken run (above 0, at most 100).")
        var brokenLearningRate: Float = 3.0

        func validate() throws {
            guard brokenLearningRate.isFinite, brokenLearningRate > 0, brokenLearningRate <= 100 else {
                throw ValidationError("--broken-learning-rate takes a number above 0 and at most 100")
            }
        }

        func run() throws {
            BLAS.setThreadCount(1)
            guard let url = ProjectFiles.dataset(named: "digits") else {
                throw DemoError(
                    "cannot find Fixtures/datasets/digits.csv: run converge from the project folder or set CONVERGE_HOME"
                )
            }
            let digits = try CSVDataset.load(contentsOf: url)
            var generator = RandomGenerator(seed: 1234)
            let (rawTraining, rawValidation) = digits.split(evaluationFraction: 0.2, generator: &generator)
            let standardizer = Standardizer(fittingTo: rawTraining)
            let training = standardizer.applied(to: rawTraining)
            let validation = standardizer.applied(to: rawValidation)

            let fit = { (text: String) in TextWrapping.wrapProse(text, width: TerminalWidth.columns() - 1) }
            print(fit("Converge engine demo: a 64-64-10 ReLU network on handwritten digits"))
            print(
                fit(
                    "\(training.count) training rows, \(validation.count) validation rows; SGD with momentum 0.9, "
                        + "batch 32, seed \(seed).") + "\n")
            var histories: [TrainingHistory] = []
            for learningRate in [Float(0.1), brokenLearningRate] {
                let history = train(training, validation, learningRate: learningRate)
                print(DemoReport(learningRate: learningRate, history: history).rendered)
                histories.append(history)
            }
            print(fit(DemoReport.verdict(healthy: histories[0], second: histories[1])))
            print("See `converge --help` for the other commands.")
        }

        func train(_ training: Dataset, _ validation: Dataset, learningRate: Float) -> TrainingHistory {
            var generator = RandomGenerator(seed: seed)
            let model = Sequential([
                Linear(inputSize: 64, outputSize: 64, generator: &generator), ReLU(),
                Linear(inputSize: 64, outputSize: 10, generator: &generator),
            ])
            var configuration = TrainingConfiguration()
            configuration.epochs = 10
            configuration.batchSize = 32
            configuration.seed = 1000 &+ seed
            configuration.probes = [.nonFinite]
            configuration.probeInterval = 1_000_000
            let optimizer = SGD(parameters: model.parameters, learningRate: learningRate, momentum: 0.9)
            let trainer = Trainer(
                model: model, loss: CrossEntropy(), optimizer: optimizer, configuration: configuration)
            return trainer.train(on: training, evaluatingOn: validation)
        }
    }
}

/// A plain error message for the demo.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One run of the demo as a table of epochs.
struct DemoReport {
    let learningRate: Float
    let history: TrainingHistory

    var rendered: String {
        var lines = ["learning rate \(learningRate)", "  epoch   train loss   train acc   val loss   val acc"]
        for epoch in history.epochs {
            let cells = [
                (String(epoch.epoch), 7),
                (Format.number(epoch.trainingLoss), 13), (Format.percent(epoch.trainingAccuracy), 12),
                (Format.number(epoch.evaluationLoss), 11), (Format.percent(epoch.evaluationAccuracy), 10),
            ]
            lines.append(cells.map { String(repeating: " ", count: max(0, $0.1 - $0.0.count)) + $0.0 }.joined())
        }
        if let event = history.firstNonFinite {
            lines.append(
                "  stopped at step \(event.step): first non-finite value \(Format.number(event.value)) in \(event.location)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the second run showed, read from it: a demo run with a milder rate may not break.
    static func verdict(healthy: TrainingHistory, second: TrainingHistory) -> String {
        if second.firstNonFinite != nil {
            return "The second run's symptom is real: the loss grew until it was no longer a number."
        }
        let healthyAccuracy = healthy.epochs.last?.evaluationAccuracy ?? 0
        let secondAccuracy = second.epochs.last?.evaluationAccuracy ?? 0
        if secondAccuracy < healthyAccuracy - 0.05 {
            return "The second run ended \(Format.percent(secondAccuracy)) against \(Format.percent(healthyAccuracy)): "
                + "it trained, but worse."
        }
        return "The second run trained too (\(Format.percent(secondAccuracy)) against "
            + "\(Format.percent(healthyAccuracy))): this learning rate does not break the network."
    }
}
