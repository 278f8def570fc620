import ConvergeSession
import ConvergeSupport
import XCTest

/// Every alarm an instrument can raise, with a case where it must fire and one where it must
/// stay quiet. Where the bug has a cure, the quiet case is the same scenario cured, so the
/// alarm is shown to follow the bug rather than the data set.
final class AlarmTableTests: XCTestCase {
    /// One reading: a scenario, the commands that prepare it, the command read, and whether
    /// the signal must come out abnormal.
    struct Reading {
        var signal: Signal
        var scenario: String
        var before: [String] = []
        var command: String
        var fires: Bool
    }

    static func fires(_ signal: Signal, _ scenario: String, _ command: String, after before: [String] = [])
        -> Reading
    {
        Reading(signal: signal, scenario: scenario, before: before, command: command, fires: true)
    }

    static func quiet(_ signal: Signal, _ scenario: String, _ command: String, after before: [String] = [])
        -> Reading
    {
        Reading(signal: signal, scenario: scenario, before: before, command: command, fires: false)
    }

    static let table: [Reading] = [
        // The curves.
        fires(.lossDiverged, "lr-too-high", "curve"),
        quiet(.lossDiverged, "lr-too-high", "curve", after: ["set lr 0.01", "run"]),
        fires(.lossFlat, "dead-relu", "curve"),
        quiet(.lossFlat, "batchnorm-eval", "curve"),
        fires(.lossRising, "missing-zero-grad", "curve"),
        quiet(.lossRising, "missing-zero-grad", "curve", after: ["set zero-grad on", "run"]),
        fires(.generalizationGap, "shuffled-labels", "curve"),
        quiet(.generalizationGap, "adam-l2-decay", "curve"),
        // The data.
        fires(.inputsUnscaled, "unnormalized-inputs", "data"),
        quiet(.inputsUnscaled, "unnormalized-inputs", "data", after: ["set standardize on"]),
        fires(.validationScaleMismatch, "val-preprocessing-mismatch", "data"),
        quiet(
            .validationScaleMismatch, "val-preprocessing-mismatch", "data", after: ["set val-preprocessing train-stats"]
        ),
        fires(.rowsOrderedByClass, "sorted-no-shuffle", "data"),
        quiet(.rowsOrderedByClass, "adam-l2-decay", "data"),
        fires(.batchScrambled, "batch-mixing-reshape", "data batch"),
        quiet(.batchScrambled, "batch-mixing-reshape", "data batch", after: ["set collate permute"]),
        // The script and the settings.
        fires(.gradientsNeverCleared, "missing-zero-grad", "code"),
        quiet(.gradientsNeverCleared, "missing-zero-grad", "code", after: ["set zero-grad on"]),
        fires(.evaluatedInTrainingMode, "dropout-at-eval", "code"),
        quiet(.evaluatedInTrainingMode, "dropout-at-eval", "code", after: ["set eval-mode eval"]),
        fires(.softmaxBeforeLoss, "softmax-before-ce", "code"),
        quiet(.softmaxBeforeLoss, "softmax-before-ce", "code", after: ["set output-softmax off"]),
        fires(.naiveLogSoftmax, "nan-log-softmax", "code"),
        quiet(.naiveLogSoftmax, "nan-log-softmax", "code", after: ["set loss cross_entropy"]),
        fires(.labelsPermuted, "shuffled-labels", "code"),
        quiet(.labelsPermuted, "shuffled-labels", "code", after: ["set labels aligned"]),
        fires(.rowsNeverShuffled, "sorted-no-shuffle", "code"),
        quiet(.rowsNeverShuffled, "sorted-no-shuffle", "code", after: ["set shuffle on"]),
        fires(.validationNotStandardized, "val-preprocessing-mismatch", "code"),
        quiet(
            .validationNotStandardized, "val-preprocessing-mismatch", "code",
            after: ["set val-preprocessing train-stats"]),
        fires(.inputsNotStandardized, "unnormalized-inputs", "code"),
        quiet(.inputsNotStandardized, "unnormalized-inputs", "code", after: ["set standardize on"]),
        // One-hot tokens are on a fixed scale: not standardising them is right.
        quiet(.inputsNotStandardized, "missing-positions", "code"),
        fires(.unusualInitialization, "zero-init", "config"),
        quiet(.unusualInitialization, "zero-init", "config", after: ["set init default"]),
        fires(.coupledWeightDecay, "adam-l2-decay", "config"),
        quiet(.coupledWeightDecay, "adam-l2-decay", "config", after: ["set optimizer adamw"]),
        fires(.extremeLearningRate, "lr-too-high", "config"),
        quiet(.extremeLearningRate, "lr-too-high", "config", after: ["set lr 0.01"]),
        fires(.unscaledAttention, "attention-no-scale", "code"),
        quiet(.unscaledAttention, "attention-no-scale", "code", after: ["set attention-scale on"]),
        fires(.positionsMissing, "missing-positions", "code"),
        quiet(.positionsMissing, "missing-positions", "code", after: ["set positions learned"]),
        fires(.postNormWithoutWarmup, "postln-no-warmup", "code"),
        quiet(.postNormWithoutWarmup, "postln-no-warmup", "code", after: ["set warmup 60"]),
        quiet(.postNormWithoutWarmup, "postln-no-warmup", "code", after: ["set norm-placement pre"]),
        fires(.padsUnmasked, "padding-mask-missing", "code"),
        quiet(.padsUnmasked, "padding-mask-missing", "code", after: ["set padding-mask on"]),
        fires(.padsUnmasked, "padding-mask-missing", "eval"),
        quiet(.padsUnmasked, "padding-mask-missing", "eval", after: ["set padding-mask on", "run"]),
        fires(.futureVisible, "causal-mask-missing", "code"),
        quiet(.futureVisible, "causal-mask-missing", "code", after: ["set causal on"]),
        fires(.generationFails, "causal-mask-missing", "generate"),
        quiet(.generationFails, "causal-mask-missing", "generate", after: ["set causal on", "run"]),
        // Sanity checks.
        fires(.initialLossOff, "pixel-scale", "init-loss"),
        quiet(.initialLossOff, "pixel-scale", "init-loss", after: ["set standardize on"]),
        fires(.cannotMemorize, "dead-relu", "overfit-batch"),
        quiet(.cannotMemorize, "batchnorm-eval", "overfit-batch"),
        // A loss that fell and then levelled off is not "still falling".
        fires(.cannotMemorize, "unnormalized-inputs", "overfit-batch"),
        quiet(.cannotMemorize, "unnormalized-inputs", "overfit-batch", after: ["set standardize on"]),
        fires(.evaluationUnstable, "dropout-at-eval", "eval"),
        quiet(.evaluationUnstable, "dropout-at-eval", "eval", after: ["set eval-mode eval", "run"]),
        fires(.predictsOneClass, "dead-relu", "predict"),
        quiet(.predictsOneClass, "adam-l2-decay", "predict"),
        fires(.trainValidationDisagree, "shuffled-labels", "predict"),
        quiet(.trainValidationDisagree, "shuffled-labels", "predict", after: ["set labels aligned", "run"]),
        fires(.predictionsFlat, "rnn-vanishing", "predict"),
        quiet(.predictionsFlat, "rnn-vanishing", "predict", after: ["set architecture lstm", "run"]),
        // Instruments.
        fires(.gradientsVanish, "vanishing-sigmoid", "grad-norms"),
        quiet(.gradientsVanish, "vanishing-sigmoid", "grad-norms", after: ["set activation relu", "set init he"]),
        fires(
            .gradientsExplode, "vanishing-sigmoid", "grad-norms", after: ["set activation tanh", "set init normal:1"]),
        quiet(.gradientsExplode, "vanishing-sigmoid", "grad-norms", after: ["set activation relu", "set init he"]),
        // No gradient at all is not an explosion (0/0).
        quiet(.gradientsExplode, "zero-init", "grad-norms"),
        fires(.gradientsZero, "dead-relu", "grad-norms"),
        quiet(.gradientsZero, "dead-relu", "grad-norms", after: ["set bias-init default"]),
        fires(.deadUnits, "dead-relu", "activations"),
        quiet(.deadUnits, "dead-relu", "activations", after: ["set bias-init default"]),
        fires(.saturatedUnits, "saturating-init", "activations"),
        quiet(.saturatedUnits, "saturating-init", "activations", after: ["set init default"]),
        fires(.identicalUnits, "zero-init", "weights"),
        quiet(.identicalUnits, "zero-init", "weights", after: ["set init default", "run"]),
        fires(.updatesTooLarge, "adam-l2-decay", "update-ratio"),
        quiet(.updatesTooLarge, "lr-too-low", "update-ratio"),
        fires(.updatesTooSmall, "lr-too-low", "update-ratio"),
        quiet(.updatesTooSmall, "lr-too-low", "update-ratio", after: ["set lr 0.1"]),
        // Adam at 1e-4 with one faster layer (the attention output) is still too slow; a deep
        // sigmoid net whose last layer moves at a healthy rate has vanishing gradients instead.
        fires(.updatesTooSmall, "attention-no-scale-low-lr", "update-ratio"),
        quiet(.updatesTooSmall, "vanishing-sigmoid", "update-ratio"),
        fires(.nonFiniteValues, "lr-too-high", "nan-check"),
        quiet(.nonFiniteValues, "lr-too-high", "nan-check", after: ["set lr 0.01", "run"]),
        fires(.vanishingThroughTime, "rnn-vanishing", "grad-through-time"),
        quiet(.vanishingThroughTime, "rnn-vanishing", "grad-through-time", after: ["set architecture lstm"]),
        // At init an LSTM's state gradient fades too; trained, its gates carry it.
        quiet(.vanishingThroughTime, "rnn-vanishing", "grad-through-time", after: ["set architecture lstm", "run"]),
        fires(.vanishingThroughTime, "rnn-vanishing", "grad-through-time", after: ["run"]),
        fires(.explodingThroughTime, "rnn-exploding", "grad-through-time"),
        quiet(.explodingThroughTime, "rnn-vanishing", "grad-through-time"),
        fires(.attentionSaturated, "attention-no-scale", "attention"),
        quiet(.attentionSaturated, "attention-no-scale", "attention", after: ["set attention-scale on"]),
        fires(.receptiveFieldTooSmall, "receptive-field-too-small", "receptive-field"),
        quiet(.receptiveFieldTooSmall, "receptive-field-too-small", "receptive-field", after: ["set pooling max"]),
        // The range test.
        fires(.learningRateFarFromSuggestion, "lr-too-low", "lr-find"),
        quiet(.learningRateFarFromSuggestion, "lr-too-low", "lr-find", after: ["set lr 0.05"]),
        fires(.noLearningRateHelps, "attention-no-scale", "lr-find"),
        quiet(.noLearningRateHelps, "attention-no-scale", "lr-find", after: ["set attention-scale on"]),
    ]

    func testEverySignalHasACaseThatFiresAndOneThatStaysQuiet() {
        for signal in Signal.allCases {
            XCTAssertTrue(Self.table.contains { $0.signal == signal && $0.fires }, "\(signal.rawValue) never fires")
            XCTAssertTrue(Self.table.contains { $0.signal == signal && !$0.fires }, "\(signal.rawValue) never quiet")
        }
    }

    func testEveryAlarmFiresWhereItShouldAndNowhereElse() throws {
        // One session per scenario and preparation: the readings after it share it.
        let groups = Dictionary(grouping: Self.table) { "\($0.scenario) after \($0.before)" }
        for key in groups.keys.sorted() {
            let readings = try XCTUnwrap(groups[key])
            let s = try session(readings[0].scenario)
            for command in readings[0].before {
                let result = s.execute(command)
                XCTAssertFalse(result.isError, "\(key): \(command): \(result.text)")
            }
            var findings: [String: [Finding]] = [:]
            for reading in readings {
                if findings[reading.command] == nil {
                    let result = s.execute(reading.command)
                    XCTAssertFalse(result.isError, "\(key): \(reading.command): \(result.text)")
                    let recorded = result.value("findings") ?? .array([])
                    findings[reading.command] = try recorded.decoded(as: [Finding].self)
                }
                let abnormal =
                    findings[reading.command]?.contains { $0.signal == reading.signal && $0.abnormal } == true
                XCTAssertEqual(
                    abnormal, reading.fires,
                    "\(reading.signal.rawValue) on \(key), `\(reading.command)`: expected it to "
                        + (reading.fires ? "fire" : "stay quiet"))
                if reading.fires {
                    XCTAssertTrue(
                        findings[reading.command]?.contains { $0.signal == reading.signal } == true,
                        "\(reading.command) does not report \(reading.signal.rawValue)")
                }
            }
        }
    }
}
