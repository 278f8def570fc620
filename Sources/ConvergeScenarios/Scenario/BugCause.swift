/// The causes a candidate can name for a training run that does not converge, each with the
/// knobs where it lives. A diagnosis that asserts several causes unrelated to the bug (a list
/// of bug words) is a guess, not a diagnosis: `DiagnosisReader` uses this table to tell.
public struct BugCause: Sendable {
    public var name: String
    /// The knobs this cause lives in; a cause sharing a knob with the bug is related to it.
    public var knobs: Set<KnobID>
    /// Phrasings that assert it: a statement about the cause ("exploding gradients"), not a
    /// word that a correct diagnosis also uses for a symptom ("the loss explodes").
    public var phrasings: [String]

    /// Every cause the reader knows, one per bug family.
    public static let all: [BugCause] = [
        BugCause(
            // Its schedule too: a missing warm-up is the rate of the first steps.
            name: "the learning rate", knobs: [.learningRate, .backboneLearningRate, .freeze, .warmup, .schedule],
            phrasings: ["learning rate", "lr", "step size"]),
        BugCause(
            name: "the initialisation", knobs: [.initialization, .biasInit, .recurrentInit],
            // Not "initialization" alone: its stem is the one of "initial", as in "the initial loss".
            // Nor "init" alone: "the loss at init" and "init-loss" name a moment and a check.
            phrasings: [
                "weight initialization", "initialization scheme", "bad initialization", "wrong initialization",
                "poor initialization", "initialization wrong", "initialized badly", "weight init", "bad init",
                "wrong init", "poor init", "init scheme", "init too large", "init too small", "weight scale",
                "symmetry",
            ]),
        BugCause(
            // Unscaled inputs kill ReLUs too: the first oversized steps push them negative.
            name: "dead ReLUs", knobs: [.biasInit, .activation, .standardize],
            phrasings: ["dead relu", "dying relu", "dead unit"]),
        BugCause(
            name: "saturated or vanishing units", knobs: [.activation, .initialization, .architecture],
            phrasings: [
                "vanishing gradient", "gradient vanish", "saturated unit", "saturated activation", "sigmoid saturate",
                "saturated sigmoid",
            ]),
        BugCause(
            // Unscaled inputs make every gradient of the first layer enormous too.
            name: "exploding gradients", knobs: [.recurrentInit, .clip, .learningRate, .standardize],
            phrasings: ["exploding gradient", "gradient explode", "exploding weight"]),
        BugCause(
            name: "gradients never cleared", knobs: [.zeroGrad],
            phrasings: [
                "not zero grad", "forgot zero grad", "missing zero grad", "gradients accumulate",
                "gradient accumulation",
            ]),
        BugCause(
            name: "the evaluation mode", knobs: [.evaluationMode], phrasings: ["eval mode", "model eval", "train mode"]),
        BugCause(name: "dropout", knobs: [.dropout, .evaluationMode], phrasings: ["dropout"]),
        BugCause(
            name: "batch normalisation", knobs: [.normalization, .evaluationMode],
            phrasings: ["batchnorm", "batch norm", "running statistics"]),
        BugCause(
            name: "a softmax before the loss", knobs: [.outputSoftmax], phrasings: ["softmax twice", "double softmax"]),
        BugCause(name: "an unstable log-softmax", knobs: [.loss], phrasings: ["log softmax", "log zero", "logsumexp"]),
        BugCause(
            // Not "standardize" alone: its stem is the one of "standard", as in "the standard fix".
            name: "unscaled inputs", knobs: [.standardize, .validationPreprocessing],
            phrasings: [
                "standardize input", "standardize feature", "standardize data", "unstandardized", "normalize input",
                "feature scale", "unscaled input", "input scale",
            ]),
        BugCause(
            name: "misaligned labels", knobs: [.labels],
            phrasings: ["shuffled labels", "misaligned labels", "permuted labels"]),
        BugCause(
            name: "the data order", knobs: [.shuffle, .sorted], phrasings: ["not shuffled", "sorted", "class order"]),
        BugCause(name: "weight decay", knobs: [.optimizer, .weightDecay], phrasings: ["weight decay", "l2", "adamw"]),
        BugCause(
            name: "the attention scale", knobs: [.attentionScale, .keyDimension],
            phrasings: ["sqrt", "attention scale", "scale score"]),
        BugCause(name: "NaN", knobs: [.loss, .learningRate], phrasings: ["nan"]),
    ]
}
