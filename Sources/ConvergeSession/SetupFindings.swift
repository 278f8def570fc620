import ConvergeScenarios

/// What reading the training script (`code`) or the settings (`config`) shows: lines a
/// reviewer would question. Both show the same code-level choices; the settings also show
/// the learning rate and the attention scale.
enum SetupFindings {
    /// The findings of the PyTorch script.
    static func inScript(_ setup: Setup) -> [Finding] {
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
        return [
            Finding(.gradientsNeverCleared, abnormal: !setup.zeroGrad),
            Finding(.evaluatedInTrainingMode, abnormal: setup.evaluationMode == .training),
            Finding(.softmaxBeforeLoss, abnormal: setup.outputSoftmax),
            Finding(.naiveLogSoftmax, abnormal: setup.loss == .naiveLogSoftmax),
            Finding(.labelsPermuted, abnormal: !setup.labelsAligned),
            Finding(.rowsNeverShuffled, abnormal: !setup.shuffle),
            Finding(.validationNotStandardized, abnormal: setup.standardize && setup.validationPreprocessing == .raw),
            Finding(.inputsNotStandardized, abnormal: !setup.standardize),
            Finding(.unusualInitialization, abnormal: unusualWeights || unusualBias),
            Finding(.coupledWeightDecay, abnormal: setup.optimizer == .adam && setup.weightDecay > 0),
        ]
    }

    /// The findings of the settings table: the script's, the recurrent initialisation, a
    /// learning rate far from the usual range, and unscaled attention.
    static func inSettings(_ setup: Setup) -> [Finding] {
        var findings = inScript(setup)
        if setup.recurrentInit != .pytorchDefault,
            let index = findings.firstIndex(where: { $0.signal == .unusualInitialization })
        {
            findings[index].abnormal = true
        }
        let extreme = setup.learningRate >= 1 || setup.learningRate <= 1e-4
        findings.append(Finding(.extremeLearningRate, abnormal: extreme))
        if setup.architecture == .attention {
            findings.append(Finding(.unscaledAttention, abnormal: !setup.attentionScaled))
        }
        return findings
    }
}
