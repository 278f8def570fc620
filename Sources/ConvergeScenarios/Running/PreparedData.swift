import ConvergeEngine
import ConvergeSupport
import Foundation

/// A scenario's data after the pipeline a setup describes: split, labels, order, scaling.
///
/// The raw split is fixed (80/20 with seed 1234, as in the PyTorch prototypes); everything
/// after it follows the setup, bugs included.
public struct PreparedData {
    /// Training rows as the model sees them.
    public let training: Dataset
    /// Validation rows as the model sees them.
    public let validation: Dataset
    /// Training rows before scaling (for the `data` view).
    public let rawTraining: Dataset
    public var classNames: [String] { training.classNames }
    /// Whether every step of a sequence has its own target (a language model's next token),
    /// rather than one target per sequence.
    public var predictsEveryStep: Bool {
        let (inputs, targets) = (training.inputs.shape, training.targets.shape)
        return !isRegression && inputs.count == 3 && targets.count == 2 && targets[1] == inputs[1]
    }
    /// The shape of one example the model must take: a training row's, with the longer of
    /// the training and validation sequences (learned positions need a row for each step).
    public var exampleShape: [Int] {
        var shape = Array(training.inputs.shape.dropFirst())
        if shape.count == 2, validation.inputs.shape.count == 3 {
            shape[0] = Swift.max(shape[0], validation.inputs.shape[1])
        }
        return shape
    }
    public var classCount: Int { Swift.max(classNames.count, 2) }
    /// Whether targets are values to regress rather than classes (no class names).
    public var isRegression: Bool { classNames.isEmpty }
    /// Width of the model's output: one logit per class, or one value per target column.
    public var outputWidth: Int { isRegression ? training.targetWidth : classCount }

    /// Seed of the fixed train/validation split.
    public static let splitSeed: UInt64 = 1234
    /// Seed of the permutation that detaches labels from inputs, when that bug is on.
    public static let labelShuffleSeed: UInt64 = 777

    /// The backbone a setup can start from (`pretrained on`), when the scenario has one.
    public let pretraining: Pretraining?

    /// Runs the pipeline of `setup` on `source`. Images reach a CNN as `C x H x W`, and
    /// any other model flattened into one row (`X.flatten(1)`). With `labelledRows`, only
    /// that many training rows (the first after the split) keep their labels and are used.
    /// With `validationSteps`, validation sequences are padded with empty steps to that length.
    public init(
        source: Dataset, setup: Setup, labelledRows: Int? = nil, validationSteps: Int? = nil,
        pretraining: Pretraining? = nil
    ) {
        self.pretraining = pretraining
        let source = setup.architecture.readsImages ? source : source.withImagesFlattened
        var splitGenerator = RandomGenerator(seed: PreparedData.splitSeed)
        var (training, validation) = source.split(evaluationFraction: 0.2, generator: &splitGenerator)
        if let labelledRows, labelledRows < training.count { training = training.subset(Array(0..<labelledRows)) }
        if let validationSteps { validation = validation.withSteps(validationSteps) }
        var rawTraining = training
        if !setup.labelsAligned {
            var generator = RandomGenerator(seed: PreparedData.labelShuffleSeed)
            let order = generator.permutation(training.count)
            let labels = training.targets.copy()
            for (row, source) in order.enumerated() { labels[row] = training.targets[source] }
            rawTraining = Dataset(inputs: training.inputs, targets: labels, classNames: training.classNames)
        }
        if setup.sortedByClass {
            let order = (0..<rawTraining.count).sorted { (rawTraining.targets[$0], $0) < (rawTraining.targets[$1], $1) }
            rawTraining = rawTraining.subset(order)
        }
        self.rawTraining = rawTraining
        if setup.standardize {
            let standardizer = Standardizer(fittingTo: rawTraining)
            self.training = standardizer.applied(to: rawTraining)
            self.validation =
                setup.validationPreprocessing == .trainStatistics ? standardizer.applied(to: validation) : validation
        } else {
            self.training = rawTraining
            self.validation = validation
        }
    }
}

extension Dataset {
    /// Sequences (`N x T x features`) with `steps` steps: cut to their first `steps`, or
    /// with empty steps appended up to `steps`.
    public func withSteps(_ steps: Int) -> Dataset {
        guard inputs.shape.count == 3, inputs.shape[1] != steps else { return self }
        let (length, width) = (inputs.shape[1], inputs.shape[2])
        let kept = Swift.min(length, steps)
        let resized = Tensor(shape: [count, steps, width])
        for row in 0..<count {
            (resized.baseAddress + row * steps * width)
                .update(from: inputs.baseAddress + row * length * width, count: kept * width)
        }
        return Dataset(inputs: resized, targets: targets, classNames: classNames)
    }

    /// The same examples with each image (`C x H x W`) laid out as one row, channel-major.
    var withImagesFlattened: Dataset {
        guard inputs.shape.count == 4 else { return self }
        let rows = inputs.copy()
        rows.reshape([count, inputWidth])
        return Dataset(inputs: rows, targets: targets, classNames: classNames)
    }

    /// The same examples with each row read as an image of `shape` (`C x H x W`).
    func asImages(_ shape: [Int]) -> Dataset {
        precondition(shape.reduce(1, *) == inputWidth, "An image of \(shape) needs \(inputWidth) values per row")
        let images = inputs.copy()
        images.reshape([count] + shape)
        return Dataset(inputs: images, targets: targets, classNames: classNames)
    }

    /// The examples of `classes` only, in their order, relabelled `0..<classes.count` and
    /// keeping their names.
    func keepingClasses(_ classes: [Int]) -> Dataset {
        let newLabel = Dictionary(uniqueKeysWithValues: classes.enumerated().map { (Float($0.element), $0.offset) })
        let rows = (0..<count).filter { newLabel[targets[$0]] != nil }
        let kept = subset(rows)
        for row in 0..<kept.count { kept.targets[row] = Float(newLabel[kept.targets[row]] ?? 0) }
        return Dataset(inputs: kept.inputs, targets: kept.targets, classNames: classes.map { classNames[$0] })
    }

    /// Whether the examples are images, `N x C x H x W`.
    public var holdsImages: Bool { inputs.shape.count == 4 }
}

/// Loads data sets once per process: scenario runs and diagnostics ask for them often.
public final class DataLibrary: @unchecked Sendable {
    private var cache: [DataSpec: Dataset] = [:]
    /// CSV data sets whose rows are images, with the `C x H x W` shape of one row. The
    /// digits are 8x8 grey images: a CNN reads them as such, an MLP as 64 numbers.
    public static let imageShapes: [String: [Int]] = ["digits": [1, 8, 8]]
    /// Recursive: a class subset loads the data set it is cut from.
    private let lock = NSRecursiveLock()
    private let folder: URL?

    /// A library reading CSV files from `folder` (by default the project's `Fixtures/datasets`).
    public init(folder: URL? = ProjectFiles.url(.datasets)) {
        self.folder = folder
    }

    /// The data set `spec` names.
    public func dataset(_ spec: DataSpec) throws -> Dataset {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[spec] { return cached }
        let data: Dataset
        switch spec {
        case .file(let name):
            guard let folder else {
                throw DatasetError(
                    file: "Fixtures/datasets/\(name).csv", line: nil,
                    problem: "cannot find the project's Fixtures folder (run from the project or set CONVERGE_HOME)")
            }
            let table = try CSVDataset.load(contentsOf: folder.appendingPathComponent("\(name).csv"))
            data = DataLibrary.imageShapes[name].map { table.asImages($0) } ?? table
        case .synthetic(let generator, let samples, let classes, let noise, let length, let seed):
            guard
                let made = SyntheticData.make(
                    generator, samples: samples, classes: classes, noise: noise, length: length, seed: seed)
            else {
                throw DatasetError(
                    file: generator, line: nil,
                    problem: "unknown generator (known: \(SyntheticData.generators.joined(separator: ", ")))")
            }
            data = made
        case .classes(let kept, let base):
            let whole = try dataset(base)
            guard let outside = kept.first(where: { !whole.classNames.indices.contains($0) }) else {
                data = whole.keepingClasses(kept)
                break
            }
            throw DatasetError(
                file: base.description, line: nil,
                problem: "has no class \(outside) (it has \(whole.classNames.count) classes)")
        case .rows(let range, let base):
            let whole = try dataset(base)
            guard range.upperBound <= whole.count else {
                throw DatasetError(
                    file: base.description, line: nil,
                    problem: "has \(whole.count) rows, not \(range.upperBound)")
            }
            data = whole.subset(Array(range))
        }
        cache[spec] = data
        return data
    }
}
