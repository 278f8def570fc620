import ConvergeEngine
import Foundation
import XCTest

/// The project's `Fixtures/` folder, found from this file's location.
let fixturesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// Every number in a nested JSON array, in order.
func flattenedNumbers(_ value: JSONValue) -> [Double] {
    switch value {
    case .number(let number): return [number]
    case .array(let values): return values.flatMap(flattenedNumbers)
    default: return []
    }
}

/// Whether `got` is within `atol + rtol * |expected|` of `expected` (numpy.isclose), NaN never.
func isClose(_ got: Double, _ expected: Double, rtol: Double, atol: Double) -> Bool {
    got.isFinite && Swift.abs(got - expected) <= atol + rtol * Swift.abs(expected)
}

/// Asserts that two lists of numbers agree element by element, reporting the first mismatch
/// by its path and index.
func assertClose(
    _ got: [Double], _ expected: [Double], rtol: Double, atol: Double, _ path: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    guard got.count == expected.count else {
        XCTFail("\(path): \(got.count) values, expected \(expected.count)", file: file, line: line)
        return
    }
    for index in got.indices where !isClose(got[index], expected[index], rtol: rtol, atol: atol) {
        XCTFail("\(path)[\(index)]: got \(got[index]), expected \(expected[index])", file: file, line: line)
        return
    }
}

extension Tensor {
    var doubles: [Double] { scalars.map(Double.init) }

    /// A tensor of normal random values.
    static func random(shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        let tensor = Tensor(shape: shape)
        for index in 0..<tensor.count { tensor[index] = generator.nextNormal(standardDeviation: scale) }
        return tensor
    }
}
