import ConvergeTestSupport
import Foundation
import XCTest

@testable import ConvergeEngine

final class TrainerTests: XCTestCase {
    /// Three Gaussian blobs in the plane: an easy, seeded classification set.
    func blobs(count: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let centres: [(Float, Float)] = [(-2, 0), (2, 0), (0, 2.5)]
        let inputs = Tensor(shape: [count, 2])
        let targets = Tensor(shape: [count])
        for row in 0..<count {
            let label = row % 3
            inputs[row, 0] = centres[label].0 + generator.nextNormal(standardDeviation: 0.6)
            inputs[row, 1] = centres[label].1 + generator.nextNormal(standardDeviation: 0.6)
            targets[row] = Float(label)
        }
        return Dataset(inputs: inputs, targets: targets, classNames: ["a", "b", "c"])
    }

    func makeModel(seed: UInt64 = 1, hiddenBias: Initializer = .pytorchDefault) -> Sequential {
        var generator = RandomGenerator(seed: seed)
        return Sequential([
            Linear(inputSize: 2, outputSize: 16, biasInitializer: hiddenBias, generator: &generator), ReLU(),
            Linear(inputSize: 16, outputSize: 3, generator: &generator),
        ])
    }

    func train(
        _ configure: (inout TrainingConfiguration) -> Void = { _ in },
        learningRate: Float = 0.1, model: Sequential? = nil, loss: Loss = CrossEntropy()
    ) -> (TrainingHistory, Trainer) {
        let data = blobs(count: 300, seed: 2)
        var generator = RandomGenerator(seed: 3)
        let (training, evaluation) = data.split(evaluationFraction: 0.2, generator: &generator)
        let model = model ?? makeModel()
        var configuration = TrainingConfiguration()
        configuration.epochs = 10
        configuration.batchSize = 16
        configure(&configuration)
        let trainer = Trainer(
            model: model, loss: loss,
            optimizer: SGD(parameters: model.parameters, learningRate: learningRate, momentum: 0.9),
            configuration: configuration)
        return (trainer.train(on: training, evaluatingOn: evaluation), trainer)
    }

    func testAHealthyRunConverges() throws {
        let (history, _) = train()
        XCTAssertEqual(history.epochs.count, 10)
        XCTAssertEqual(history.stepLosses.count, 10 * 15, "240 rows in batches of 16")
        let last = try XCTUnwrap(history.epochs.last)
        XCTAssertGreaterThan(try XCTUnwrap(last.evaluationAccuracy), 0.95)
        XCTAssertLessThan(last.trainingLoss, history.epochs[0].trainingLoss / 2)
        XCTAssertFalse(history.hasDiverged)
    }

    func testSameSeedSameNumbersBitForBit() {
        let (first, _) = train()
        let (second, _) = train()
        XCTAssertEqual(first.stepLosses, second.stepLosses)
        XCTAssertEqual(first.epochs.map(\.evaluationLoss), second.epochs.map(\.evaluationLoss))
        let (reshuffled, _) = train { $0.seed = 99 }
        XCTAssertNotEqual(first.stepLosses, reshuffled.stepLosses, "the seed drives the batch order")
    }

    func testFarTooHighLearningRateIsReportedAsANonFiniteEvent() throws {
        let (history, _) = train({ $0.probes = [.nonFinite] }, learningRate: 200)
        let event = try XCTUnwrap(history.firstNonFinite)
        XCTAssertTrue(history.hasDiverged)
        XCTAssertEqual(history.stepLosses.count, event.step + 1, "training stops at the first non-finite loss")
        XCTAssertFalse(event.value.isFinite)
    }

    func testNaiveLossProducesNaNWhereTheStableOneDoesNot() throws {
        // Large weights push the logits apart by hundreds: softmax underflows to 0.
        var generator = RandomGenerator(seed: 1)
        func model() -> Sequential {
            Sequential([
                Linear(
                    inputSize: 2, outputSize: 3, weightInitializer: .normal(mean: 0, standardDeviation: 200),
                    generator: &generator)
            ])
        }
        let (naive, _) = train(model: model(), loss: NaiveLogSoftmaxCrossEntropy())
        let event = try XCTUnwrap(naive.firstNonFinite)
        XCTAssertEqual(event.location, "loss")
        let (stable, _) = train(model: model(), loss: CrossEntropy())
        XCTAssertNil(stable.firstNonFinite)
    }

    func testForgettingToZeroGradientsAccumulatesThem() {
        let model = makeModel()
        let data = blobs(count: 32, seed: 5)
        var configuration = TrainingConfiguration()
        configuration.zeroesGradients = false
        let trainer = Trainer(
            model: model, loss: CrossEntropy(),
            optimizer: SGD(parameters: model.parameters, learningRate: 0), configuration: configuration)
        trainer.step(inputs: data.inputs, targets: data.targets)
        let once = model.parameters[0].gradient.copy()
        trainer.step(inputs: data.inputs, targets: data.targets)
        let twice = model.parameters[0].gradient
        for i in 0..<once.count { XCTAssertEqual(twice[i], 2 * once[i], accuracy: 1e-5) }
    }

    func testProbesSeeDeadUnitsAndMeasureUpdates() throws {
        let (history, _) = train(
            {
                $0.probes = .all
                $0.epochs = 1
                $0.probeInterval = 5
            }, model: makeModel(hiddenBias: .constant(-20)))
        XCTAssertEqual(history.probes.map(\.step), [0, 5, 10])
        let first = try XCTUnwrap(history.probes.first)
        let relu = try XCTUnwrap(first.activations.first { $0.kind == "relu" })
        XCTAssertEqual(relu.fractionDead, 1, "a bias of −20 kills every ReLU")
        let hiddenWeight = try XCTUnwrap(first.parameters.first { $0.key == "layers.0.weight" })
        XCTAssertEqual(hiddenWeight.gradientNorm, 0, "dead units pass no gradient")
        let outputBias = try XCTUnwrap(first.parameters.first { $0.key == "layers.2.bias" })
        XCTAssertGreaterThan(try XCTUnwrap(outputBias.updateRatio), 0)
        XCTAssertGreaterThan(try XCTUnwrap(hiddenWeight.weightNorm), 0)
    }

    func testSaturationProbeOnTanh() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential([
            Linear(
                inputSize: 2, outputSize: 32, weightInitializer: .normal(mean: 0, standardDeviation: 10),
                generator: &generator),
            Tanh(), Linear(inputSize: 32, outputSize: 3, generator: &generator),
        ])
        let (history, _) = train(
            {
                $0.probes = [.activations]
                $0.epochs = 1
            }, model: model)
        let tanh = try XCTUnwrap(history.probes.first?.activations.first { $0.kind == "tanh" })
        XCTAssertGreaterThan(try XCTUnwrap(tanh.fractionSaturated), 0.5)
    }

    func testEvaluationModeMattersForDropout() {
        var generator = RandomGenerator(seed: 1)
        let model = Sequential([
            Linear(inputSize: 2, outputSize: 64, generator: &generator), ReLU(),
            Dropout(probability: 0.5, generator: generator.split()),
            Linear(inputSize: 64, outputSize: 3, generator: &generator),
        ])
        let (_, trainer) = train(model: model)
        let data = blobs(count: 200, seed: 8)
        let first = trainer.evaluate(data)
        let second = trainer.evaluate(data)
        XCTAssertEqual(first.loss, second.loss, "evaluation mode is deterministic")
        XCTAssertEqual(first.predictions, second.predictions)
        var buggy = trainer.configuration
        buggy.evaluationMode = .training
        let leaky = Trainer(model: model, loss: CrossEntropy(), optimizer: trainer.optimizer, configuration: buggy)
        XCTAssertNotEqual(
            leaky.evaluate(data).loss, leaky.evaluate(data).loss,
            "dropout left on at evaluation gives a different answer each time")
    }

    func testLearningRateRangeTestFindsAWorkableRate() throws {
        let data = blobs(count: 600, seed: 4)
        let model = makeModel()
        let result = LearningRateRangeTest(start: 1e-5, end: 100, steps: 100).run(
            model: model, loss: CrossEntropy(),
            optimizer: SGD(parameters: model.parameters, learningRate: 1e-5, momentum: 0.9),
            data: data, batchSize: 16, seed: 1)
        XCTAssertTrue(result.diverged, "a sweep to lr 100 blows up")
        let suggestion = try XCTUnwrap(result.suggestedLearningRate)
        XCTAssertGreaterThan(suggestion, 1e-3)
        XCTAssertLessThan(suggestion, 10)
        let (history, _) = train(learningRate: suggestion)
        XCTAssertGreaterThan(try XCTUnwrap(history.epochs.last?.evaluationAccuracy), 0.9)
    }

    /// A one-step dip in a flat stretch (a noisy batch) is not the steepest fall: the slope is
    /// read across a twentieth of the sweep on each side. The sweep's real fall, from 1e-3 to
    /// 1e-1, is.
    func testTheSteepestFallIgnoresOneNoisyStep() throws {
        let rates = (0..<100).map { 1e-6 * Foundation.pow(Float(10), Float($0) * 7 / 99) }
        let points = rates.enumerated().map { index, rate -> LearningRateRangeTest.Point in
            var loss: Float = 4.5 - 3 * Swift.min(1, Swift.max(0, (Foundation.log10(rate) + 3) / 2))
            if index == 12 { loss -= 0.5 }  // a noisy batch at about 1e-5
            return LearningRateRangeTest.Point(learningRate: rate, loss: loss, smoothedLoss: loss)
        }
        let steepest = try XCTUnwrap(LearningRateRangeTest.steepestDescent(points))
        XCTAssertGreaterThan(steepest, 1e-3)
        XCTAssertLessThan(steepest, 1e-1)
    }
}
