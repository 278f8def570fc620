import ConvergeEngine

/// Standardises inputs to mean 0 and standard deviation 1 with statistics measured on one
/// data set (the training set) and applied to any other, as preprocessing must be.
///
/// Tabular rows and sequences are standardised per feature. Images (`N x C x H x W`) are
/// standardised per channel, over every pixel, as `transforms.Normalize` does: a pixel is not
/// a feature of its own, and a corner that is always blank should stay blank.
/// A feature or channel with a standard deviation of 0 is only centred.
public struct Standardizer: Sendable {
    public let means: [Float]
    public let standardDeviations: [Float]
    /// Consecutive input values that share one mean and deviation: `H·W` for images, else 1.
    let groupSize: Int

    /// Measures each feature (or channel) of `data`.
    public init(fittingTo data: Dataset) {
        let width = data.inputWidth
        let rows = data.count
        let shape = data.inputs.shape
        groupSize = shape.count == 4 ? shape[2] * shape[3] : 1
        let groups = width / Swift.max(groupSize, 1)
        var sums = [Double](repeating: 0, count: groups)
        var squares = [Double](repeating: 0, count: groups)
        for row in 0..<rows {
            for column in 0..<width {
                let value = Double(data.inputs[row * width + column])
                sums[column / groupSize] += value
                squares[column / groupSize] += value * value
            }
        }
        let count = Double(Swift.max(rows * groupSize, 1))
        self.means = sums.map { Float($0 / count) }
        self.standardDeviations = (0..<groups).map { group in
            let mean = sums[group] / count
            let variance = Swift.max(squares[group] / count - mean * mean, 0)
            let deviation = Float(variance.squareRoot())
            return deviation > 0 ? deviation : 1
        }
    }

    /// A copy of `data` with its inputs standardised.
    public func applied(to data: Dataset) -> Dataset {
        let inputs = data.inputs.copy()
        let width = data.inputWidth
        for row in 0..<data.count {
            for column in 0..<width {
                let group = column / groupSize
                inputs[row * width + column] = (inputs[row * width + column] - means[group]) / standardDeviations[group]
            }
        }
        return Dataset(inputs: inputs, targets: data.targets, classNames: data.classNames)
    }
}
