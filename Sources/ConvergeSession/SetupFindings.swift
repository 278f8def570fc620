import ConvergeScenarios

/// What reading the training script (`code`) or the settings (`config`) shows: lines a
/// reviewer would question. Both show the same code-level choices; the settings also show
/// the learning rate and the attention scale.
enum SetupFindings {
    /// The findings of the PyTorch script: every choice of the setup, as code, for `data`.
    static func inScript(_ setup: Setup, data: DataSpec) -> [Finding] {
        var findings = [
            Finding(.gradientsNeverCleared, abnormal: !setup.zeroGrad),
            Finding(.evaluatedInTrainingMode, abnormal: setup.evaluationMode == .training),
            Finding(.softmaxBeforeLoss, abnormal: setup.outputSoftmax),
            Finding(.naiveLogSoftmax, abnormal: setup.loss == .naiveLogSoftmax),
            Finding(.labelsPermuted, abnormal: !setup.labelsAligned),
            Finding(.rowsNeverShuffled, abnormal: !setup.shuffle),
            Finding(.validationNotStandardized, abnormal: setup.standardize && setup.validationPreprocessing == .raw),
        ]
        // One-hot tokens are on a fixed scale already: leaving them unstandardised is right.
        if !data.holdsTokens { findings.append(Finding(.inputsNotStandardized, abnormal: !setup.standardize)) }
        if setup.architecture == .attention {
            findings.append(Finding(.unscaledAttention, abnormal: !setup.attentionScaled))
        }
        if setup.architecture == .transformer {
            findings.append(Finding(.positionsMissing, abnormal: setup.positions == .none))
            findings.append(
                Finding(.postNormWithoutWarmup, abnormal: setup.normPlacement == .post && setup.warmup == 0))
            if data.holdsPaddedSequences { findings.append(Finding(.padsUnmasked, abnormal: !setup.paddingMask)) }
            if data.holdsLanguage { findings.append(Finding(.futureVisible, abnormal: !setup.causal)) }
        }
        if setup.collate != .standard {
            findings.append(Finding(.batchScrambled, abnormal: setup.collate == .view))
        }
        return findings + inConfiguration(setup)
    }

    /// The findings of the configuration file (`config`): an unusual initialisation, a
    /// learning rate far from the usual range, L2 weight decay inside Adam. Nothing that is a
    /// line of code.
    static func inSettings(_ setup: Setup) -> [Finding] {
        inConfiguration(setup)
    }

    private static func inConfiguration(_ setup: Setup) -> [Finding] {
        let unusualWeights: Bool
        switch setup.weightInit {
        case .zeros, .constant: unusualWeights = true
        case .normal(let deviation): unusualWeights = deviation >= 0.5
        case .pytorchDefault, .xavier, .he: unusualWeights = false
        }
        let unusualBias: Bool
        switch setup.hiddenBiasInit {
        case .constant(let value): unusualBias = Swift.abs(value) >= 1
        case .normal(let deviation): unusualBias = deviation >= 0.5
        case .pytorchDefault, .zeros, .xavier, .he: unusualBias = false
        }
        let extreme = setup.learningRate >= 1 || setup.learningRate <= 1e-4
        return [
            Finding(
                .unusualInitialization,
                abnormal: unusualWeights || unusualBias || setup.recurrentInit != .pytorchDefault),
            Finding(.coupledWeightDecay, abnormal: setup.optimizer == .adam && setup.weightDecay > 0),
            Finding(.extremeLearningRate, abnormal: extreme),
        ]
    }
}
