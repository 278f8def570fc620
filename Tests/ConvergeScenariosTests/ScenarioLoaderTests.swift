import ConvergeScenarios
import ConvergeTestSupport
import XCTest

final class ScenarioLoaderTests: XCTestCase {
    let valid = """
        id: sample
        title: A sample
        difficulty: easy
        report: Something is off.
        data: digits
        setup:
          lr: 0.5
          hidden: [32, 16]
        bug:
          summary: The learning rate.
          knobs: [lr]
          mechanism: [{name: the learning rate is too high, phrasings: [learning rate high]}]
        symptom:
          - non_finite == 1
        success:
          - val_accuracy >= 0.9
        cures:
          - [lr 0.1]
        maskers:
          - changes: [clip 1.0]
            judged_by_change: true
        expert_path: [curve, submit]
        hints: [one, two, three, four]
        """

    func message(_ text: String) -> String {
        do {
            _ = try ScenarioLoader.parse(text, file: "s.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testAValidFileLoads() throws {
        let scenario = try ScenarioLoader.parse(valid, file: "s.yaml")
        XCTAssertEqual(scenario.setup.learningRate, 0.5)
        XCTAssertEqual(scenario.setup.hidden, [32, 16])
        XCTAssertEqual(scenario.cures.first?.changes, [Change(knob: .learningRate, value: "0.1")])
        XCTAssertEqual(scenario.maskers.first?.judgedByChange, true)
        XCTAssertEqual(scenario.success.first?.description, "val_accuracy >= 0.9")
        XCTAssertTrue(scenario.handle.hasPrefix("case-"))
    }

    func testErrorsNameTheLineAndTheField() {
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "lr: 0.5", with: "lr: fast")),
            "s.yaml:7: setup.lr: 'fast' is not a valid lr: expected a number from 1e-7 to 100")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "difficulty: easy", with: "difficulty: brutal")),
            "s.yaml:3: difficulty: expected easy, medium or hard")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "  - val_accuracy >= 0.9", with: "  - val_acc >= 0.9")).prefix(40),
            "s.yaml:16: success[0]: expected 'metric ")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "  - [lr 0.1]", with: "  - [speed 0.1]")),
            "s.yaml:18: cures[0][0]: expected 'KNOB VALUE' with a known knob, for example 'lr 0.1'")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "hints: [one, two, three, four]", with: "hints: [one]")),
            "s.yaml:23: hints: expected four hints, from a nudge to the full answer; found 1")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "title: A sample\n", with: "")).prefix(22), "s.yaml:1: title: missi")
        XCTAssertEqual(message(valid + "\ncolour: red").prefix(32), "s.yaml:24: colour: unknown field")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "difficulty: easy\n", with: "difficulty: easy\ndifficulty: hard\n")),
            "s.yaml:4: difficulty: appears twice in the same mapping; keep one")
        XCTAssertEqual(
            message(
                valid.replacingOccurrences(of: "expert_path: [curve, submit]", with: "expert_path: [set lr banana]")),
            "s.yaml:22: expert_path[0]: 'banana' is not a valid lr: expected a number from 1e-7 to 100")
        let syntax = message("id: sample\ntitle: [unclosed\ndifficulty: easy\n")
        XCTAssertTrue(syntax.hasPrefix("s.yaml:") && syntax.contains("(file): is not valid YAML"), syntax)
    }

    func testAMalformedFileDoesNotStopTheOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("converge-loader-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try valid.write(to: folder.appendingPathComponent("sample.yaml"), atomically: true, encoding: .utf8)
        try "id: broken\n".write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        try valid.write(to: folder.appendingPathComponent("renamed.yaml"), atomically: true, encoding: .utf8)
        let (scenarios, errors) = ScenarioLoader.loadAll(from: folder)
        XCTAssertEqual(scenarios.map(\.id), ["sample"])
        XCTAssertEqual(errors.count, 2)
        XCTAssertTrue(
            errors.contains {
                $0.description.contains("renamed.yaml: id: 'sample' does not match the file name 'renamed'")
            })
    }

    func testKnobsParseAndRejectWithTheAllowedRange() throws {
        var setup = Setup()
        try Knob.named("lr")?.apply("0.01", to: &setup)
        XCTAssertEqual(setup.learningRate, 0.01)
        try Knob.named("init")?.apply("normal:3", to: &setup)
        XCTAssertEqual(setup.weightInit, .normal(3))
        try Knob.named("clip")?.apply("none", to: &setup)
        XCTAssertNil(setup.clip)
        XCTAssertThrowsError(try Knob.named("momentum")?.apply("1.5", to: &setup)) { error in
            XCTAssertEqual("\(error)", "'1.5' is not a valid momentum: expected a number from 0 to 0.999")
        }
        XCTAssertThrowsError(try Knob.named("activation")?.apply("swish", to: &setup)) { error in
            XCTAssertEqual(
                "\(error)", "'swish' is not a valid activation: expected one of relu, leaky_relu, tanh, sigmoid, gelu")
        }
        XCTAssertEqual(setup.activation, .relu, "a rejected value changes nothing")
    }
}

/// Scenario files cannot reach outside the project or ask for absurd data.
final class ScenarioFileBoundsTests: XCTestCase {
    func failure(_ data: String) -> String {
        let text = """
            id: s
            title: A sample
            difficulty: easy
            report: Something is off.
            data: \(data)
            setup: {lr: 0.5}
            bug: {summary: s, knobs: [lr], mechanism: [{name: n, phrasings: [learning rate]}]}
            symptom: [non_finite == 1]
            success: [val_accuracy >= 0.9]
            cures: [[lr 0.1]]
            maskers: []
            expert_path: [curve, submit]
            hints: [one, two, three, four]
            """
        do {
            _ = try ScenarioLoader.parse(text, file: "s.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testDataIsBounded() {
        XCTAssertTrue(failure("../../x").contains("not a path"), failure("../../x"))
        XCTAssertTrue(failure("{generator: blobs, seed: -1}").contains("expected a seed"))
        XCTAssertTrue(failure("{generator: blobs, classes: 2000000000}").contains("expected 2 to 100 classes"))
        XCTAssertTrue(failure("{generator: blobs, samples: 90000000}").contains("samples"))
        XCTAssertEqual(failure("digits"), "no error")
    }
}
