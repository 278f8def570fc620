import ConvergeScenarios

/// What a diagnostic showed, as the transcript keeps it for the grader: a signal the check
/// tests for, and whether it came out abnormal.
///
/// Evidence is what a command showed, not that it ran: a change is backed by evidence when
/// an earlier abnormal finding implicates its knob. Which signal implicates which knob is
/// the table in `Signal.implicates`, one row per signal, shared by every scenario of a bug
/// family, so a new scenario of a known family needs no new rule.
public struct Finding: Codable, Sendable, Equatable {
    public var signal: Signal
    /// Whether the check came out abnormal (a normal finding rules its signal out).
    public var abnormal: Bool

    public init(_ signal: Signal, abnormal: Bool) {
        self.signal = signal
        self.abnormal = abnormal
    }
}

/// A thing a diagnostic can find wrong with a training run.
public enum Signal: String, Codable, Sendable, CaseIterable {
    // What the curves show (`curve`).
    case lossDiverged = "loss-diverged"
    case lossFlat = "loss-flat"
    case lossRising = "loss-rising"
    case generalizationGap = "generalization-gap"
    // What the data shows (`data`).
    case inputsUnscaled = "inputs-unscaled"
    case validationScaleMismatch = "validation-scale-mismatch"
    case rowsOrderedByClass = "rows-ordered-by-class"
    // What the script and the settings show (`code`, `config`).
    case gradientsNeverCleared = "gradients-never-cleared"
    case evaluatedInTrainingMode = "evaluated-in-training-mode"
    case softmaxBeforeLoss = "softmax-before-loss"
    case naiveLogSoftmax = "naive-log-softmax"
    case labelsPermuted = "labels-permuted"
    case rowsNeverShuffled = "rows-never-shuffled"
    case validationNotStandardized = "validation-not-standardized"
    case inputsNotStandardized = "inputs-not-standardized"
    case unusualInitialization = "unusual-initialization"
    case coupledWeightDecay = "coupled-weight-decay"
    case extremeLearningRate = "extreme-learning-rate"
    case unscaledAttention = "unscaled-attention"
    case positionsMissing = "positions-missing"
    /// A Transformer that normalises after each residual sum (post-LN) and starts Adam at its
    /// full rate: the recipe that has needed a warm-up since Vaswani et al.
    case postNormWithoutWarmup = "post-norm-without-warmup"
    /// Padded sequences reach attention and the mean with their pads in view.
    case padsUnmasked = "pads-unmasked"
    /// A next-token model that predicts well reading whole sentences writes badly.
    case generationFails = "generation-fails"
    /// A next-token model whose attention lets each step read later steps.
    case futureVisible = "future-visible"
    // Sanity checks.
    case initialLossOff = "initial-loss-off"
    case cannotMemorize = "cannot-memorize"
    case evaluationUnstable = "evaluation-unstable"
    case batchScrambled = "batch-scrambled"
    case predictsOneClass = "predicts-one-class"
    case trainValidationDisagree = "train-validation-disagree"
    case predictionsFlat = "predictions-flat"
    // Instruments.
    case gradientsVanish = "gradients-vanish"
    case gradientsExplode = "gradients-explode"
    case gradientsZero = "gradients-zero"
    case deadUnits = "dead-units"
    case saturatedUnits = "saturated-units"
    case identicalUnits = "identical-units"
    case updatesTooLarge = "updates-too-large"
    case updatesTooSmall = "updates-too-small"
    case nonFiniteValues = "non-finite-values"
    case vanishingThroughTime = "vanishing-through-time"
    case explodingThroughTime = "exploding-through-time"
    case attentionSaturated = "attention-saturated"
    case receptiveFieldTooSmall = "narrow-receptive-field"
    // The range test.
    case learningRateFarFromSuggestion = "learning-rate-far-from-suggestion"
    case noLearningRateHelps = "no-learning-rate-helps"

    /// The knobs an abnormal finding of this signal points at.
    public var implicates: Set<KnobID> {
        switch self {
        case .lossDiverged:
            return [.learningRate, .clip, .loss, .zeroGrad, .recurrentInit, .standardize, .shuffle, .sorted, .momentum]
        case .lossFlat:
            return [
                .learningRate, .initialization, .biasInit, .activation, .outputSoftmax, .optimizer, .weightDecay,
                .architecture, .attentionScale, .keyDimension, .recurrentInit, .residual, .normalization, .collate,
            ]
        case .lossRising: return [.learningRate, .zeroGrad, .shuffle, .sorted, .momentum]
        case .generalizationGap:
            return [
                .labels, .validationPreprocessing, .evaluationMode, .dropout, .normalization, .weightDecay,
                .backboneLearningRate, .freeze, .pretrained,
            ]
        case .inputsUnscaled: return [.standardize]
        case .validationScaleMismatch: return [.validationPreprocessing]
        case .rowsOrderedByClass: return [.shuffle, .sorted]
        case .gradientsNeverCleared: return [.zeroGrad]
        case .evaluatedInTrainingMode: return [.evaluationMode]
        case .softmaxBeforeLoss: return [.outputSoftmax]
        case .naiveLogSoftmax: return [.loss]
        case .labelsPermuted: return [.labels]
        case .rowsNeverShuffled: return [.shuffle, .sorted]
        case .validationNotStandardized: return [.validationPreprocessing]
        case .inputsNotStandardized: return [.standardize]
        case .unusualInitialization: return [.initialization, .biasInit, .recurrentInit]
        case .coupledWeightDecay: return [.optimizer, .weightDecay]
        case .extremeLearningRate: return [.learningRate]
        case .unscaledAttention: return [.attentionScale, .keyDimension]
        case .positionsMissing: return [.positions]
        case .postNormWithoutWarmup: return [.normPlacement, .warmup]
        case .padsUnmasked: return [.paddingMask]
        case .generationFails, .futureVisible: return [.causal]
        case .initialLossOff: return [.initialization, .biasInit, .standardize, .outputSoftmax, .loss]
        case .cannotMemorize:
            return [
                .learningRate, .activation, .initialization, .biasInit, .loss, .outputSoftmax, .optimizer,
                .weightDecay, .zeroGrad, .architecture, .attentionScale, .channels, .kernel, .stride, .pooling,
                .poolEvery, .head, .residual, .standardize,
            ]
        case .evaluationUnstable:
            return [.evaluationMode, .dropout, .normalization, .evaluationBatch, .collate, .paddingMask]
        case .batchScrambled: return [.collate]
        case .predictsOneClass:
            return [
                .standardize, .validationPreprocessing, .sorted, .shuffle, .biasInit, .outputSoftmax, .labels,
                .initialization, .learningRate, .collate,
            ]
        case .trainValidationDisagree: return [.labels, .validationPreprocessing, .evaluationMode]
        case .predictionsFlat: return [.architecture, .recurrentInit, .learningRate]
        case .gradientsVanish:
            return [.activation, .initialization, .architecture, .normalization, .residual, .normPlacement]
        case .gradientsExplode: return [.initialization, .learningRate, .clip, .recurrentInit, .standardize]
        case .gradientsZero: return [.biasInit, .activation, .initialization]
        case .deadUnits: return [.biasInit, .activation, .initialization, .standardize]
        case .saturatedUnits: return [.initialization, .activation, .standardize]
        case .identicalUnits: return [.initialization]
        case .updatesTooLarge:
            // Warm-up and schedule too: they set the rate of the first steps, where updates are largest.
            return [
                .learningRate, .optimizer, .momentum, .zeroGrad, .weightDecay, .backboneLearningRate, .freeze, .warmup,
                .schedule,
            ]
        case .updatesTooSmall: return [.learningRate, .optimizer]
        case .nonFiniteValues: return [.loss, .learningRate, .clip, .standardize, .recurrentInit, .zeroGrad]
        case .vanishingThroughTime: return [.architecture, .recurrentInit]
        case .explodingThroughTime: return [.recurrentInit, .clip, .learningRate]
        case .attentionSaturated: return [.attentionScale, .keyDimension, .initialization]
        case .receptiveFieldTooSmall: return [.channels, .kernel, .stride, .pooling, .poolEvery, .head]
        case .learningRateFarFromSuggestion: return [.learningRate]
        case .noLearningRateHelps:
            return [
                .initialization, .biasInit, .activation, .labels, .outputSoftmax, .attentionScale, .architecture,
                .channels, .pooling, .head, .residual,
            ]
        }
    }
}

/// The part of every diagnostic's record the grader reads: its findings, and whether the
/// check could apply to this model at all.
public struct DiagnosticFindings: Codable, Sendable {
    public var findings: [Finding]?
    /// False when the check cannot bear on this model (`attention` on an MLP).
    public var applies: Bool?
}
