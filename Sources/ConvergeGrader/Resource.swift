import ConvergeScenarios
import ConvergeSession

/// Reading to close a gap, picked by the scorecard from what the session showed.
public struct Resource: Sendable, Equatable {
    public var title: String
    public var why: String

    static let practicalMethodology = Resource(
        title: "Goodfellow, Bengio and Courville, Deep Learning (2016), chapter 11: Practical Methodology",
        why: "a systematic order for debugging: baselines, instrumentation, one change at a time")
    static let recipe = Resource(
        title: "Andrej Karpathy, \"A Recipe for Training Neural Networks\" (2019)",
        why: "become one with the data, verify the loss at init, overfit one batch, then add complexity")
    static let cyclicalLearningRates = Resource(
        title: "Leslie N. Smith, \"Cyclical Learning Rates for Training Neural Networks\" (2017)",
        why: "the LR range test: find a good learning rate in one short run")
    static let decoupledWeightDecay = Resource(
        title: "Loshchilov and Hutter, \"Decoupled Weight Decay Regularization\" (ICLR 2019)",
        why: "why L2 through Adam is not weight decay, and what AdamW changes")
    static let initialisation = Resource(
        title:
            "Glorot and Bengio (2010), \"Understanding the difficulty of training deep feedforward neural networks\"; He et al. (2015), \"Delving Deep into Rectifiers\"",
        why: "how initial weight scales keep activations and gradients alive")
    static let batchNormalization = Resource(
        title: "Ioffe and Szegedy, \"Batch Normalization\" (2015)",
        why: "batch statistics in training, running statistics at inference")
    static let fastAI = Resource(
        title: "fast.ai, Practical Deep Learning for Coders (course)",
        why: "hands-on practice in diagnosing training runs end to end")

    /// The resource for a scenario's bug family, by the knobs where the bug lives.
    static func forBug(knobs: [KnobID]) -> Resource? {
        if knobs.contains(.optimizer) || knobs.contains(.weightDecay) { return decoupledWeightDecay }
        if knobs.contains(.initialization) || knobs.contains(.biasInit) || knobs.contains(.activation) {
            return initialisation
        }
        if knobs.contains(.learningRate) { return cyclicalLearningRates }
        if knobs.contains(.evaluationMode) { return batchNormalization }
        return nil
    }
}
