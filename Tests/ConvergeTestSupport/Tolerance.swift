import ConvergeEngine
import ConvergeSupport
import Foundation
import XCTest

/// Every number in a nested JSON array, in order.
public func flattenedNumbers(_ value: JSONValue) -> [Double] {
    switch value {
    case .number(let number): return [number]
    case .array(let values): return values.flatMap(flattenedNumbers)
    default: return []
    }
}

/// Whether `got` is within `atol + rtol * |expected|` of `expected` (numpy.isclose), NaN never.
public func isClose(_ got: Double, _ expected: Double, rtol: Double, atol: Double) -> Bool {
    got.isFinite && Swift.abs(got - expected) <= atol + rtol * Swift.abs(expected)
}

/// Asserts that two lists of numbers agree element by element, reporting the first mismatch
/// by its path and index.
public func assertClose(
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
    public var doubles: [Double] { scalars.map(Double.init) }

    /// A tensor of normal random values.
    public static func random(shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        let tensor = Tensor(shape: shape)
        for index in 0..<tensor.count { tensor[index] = generator.nextNormal(standardDeviation: scale) }
        return tensor
    }
}
