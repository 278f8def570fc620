import ConvergeEngine
import ConvergeScenarios
import ConvergeTestSupport
import Foundation
import XCTest

/// The multiply-adds a run would do, counted before it starts (`RunWork`): the counts are the
/// layers' own, the estimate grows with the run, and every scenario's setups fit well within
/// the limit a session enforces.
final class RunWorkTests: XCTestCase {
    func testAPerceptronsForwardPassCountsEveryWeight() {
        let model = Sequential([
            Linear(inputSize: 2, outputSize: 64, generator: &generator), ReLU(),
            Linear(inputSize: 64, outputSize: 3, generator: &generator),
        ])
        let inputs = Tensor.random(shape: [5, 2], seed: 1)
        let counted = MultiplyAddCounter.counting { _ = model.forward(inputs) }
        XCTAssertEqual(counted, 5 * (2 * 64 + 64 * 3))
    }

    /// A 3x3 convolution counts `O·C·9` for each output position by the direct loops and
    /// `O·C·4` by Winograd's (16 products a 2x2 tile). Each pass takes its own algorithm: the
    /// input gradient reads the 8 output channels, enough for Winograd's.
    func testAConvolutionCountsTheMultiplyAddsOfItsAlgorithm() {
        for (channels, perOutput) in [(3, 9), (16, 4)] {  // the direct loops, then Winograd's
            let layer = Conv2d(
                inputChannels: channels, outputChannels: 8, kernel: (3, 3), padding: (1, 1), generator: &generator)
            let inputs = Tensor.random(shape: [2, channels, 8, 8], seed: 2)
            let forward = MultiplyAddCounter.counting { _ = layer.forward(inputs) }
            XCTAssertEqual(forward, 2 * 8 * channels * perOutput * 64, "\(channels) channels")
            let backward = MultiplyAddCounter.counting {
                _ = layer.backward(Tensor.random(shape: [2, 8, 8, 8], seed: 3))
            }
            let inputGradient = 2 * channels * 8 * 4 * 64
            XCTAssertEqual(backward, forward + inputGradient, "\(channels) channels")
        }
    }

    func testTheEstimateGrowsWithEpochsAndTheModel() throws {
        let (scenario, data) = try load("dead-relu")
        let own = RunWork.estimate(scenario.setup, data.prepared(for: scenario.setup))
        var longer = scenario.setup
        longer.epochs *= 2
        let twice = RunWork.estimate(longer, data.prepared(for: longer))
        XCTAssertEqual(twice.forwardPerExample, own.forwardPerExample)
        XCTAssertGreaterThan(twice.total, own.total * 19 / 10)
        var wider = scenario.setup
        wider.hidden = scenario.setup.hidden.map { $0 * 4 }
        XCTAssertGreaterThan(
            RunWork.estimate(wider, data.prepared(for: wider)).forwardPerExample, own.forwardPerExample * 4)
    }

    /// `mostEpochsWithinLimit` is the last epoch count whose estimate fits.
    func testTheMostEpochsThatFitAreTheLastThatFit() throws {
        let (scenario, data) = try load("postln-no-warmup")
        var setup = scenario.setup
        setup.epochs = 200
        let work = RunWork.estimate(setup, data.prepared(for: setup))
        XCTAssertFalse(work.isWithinLimit)
        let most = work.mostEpochsWithinLimit
        XCTAssertGreaterThan(most, setup.epochs / 20)
        XCTAssertLessThanOrEqual(work.total(epochs: most), RunWork.limit)
        XCTAssertGreaterThan(work.total(epochs: most + 1), RunWork.limit)
    }

    /// A session refuses a setup past the limit; none of the scenarios' own runs comes near it.
    func testEveryScenarioSetupCureAndMaskerFitsWithRoomToSpare() throws {
        let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))
        let (scenarios, _) = ScenarioLoader.loadAll(from: projectRoot.appendingPathComponent("Scenarios"))
        XCTAssertFalse(scenarios.isEmpty)
        for scenario in scenarios {
            let data = try ScenarioData(scenario: scenario, library: library)
            let setups =
                [scenario.setup] + (try scenario.cures.map { try $0.applied(to: scenario.setup) })
                + (try scenario.maskers.map { try $0.applied(to: scenario.setup) })
            for setup in setups {
                let work = RunWork.estimate(setup, data.prepared(for: setup))
                XCTAssertGreaterThan(work.forwardPerExample, 0, scenario.id)
                XCTAssertLessThan(work.total, RunWork.limit / 2, "\(scenario.id) with epochs \(setup.epochs)")
            }
        }
    }

    private var generator = RandomGenerator(seed: 7)

    private func load(_ id: String) throws -> (Scenario, ScenarioData) {
        let (scenarios, _) = ScenarioLoader.loadAll(from: projectRoot.appendingPathComponent("Scenarios"))
        let scenario = try XCTUnwrap(scenarios.first { $0.id == id })
        let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))
        return (scenario, try ScenarioData(scenario: scenario, library: library))
    }
}
