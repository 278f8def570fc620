import ConvergeEngine

/// The work one `run` of a setup would do, counted in multiply-adds before any of it starts,
/// with a fixed allowance for the work that is not products.
///
/// Every knob has a range, but the ranges multiply: twelve Transformer blocks 512 wide with
/// 1024-wide MLPs train for minutes, and so do convolutions of 256 channels without pooling.
/// A session refuses such a setup when it is set (`Session.set`) rather than leave the
/// candidate watching a command that will not end. The count comes from the engine itself
/// (`MultiplyAddCounter`) on one example of the real model, so it holds for every
/// architecture, and it is a count, not a time, so a setting is refused on every machine or
/// on none.
public struct RunWork: Sendable, Equatable {
    /// Multiply-adds of one example's forward pass.
    public var forwardPerExample: Int
    /// The model's parameter tensors, each of which costs a little on every step whatever
    /// its size: its layer is called, its gradient cleared, clipped and stepped.
    public var parameterTensors: Int
    public var epochs: Int
    public var stepsPerEpoch: Int
    public var trainingRows: Int
    public var validationRows: Int

    /// The largest `total` a session accepts: 120 billion, about 4 s at the 30 billion
    /// multiply-adds a second one thread managed, on average, on the machine the README's
    /// figures come from. Fitted to 50 runs of 0.01 to 7.6 s, the estimate came within a
    /// factor of 1.5 of the time taken for most, but ran up to 3.3 times fast for small-channel
    /// convolutions. The runs it accepts took at most 5.5 s; those it refuses, from about 7 s to
    /// minutes. Every scenario's own setup, cures and maskers stay under half of it (tested).
    public static let limit = 120_000_000_000

    /// What a step costs on top of its multiply-adds, for each parameter tensor (its layer's
    /// calls, its gradient cleared, clipped and stepped): 1.3 µs in the fit, as many
    /// multiply-adds as take that long.
    public static let stepCostPerParameter = 39_000

    /// What each trained example costs on top of its multiply-adds, for each parameter tensor
    /// (the elementwise work of activations, norms and losses, which grows with the batch):
    /// 0.17 µs in the fit.
    public static let exampleCostPerParameter = 5_000

    /// A backward pass costs about two forward passes: the input gradient and the weight
    /// gradient are each a product of the forward product's size.
    public static let passesPerTrainedExample = 3

    /// The estimate for `epochs` epochs: each trained example three forward passes' worth and
    /// each evaluated example one, plus the per-tensor cost of every step and every trained
    /// example. The run evaluates the training set once before it starts, the validation set
    /// after every epoch, and the validation set four times more at the end
    /// (`TrainingRun.report`).
    public func total(epochs: Int) -> Int {
        let once = Self.product(forwardPerExample, trainingRows + 4 * validationRows)
        let perEpoch = Self.sum(
            Self.sum(
                Self.product(forwardPerExample, Self.passesPerTrainedExample * trainingRows + validationRows),
                Self.product(stepsPerEpoch, parameterTensors * Self.stepCostPerParameter)),
            Self.product(trainingRows, parameterTensors * Self.exampleCostPerParameter))
        return Self.sum(once, Self.product(perEpoch, epochs))
    }

    /// The estimate for the setup's own epochs.
    public var total: Int { total(epochs: epochs) }

    /// Whether a session runs it.
    public var isWithinLimit: Bool { total <= Self.limit }

    /// The most epochs that keep this setup within the limit: 0 when even one is too many.
    public var mostEpochsWithinLimit: Int {
        guard total(epochs: 1) <= Self.limit else { return 0 }
        var (low, high) = (1, Swift.max(epochs, 1))
        while total(epochs: high) <= Self.limit { (low, high) = (high, high * 2) }
        while high - low > 1 {
            let middle = (low + high) / 2
            if total(epochs: middle) <= Self.limit { low = middle } else { high = middle }
        }
        return low
    }

    /// Builds the setup's model from fresh weights and counts one example's forward pass.
    /// Nothing is trained: no backbone is loaded, no step taken.
    public static func estimate(_ setup: Setup, _ data: PreparedData) -> RunWork {
        let model = ModelFactory.makeModel(
            setup, exampleShape: data.exampleShape, classCount: data.outputWidth, everyStep: data.predictsEveryStep)
        model.setMode(.evaluation)
        let example = data.training.subset([0])
        let forward = MultiplyAddCounter.counting { _ = model.forward(example.inputs) }
        let rows = data.training.count
        return RunWork(
            forwardPerExample: forward, parameterTensors: model.parameters.count, epochs: Swift.max(setup.epochs, 1),
            stepsPerEpoch: setup.stepsPerEpoch(trainingRows: rows), trainingRows: rows,
            validationRows: data.validation.count)
    }

    private static func product(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : result
    }

    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : result
    }
}
