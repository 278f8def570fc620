import ConvergeEngine
import ConvergeReference
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

/// Matches the engine against every PyTorch reference fixture in `Fixtures/pytorch/`.
/// A new fixture file becomes a new checked case with no code change.
final class ReferenceFixtureTests: XCTestCase {
    let rtol = 1e-3, atol = 1e-5

    func fixtureFiles() throws -> [URL] {
        let folder = fixturesFolder.appendingPathComponent("pytorch")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    func testEveryFixtureMatchesPyTorch() throws {
        let files = try fixtureFiles()
        XCTAssertGreaterThanOrEqual(files.count, 13, "the fixtures were not copied into Fixtures/pytorch")
        var checked: [String] = []
        for file in files {
            let referenceCase = try ReferenceCase(contentsOf: file)
            check(try ReferenceRunner.run(referenceCase), against: referenceCase)
            checked.append(referenceCase.name)
        }
        print("checked \(checked.count) fixtures: \(checked.joined(separator: ", "))")
        XCTAssertEqual(checked.count, files.count)
        XCTAssertGreaterThanOrEqual(checked.count, 20)
    }

    func check(_ result: ReferenceResult, against referenceCase: ReferenceCase) {
        let name = referenceCase.name
        let document = referenceCase.document
        guard let expected = document["expected"] else { return XCTFail("\(name): no expected block") }
        assertClose(
            result.output.doubles, flattenedNumbers(expected["output"] ?? .null), rtol: rtol, atol: atol,
            "\(name).output")
        assertClose(
            [Double(result.loss)], flattenedNumbers(expected["loss"] ?? .null), rtol: rtol, atol: atol, "\(name).loss")
        let got = result.json
        for field in ["grads", "attention", "running_stats"] {
            guard let expectedField = expected[field] else { continue }
            checkEntry(got[field], expectedField, "\(name).\(field)")
        }
        if let afterSteps = document["expected_after_steps"] {
            XCTAssertNotNil(result.parametersAfterSteps, "\(name): the optimizer did not run")
            checkEntry(got["params_after"], afterSteps["params"] ?? .null, "\(name).params_after")
            assertClose(
                (result.lossesBeforeSteps ?? []).map(Double.init), flattenedNumbers(afterSteps["losses"] ?? .null),
                rtol: rtol, atol: atol, "\(name).losses")
        }
    }

    /// Compares as `check_grads.py` does: nulls must match, every expected key must be
    /// present at every depth, and arrays of numbers must agree within the tolerances.
    func checkEntry(_ got: JSONValue?, _ expected: JSONValue, _ path: String) {
        switch expected {
        case .null:
            XCTAssertTrue(got == nil || got == .null, "\(path): expected null")
        case .object(let pairs):
            guard case .object? = got else { return XCTFail("\(path): expected an object") }
            for (key, value) in pairs {
                guard let child = got?[key] else {
                    XCTFail("\(path).\(key): missing")
                    continue
                }
                checkEntry(child, value, "\(path).\(key)")
            }
        case .array(let elements) where !isNumericArray(expected):
            guard case .array(let gotElements)? = got, gotElements.count == elements.count else {
                return XCTFail("\(path): expected \(elements.count) entries")
            }
            for (index, element) in elements.enumerated() {
                checkEntry(gotElements[index], element, "\(path)[\(index)]")
            }
        default:
            assertClose(flattenedNumbers(got ?? .null), flattenedNumbers(expected), rtol: rtol, atol: atol, path)
        }
    }

    /// An array whose leaves are all numbers (a tensor).
    func isNumericArray(_ value: JSONValue) -> Bool {
        switch value {
        case .number: return true
        case .array(let elements): return elements.allSatisfy(isNumericArray)
        default: return false
        }
    }

    func testAFixtureCheckCanFail() throws {
        // Guards the guard: a perturbed gradient must not pass the comparison.
        let file = fixturesFolder.appendingPathComponent("pytorch/mlp_relu_ce.json")
        let referenceCase = try ReferenceCase(contentsOf: file)
        let result = try ReferenceRunner.run(referenceCase)
        let weightGradient = try XCTUnwrap(result.gradients[0].flattened.first?.value)
        guard case .array(let layers)? = referenceCase.document["expected"]?["grads"],
            let expected = layers[0]["weight"]
        else { return XCTFail("fixture layout") }
        let perturbed = weightGradient.doubles.enumerated().map {
            $0.offset == 3 ? $0.element * 1.01 + 1e-3 : $0.element
        }
        let numbers = flattenedNumbers(expected)
        XCTAssertFalse(zip(perturbed, numbers).allSatisfy { isClose($0, $1, rtol: rtol, atol: atol) })
    }

    func testMalformedFilesNameTheField() throws {
        func message(_ json: String) -> String {
            do {
                _ = try ReferenceRunner.run(try ReferenceCase(data: Data(json.utf8)))
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message("{"), "(file): is not valid JSON")
        XCTAssertEqual(message(#"{"loss": "mse", "x": [[1]], "y": [[1]]}"#), "layers: missing")
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "linear", "in": 2, "out": 1, "weight": [[1, 2, 3]], "bias": [0]}], "loss": "mse", "x": [[1, 2]], "y": [[1]]}"#
            ),
            "layers[0].weight: expected shape [1, 2], found [1, 3]")
        XCTAssertEqual(
            message(#"{"layers": [{"type": "conv3d"}], "loss": "mse", "x": [[1]], "y": [[1]]}"#).prefix(40),
            "layers[0].type: unknown layer type 'conv")
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": [2, 2], "weight": [[[[1, 1], [1, 1]]]]}], "loss": "mse", "x": [[1, 2]], "y": [[1]]}"#
            ),
            "layers[0]: conv2d takes a B x C x H x W array; its input has 2 axes")
        XCTAssertEqual(
            message(#"{"layers": [{"type": "relu"}], "loss": "hinge", "x": [[1]], "y": [[1]]}"#).prefix(27),
            "loss: unknown loss 'hinge' ")
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "linear", "in": 1, "out": 2, "weight": [[1], [2]], "bias": [0, 0]}], "loss": "cross_entropy", "x": [[1]], "y": [5]}"#
            ),
            "y[0]: 5.0 is not a class index of the network's output")
        XCTAssertEqual(
            message(#"{"layers": [{"type": "relu"}], "loss": "mse", "x": [[1, 2]], "y": [[1]]}"#),
            "y: has shape [1, 1] but the network outputs [1, 2]")
        XCTAssertEqual(
            message(#"{"layers": [{"type": "relu"}], "loss": "mse", "x": [[1], [2, 3]], "y": [[1], [2]]}"#).prefix(19),
            "x[1]: ragged array:")
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "relu"}], "loss": "mse", "x": [[1]], "y": [[1]], "optimizer": {"type": "sgd", "lr": 0.1}, "steps": 1e14}"#
            ),
            "steps: expected 1 to 10000 optimizer steps, found 100000000000000")
        // Layers that do not fit together are named before anything runs.
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "linear", "in": 2, "out": 3, "weight": [[1, 2], [3, 4], [5, 6]], "bias": [0, 0, 0]}, {"type": "linear", "in": 4, "out": 1, "weight": [[1, 2, 3, 4]], "bias": [0]}], "loss": "mse", "x": [[1, 2]], "y": [[1]]}"#
            ),
            "layers[1]: linear takes inputs of width 4, but its input is 1 x 3")
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "rnn", "input_size": 2, "hidden_size": 2, "weight_ih": [[1, 0], [0, 1]], "weight_hh": [[1, 0], [0, 1]], "bias_ih": [0, 0], "bias_hh": [0, 0]}, {"type": "last_step"}], "loss": "mse", "x": [[1, 2]], "y": [[1, 1]]}"#
            ),
            "layers[0]: rnn takes a B x T x features array; its input has 2 axes")
        // Inside a residual block the message names the nested layer, and branches must agree.
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "residual", "layers": [{"type": "batchnorm2d", "num_features": 2}]}], "loss": "mse", "x": [[[[1]]]], "y": [[1]]}"#
            ),
            "layers[0].layers[0]: batchnorm2d takes 2 channels, but its input has 1")
        XCTAssertEqual(
            message(
                #"{"layers": [{"type": "residual", "layers": [{"type": "maxpool2d", "kernel_size": [2, 2]}]}], "loss": "mse", "x": [[[[1, 2], [3, 4]]]], "y": [[1]]}"#
            ),
            "layers[0]: the residual branch gives 1 x 1 x 1 x 1 but the shortcut gives 1 x 1 x 2 x 2")
    }
}
