/// Everything about a training run that is not the model, the loss or the optimizer.
///
/// Several switches exist to stage real bugs faithfully (`zeroesGradients`,
/// `shufflesEachEpoch`, `evaluationMode`): a scenario sets them wrong, a candidate sets them right.
public struct TrainingConfiguration: Sendable {
    /// Passes over the training set.
    public var epochs: Int = 10
    /// Rows per optimizer step; the last batch of an epoch may be smaller.
    public var batchSize: Int = 32
    /// Reshuffle the training rows at the start of every epoch.
    public var shufflesEachEpoch: Bool = true
    /// Clear the gradients before every step (`optimizer.zero_grad()`).
    public var zeroesGradients: Bool = true
    /// Gradient clipping applied after backward, before the update.
    public var clipping: GradientClipping = .none
    /// Learning rate as a function of the step, relative to the optimizer's base rate.
    public var schedule: LearningRateSchedule = .constant
    /// Seed of the shuffling stream.
    public var seed: UInt64 = 0
    /// The mode the model is put in for evaluation (`.evaluation`, unless a bug says otherwise).
    public var evaluationMode: Mode = .evaluation
    /// Rows per forward pass when evaluating.
    public var evaluationBatchSize: Int = 256
    /// What to measure inside training; empty costs nothing.
    public var probes: ProbeOptions = []
    /// Record probes every this many steps (and always at the first step).
    public var probeInterval: Int = 1
    /// Stop the run at the first non-finite loss (NaN is a symptom to report, not a fault).
    public var stopsAtNonFiniteLoss: Bool = true
    /// Stop after this many steps, wherever the epoch is (nil: train every epoch).
    public var maximumSteps: Int?
    /// When raised, training stops before its next step (Ctrl-C at the session prompt).
    public var cancellation: CancellationFlag?
    /// Told after every epoch, for a progress line.
    public var progress: TrainingProgress?

    public init() {}
}
