/// Inputs and their targets, one row each.
///
/// For classification, `targets` holds one class index per row (as `Float`); for regression
/// it holds one row of values per input row.
public struct Dataset {
    /// `N x features` (or `N x T x features` for sequences).
    public let inputs: Tensor
    /// `N` class indices, or `N x outputs` values.
    public let targets: Tensor
    /// Names of the classes, empty for regression.
    public let classNames: [String]

    public init(inputs: Tensor, targets: Tensor, classNames: [String] = []) {
        precondition(inputs.shape.first == targets.shape.first, "Inputs and targets need the same number of rows")
        self.inputs = inputs
        self.targets = targets
        self.classNames = classNames
    }

    /// Number of examples.
    public var count: Int { inputs.shape.first ?? 0 }

    /// Values per example in `inputs` (features, or time steps × features).
    public var inputWidth: Int { count == 0 ? 0 : inputs.count / count }

    /// Values per example in `targets`.
    public var targetWidth: Int { count == 0 ? 0 : targets.count / count }

    /// A new dataset holding the rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var inputShape = inputs.shape
        inputShape[0] = indices.count
        var targetShape = targets.shape
        targetShape[0] = indices.count
        let newInputs = Tensor(shape: inputShape)
        let newTargets = Tensor(shape: targetShape)
        Dataset.gatherRows(indices[...], from: self, intoInputs: newInputs, targets: newTargets)
        return Dataset(inputs: newInputs, targets: newTargets, classNames: classNames)
    }

    /// Splits off a fraction of the rows for evaluation after a seeded shuffle:
    /// `(training, evaluation)`.
    public func split(evaluationFraction: Double, generator: inout RandomGenerator) -> (Dataset, Dataset) {
        let order = generator.permutation(count)
        let evaluationCount = Int((Double(count) * evaluationFraction).rounded())
        let trainingCount = count - evaluationCount
        return (subset(Array(order[..<trainingCount])), subset(Array(order[trainingCount...])))
    }

    /// Copies the rows at `indices` into the first rows of `inputs` and `targets`, which must
    /// already have room for them. The trainer's batches are built this way, allocation-free.
    static func gatherRows(_ indices: ArraySlice<Int>, from source: Dataset, intoInputs inputs: Tensor, targets: Tensor)
    {
        let inputWidth = source.inputWidth
        let targetWidth = source.targetWidth
        for (row, index) in indices.enumerated() {
            (inputs.baseAddress + row * inputWidth)
                .update(from: source.inputs.baseAddress + index * inputWidth, count: inputWidth)
            (targets.baseAddress + row * targetWidth)
                .update(from: source.targets.baseAddress + index * targetWidth, count: targetWidth)
        }
    }
}
