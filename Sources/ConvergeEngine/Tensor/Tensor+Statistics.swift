import Foundation

extension Tensor {
    /// Euclidean norm of all values, accumulated in `Double` so large tensors keep their precision.
    public var norm: Float {
        var sum = 0.0
        for index in 0..<count {
            let value = Double(baseAddress[index])
            sum += value * value
        }
        return Float(sum.squareRoot())
    }

    /// Mean of all values.
    public var mean: Float {
        guard count > 0 else { return 0 }
        var sum = 0.0
        for index in 0..<count { sum += Double(baseAddress[index]) }
        return Float(sum / Double(count))
    }

    /// Population standard deviation of all values.
    public var standardDeviation: Float {
        guard count > 0 else { return 0 }
        let average = Double(mean)
        var sum = 0.0
        for index in 0..<count {
            let deviation = Double(baseAddress[index]) - average
            sum += deviation * deviation
        }
        return Float((sum / Double(count)).squareRoot())
    }

    /// Whether every value is finite (no NaN, no infinity).
    public var isFinite: Bool {
        firstNonFiniteIndex == nil
    }

    /// Flat index of the first NaN or infinity, if any.
    public var firstNonFiniteIndex: Int? {
        for index in 0..<count where !baseAddress[index].isFinite { return index }
        return nil
    }

    /// Fraction of values for which `predicate` holds.
    public func fraction(where predicate: (Float) -> Bool) -> Float {
        guard count > 0 else { return 0 }
        var matches = 0
        for index in 0..<count where predicate(baseAddress[index]) { matches += 1 }
        return Float(matches) / Float(count)
    }

    /// Index of the largest value in each row of the flattened two-dimensional view.
    public func argmaxPerRow() -> [Int] {
        var result = [Int](repeating: 0, count: rows)
        let width = columns
        for row in 0..<rows {
            let values = baseAddress + row * width
            var best = 0
            for column in 1..<Swift.max(width, 1) where values[column] > values[best] { best = column }
            result[row] = best
        }
        return result
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
