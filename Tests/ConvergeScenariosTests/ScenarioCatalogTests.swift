import ConvergeEngine
import ConvergeScenarios
import ConvergeTestSupport
import Foundation
import XCTest

/// Trains every scenario for real: the bug shows its symptom, every cure meets the success
/// criterion, every masker fails it unless the scenario says it is judged by the change.
final class ScenarioCatalogTests: XCTestCase {
    func loadCatalog() -> (scenarios: [Scenario], errors: [ScenarioError]) {
        ScenarioLoader.loadAll(from: projectRoot.appendingPathComponent("Scenarios"))
    }

    func testEveryScenarioFileLoads() {
        let (scenarios, errors) = loadCatalog()
        XCTAssertEqual(errors.map(\.description), [])
        let required = [
            "lr-too-high", "lr-too-low", "zero-init", "saturating-init", "dropout-at-eval", "nan-log-softmax",
            "dead-relu", "vanishing-sigmoid", "unnormalized-inputs", "shuffled-labels", "missing-zero-grad",
            "softmax-before-ce", "sorted-no-shuffle", "batchnorm-eval", "adam-l2-decay", "val-preprocessing-mismatch",
            "deep-plain-cnn", "pixel-scale", "receptive-field-too-small", "transfer-lr-too-high",
            "batch-mixing-reshape", "missing-positions", "padding-mask-missing", "causal-mask-missing",
            "missing-positions-lr-too-high", "postln-no-warmup",
        ]
        let ids = Set(scenarios.map(\.id))
        for id in required { XCTAssertTrue(ids.contains(id), "missing scenario \(id)") }
        let combined = scenarios.filter { $0.difficulty == .hard && $0.bugKnobs.count >= 2 }
        XCTAssertGreaterThanOrEqual(combined.count, 3, "at least three hard scenarios combine two bugs")
        XCTAssertEqual(Set(scenarios.map(\.handle)).count, scenarios.count, "handles are unique")
        for scenario in scenarios {
            XCTAssertFalse(
                scenario.report.lowercased().contains(scenario.id), "\(scenario.id): the report names the bug")
            XCTAssertFalse(scenario.handle.contains(scenario.id))
            // Cures may be alternatives, but each one touches the bug, and together they cover
            // every place it lives.
            var covered: Set<KnobID> = []
            for cure in scenario.cures {
                let changed = Set(cure.changes.map(\.knob))
                XCTAssertFalse(
                    changed.isDisjoint(with: scenario.bugKnobs), "\(scenario.id): a cure must change a bug knob")
                covered.formUnion(changed)
            }
            XCTAssertTrue(Set(scenario.bugKnobs).isSubset(of: covered), "\(scenario.id): a bug knob no cure changes")
        }
    }

    /// A mistyped id or handle is answered with a handle at most: an id names its bug.
    func testAnUnknownScenarioIsNeverAnsweredWithAnId() throws {
        let catalog = Catalog(folder: projectRoot.appendingPathComponent("Scenarios"))
        let ids = catalog.scenarios.map(\.id)
        for typed in ["zero-int", "lr-too-hgh", "pixel", "nonexistent-case", "case-zzzz"] {
            XCTAssertThrowsError(try catalog.require(typed)) { error in
                let message = "\(error)"
                for id in ids { XCTAssertFalse(message.contains("'\(id)'"), "\(typed): \(message)") }
            }
        }
        let handle = try XCTUnwrap(catalog.scenarios.first?.handle)
        let typo = String(handle.dropLast()) + "q"
        XCTAssertThrowsError(try catalog.require(typo)) { error in
            XCTAssertTrue("\(error)".contains("Did you mean"), "\(error)")
        }
    }

    func testEveryScenarioVerifies() throws {
        BLAS.setThreadCount(1)
        let verifier = ScenarioVerifier(
            library: DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets")))
        for scenario in loadCatalog().scenarios {
            let verification = try verifier.verify(scenario)
            for check in verification.checks where !check.passed {
                XCTFail(
                    "\(scenario.id) \(check.role) \(check.changes): expected it \(check.expectation); measured \(check.measured)"
                )
            }
        }
    }

    func testVerifyingWithAnotherSeedTrainsEveryRunWithIt() throws {
        BLAS.setThreadCount(1)
        let scenario = try XCTUnwrap(loadCatalog().scenarios.first { $0.id == "lr-too-low" })
        let verifier = ScenarioVerifier(
            library: DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets")))
        let own = try verifier.verify(scenario).checks.map(\.measured)
        let ownAgain = try verifier.verify(scenario, seed: scenario.setup.seed).checks.map(\.measured)
        let other = try verifier.verify(scenario, seed: scenario.setup.seed + 1).checks.map(\.measured)
        XCTAssertEqual(own, ownAgain, "the scenario's own seed, given explicitly, changes nothing")
        for (index, measured) in other.enumerated() {
            XCTAssertNotEqual(measured, own[index], "run \(index + 1) still trained with the scenario's seed")
        }
    }

    func testTheSameScenarioGivesTheSameNumbers() throws {
        let scenario = try XCTUnwrap(loadCatalog().scenarios.first { $0.id == "lr-too-low" })
        let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))
        let source = try library.dataset(scenario.data)
        func losses() -> [Float] {
            TrainingRun(setup: scenario.setup, data: PreparedData(source: source, setup: scenario.setup)).execute()
                .history.stepLosses
        }
        XCTAssertEqual(losses(), losses())
    }
}
