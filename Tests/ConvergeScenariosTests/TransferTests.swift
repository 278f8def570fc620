import ConvergeEngine
import ConvergeScenarios
import ConvergeTestSupport
import Foundation
import XCTest

/// Fine-tuning as the transfer scenario stages it: data cut by rows and classes, a small
/// labelled set, a backbone pretrained once, and the backbone's own rate or freezing.
final class TransferTests: XCTestCase {
    let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))

    func transferScenario() throws -> Scenario {
        let (scenarios, errors) = ScenarioLoader.loadAll(from: projectRoot.appendingPathComponent("Scenarios"))
        XCTAssertEqual(errors.map(\.description), [])
        return try XCTUnwrap(scenarios.first { $0.id == "transfer-lr-too-high" })
    }

    func testRowsAndClassesCutADataSet() throws {
        let digits = try library.dataset(.file(name: "digits"))
        let rows = try library.dataset(.rows(1000..<1797, of: .file(name: "digits")))
        XCTAssertEqual(rows.count, 797)
        XCTAssertEqual(Array(rows.inputs.scalars.prefix(64)), Array(digits.inputs.scalars[(1000 * 64)..<(1001 * 64)]))
        let high = try library.dataset(.classes([7, 5], of: .file(name: "digits")))
        XCTAssertEqual(high.classNames, ["7", "5"])
        let counts = (0..<digits.count).reduce(into: [0: 0, 1: 0]) { counts, row in
            if digits.targets[row] == 7 { counts[0, default: 0] += 1 }
            if digits.targets[row] == 5 { counts[1, default: 0] += 1 }
        }
        XCTAssertEqual(high.count, (counts[0] ?? 0) + (counts[1] ?? 0))
        XCTAssertEqual(
            Set((0..<high.count).map { Int(high.targets[$0]) }), [0, 1], "relabelled from 0 in the order given")
        XCTAssertThrowsError(try library.dataset(.classes([12], of: .file(name: "digits"))))
        XCTAssertThrowsError(try library.dataset(.rows(0..<5000, of: .file(name: "digits"))))
    }

    func testTheScenarioKeepsFortyLabelledRowsAndAFullValidationSet() throws {
        let scenario = try transferScenario()
        XCTAssertEqual(scenario.labelledRows, 40)
        XCTAssertEqual(scenario.pretraining?.data, .rows(0..<1000, of: .file(name: "digits")))
        let data = try ScenarioData(scenario: scenario, library: library).prepared(for: scenario.setup)
        XCTAssertEqual(data.training.count, 40)
        XCTAssertEqual(data.validation.count, 159, "a fifth of the 797 rows")
    }

    func testThePretrainedBackboneLoadsAndTheReadOutStartsFresh() throws {
        let scenario = try transferScenario()
        let data = try ScenarioData(scenario: scenario, library: library).prepared(for: scenario.setup)
        let pretraining = try XCTUnwrap(data.pretraining)
        let backbone = pretraining.backbone(for: scenario.setup)
        XCTAssertGreaterThan(backbone.validationAccuracy ?? 0, 0.9, "the backbone learnt its own task")
        XCTAssertEqual(
            backbone.weights.map(\.key), ["layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias"])
        let again = pretraining.backbone(for: scenario.setup)
        XCTAssertEqual(again.weights[0].value.scalars, backbone.weights[0].value.scalars, "trained once, then kept")

        let model = TrainingRun.startingModel(scenario.setup, data: data)
        XCTAssertEqual(model.parameter("layers.3.weight")?.value.scalars, backbone.weights[2].value.scalars)
        var scratch = scenario.setup
        scratch.pretrained = false
        let fresh = TrainingRun.startingModel(scratch, data: data)
        XCTAssertNotEqual(fresh.parameter("layers.3.weight")?.value.scalars, backbone.weights[2].value.scalars)
        XCTAssertEqual(
            fresh.parameter("layers.7.weight")?.value.scalars, model.parameter("layers.7.weight")?.value.scalars,
            "the read-out is not pretrained")
    }

    func testAFrozenBackboneDoesNotMoveAndItsOwnRateIsAShare() throws {
        let scenario = try transferScenario()
        let data = try ScenarioData(scenario: scenario, library: library)
        var frozen = scenario.setup
        try Knob.named("freeze")?.apply("all", to: &frozen)
        frozen.epochs = 2
        let run = TrainingRun(setup: frozen, data: data.prepared(for: frozen))
        let start = TrainingRun.startingModel(frozen, data: run.data)
        _ = run.execute()
        XCTAssertEqual(
            run.model.parameter("layers.0.weight")?.value.scalars, start.parameter("layers.0.weight")?.value.scalars)
        XCTAssertNotEqual(
            run.model.parameter("layers.7.weight")?.value.scalars, start.parameter("layers.7.weight")?.value.scalars)

        var slow = scenario.setup
        try Knob.named("backbone-lr")?.apply("0.001", to: &slow)
        let groups = try XCTUnwrap(
            TrainingRun(setup: slow, data: data.prepared(for: slow)).optimizer as? ParameterGroups)
        XCTAssertEqual(groups.groups.map(\.optimizer.parameters.count), [4, 2])
        XCTAssertEqual(groups.groups[0].optimizer.learningRate, 0.001, accuracy: 1e-9)
        XCTAssertEqual(groups.groups[1].optimizer.learningRate, 0.03, accuracy: 1e-9)
        XCTAssertEqual(Knob.named("backbone-lr")?.value(in: scenario.setup), "same")
        XCTAssertEqual(Knob.named("freeze")?.value(in: frozen), "all")
        XCTAssertThrowsError(try Knob.named("freeze")?.apply("201", to: &slow))
    }
}
