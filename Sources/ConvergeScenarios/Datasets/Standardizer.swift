import ConvergeEngine

/// Standardises features to mean 0 and standard deviation 1 with statistics measured on one
/// data set (the training set) and applied to any other, as preprocessing must be.
/// A feature with a standard deviation of 0 is only centred.
public struct Standardizer: Sendable {
    public let means: [Float]
    public let standardDeviations: [Float]

    /// Measures each feature of `data`.
    public init(fittingTo data: Dataset) {
        let width = data.inputWidth
        let rows = data.count
        var means = [Double](repeating: 0, count: width)
        var squares = [Double](repeating: 0, count: width)
        for row in 0..<rows {
            for column in 0..<width {
                let value = Double(data.inputs[row * width + column])
                means[column] += value
                squares[column] += value * value
            }
        }
        self.means = means.map { Float($0 / Double(Swift.max(rows, 1))) }
        self.standardDeviations = (0..<width).map { column in
            let mean = means[column] / Double(Swift.max(rows, 1))
            let variance = Swift.max(squares[column] / Double(Swift.max(rows, 1)) - mean * mean, 0)
            let deviation = Float(variance.squareRoot())
            return deviation > 0 ? deviation : 1
        }
    }

    /// A copy of `data` with its features standardised.
    public func applied(to data: Dataset) -> Dataset {
        let inputs = data.inputs.copy()
        let width = means.count
        for row in 0..<data.count {
            for column in 0..<width {
                inputs[row * width + column] =
                    (inputs[row * width + column] - means[column]) / standardDeviations[column]
            }
        }
        return Dataset(inputs: inputs, targets: data.targets, classNames: data.classNames)
    }
}
