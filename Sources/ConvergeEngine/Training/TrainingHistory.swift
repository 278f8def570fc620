/// What a training run measured, step by step and epoch by epoch.
public struct TrainingHistory: Sendable {
    /// The loss of every optimizer step, computed just before its update.
    public var stepLosses: [Float] = []
    /// The learning rate each step used.
    public var learningRates: [Float] = []
    /// One summary per completed (or interrupted) epoch.
    public var epochs: [EpochSummary] = []
    /// Probe readings, when probes were asked for.
    public var probes: [ProbeRecord] = []
    /// The first NaN or infinity seen, and where.
    public var firstNonFinite: NonFiniteEvent?
    /// Whether the run was cancelled before it finished.
    public var wasCancelled = false

    public init() {}

    /// Whether training stopped because the loss stopped being a number.
    public var hasDiverged: Bool { firstNonFinite != nil }
}

/// Averages over one epoch, and the evaluation at its end.
public struct EpochSummary: Sendable {
    /// Counted from 1.
    public var epoch: Int
    /// Mean of the epoch's step losses.
    public var trainingLoss: Float
    /// Share of training rows predicted correctly during the epoch, before each update.
    public var trainingAccuracy: Float?
    /// Loss on the evaluation set at the end of the epoch.
    public var evaluationLoss: Float?
    /// Accuracy on the evaluation set at the end of the epoch.
    public var evaluationAccuracy: Float?
}

/// Loss and accuracy of a model over a whole dataset.
public struct Evaluation: Sendable {
    public var loss: Float
    public var accuracy: Float?
    /// The predicted class of every row, for classification losses.
    public var predictions: [Int]
}
