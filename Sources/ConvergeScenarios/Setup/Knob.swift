import ConvergeEngine
import ConvergeSupport

/// One thing a candidate can change with `set NAME VALUE`, and a scenario file can fix.
///
/// The table of knobs is data: the session's `set`, its help and completion, the scenario
/// loader and the `diff` all read it.
public struct Knob: Sendable {
    /// Which knob this is; its raw value is the name typed after `set`.
    public let id: KnobID
    /// Whether changing it restructures the model or the loss (tier 4) rather than tunes (tier 3).
    public let restructures: Bool
    /// The allowed values, in words, for help and error messages.
    public let allowed: String
    /// What the knob controls.
    public let summary: String
    let read: @Sendable (Setup) -> String
    let write: @Sendable (inout Setup, String) -> Bool

    /// The name typed after `set`.
    public var name: String { id.rawValue }

    /// The current value in the form `set` accepts.
    public func value(in setup: Setup) -> String { read(setup) }

    /// Applies `text` to `setup`; throws a message naming the allowed values when it does not parse.
    public func apply(_ text: String, to setup: inout Setup) throws {
        var candidate = setup
        guard write(&candidate, text.trimmingCharacters(in: .whitespaces)) else {
            throw KnobError(knob: name, value: text, allowed: allowed)
        }
        setup = candidate
    }

    /// A finite decimal number as a person types it (`0.1`, `-5`, `1e-4`): not hexadecimal
    /// (`0x10`), not `nan` or `inf`, not two numbers run together.
    public static func decimal(_ text: String) -> Float? {
        guard !text.isEmpty, text.allSatisfy({ "0123456789.eE+-".contains($0) }), let value = Float(text),
            value.isFinite
        else { return nil }
        return value
    }

    /// `16,32`, or `16x12` for a run of equal entries: a list as a person types it.
    static func repeatedList(_ text: String) -> [Int]? {
        var values: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.trimmingCharacters(in: .whitespaces).lowercased().split(
                separator: "x", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count), let value = Int(pieces[0]) else { return nil }
            let repeats = pieces.count == 2 ? Int(pieces[1]) : 1
            guard value >= 0 else { return nil }
            guard let repeats, (1...64).contains(repeats), values.count + repeats <= 64 else { return nil }
            values += Array(repeating: value, count: repeats)
        }
        return values.isEmpty ? nil : values
    }

    /// The inverse of `repeatedList`: runs of three or more equal entries as `16x12`.
    static func compactList(_ values: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < values.count {
            var end = index
            while end + 1 < values.count && values[end + 1] == values[index] { end += 1 }
            let run = end - index + 1
            parts += run >= 3 ? ["\(values[index])x\(run)"] : Array(repeating: String(values[index]), count: run)
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// Every knob, in the order `config` and `diff` show them.
    public static let all: [Knob] = KnobID.allCases.map(\.knob)

    /// The knob called `name` (accepting `_` for `-`).
    public static func named(_ name: String) -> Knob? {
        KnobID(typed: name)?.knob
    }
}

/// A `set` that did not parse.
public struct KnobError: Error, CustomStringConvertible, Sendable {
    public var knob: String
    public var value: String
    public var allowed: String
    public var description: String { "'\(value)' is not a valid \(knob): expected \(allowed)" }
}

// MARK: - The table

private func switchKnob(
    _ id: KnobID, restructures: Bool = false, _ summary: String, _ path: WritableKeyPath<Setup, Bool> & Sendable
) -> Knob {
    Knob(
        id: id, restructures: restructures, allowed: "on or off", summary: summary,
        read: { $0[keyPath: path] ? "on" : "off" },
        write: { setup, text in
            switch text.lowercased() {
            case "on", "true", "yes", "1": setup[keyPath: path] = true
            case "off", "false", "no", "0": setup[keyPath: path] = false
            default: return false
            }
            return true
        })
}

private func numberKnob(
    _ id: KnobID, restructures: Bool = false, _ summary: String, _ path: WritableKeyPath<Setup, Float> & Sendable,
    range: ClosedRange<Float>, allowed: String
) -> Knob {
    Knob(
        id: id, restructures: restructures, allowed: allowed, summary: summary,
        read: { Format.setting($0[keyPath: path]) },
        write: { setup, text in
            guard let value = Knob.decimal(text), range.contains(value) else { return false }
            setup[keyPath: path] = value
            return true
        })
}

private func integerKnob(
    _ id: KnobID, restructures: Bool = false, _ summary: String, _ path: WritableKeyPath<Setup, Int> & Sendable,
    range: ClosedRange<Int>
) -> Knob {
    Knob(
        id: id, restructures: restructures, allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)",
        summary: summary,
        read: { String($0[keyPath: path]) },
        write: { setup, text in
            guard let value = Int(text), range.contains(value) else { return false }
            setup[keyPath: path] = value
            return true
        })
}

private func choiceKnob<Choice: SettingChoice>(
    _ id: KnobID, restructures: Bool = false, _ summary: String, _ path: WritableKeyPath<Setup, Choice> & Sendable
) -> Knob {
    Knob(
        id: id, restructures: restructures, allowed: Choice.allowedText, summary: summary,
        read: { $0[keyPath: path].rawValue },
        write: { setup, text in
            guard let choice = Choice(typed: text) else { return false }
            setup[keyPath: path] = choice
            return true
        })
}

extension Knob {
    /// The row of one knob. A switch, so a new `KnobID` without a row does not compile.
    static func table(for id: KnobID) -> Knob {
        switch id {
        case .standardize:
            return switchKnob(.standardize, "standardise inputs with the training set's mean and std", \.standardize)
        case .validationPreprocessing:
            return Knob(
                id: .validationPreprocessing, restructures: false, allowed: "train-stats or raw",
                summary: "how validation inputs are preprocessed",
                read: { $0.validationPreprocessing.rawValue },
                write: { setup, text in
                    guard let value = Setup.ValidationPreprocessing(rawValue: text.lowercased()) else { return false }
                    setup.validationPreprocessing = value
                    return true
                })
        case .labels:
            return Knob(
                id: .labels, restructures: false, allowed: "aligned or shuffled",
                summary: "whether training labels stay attached to their inputs",
                read: { $0.labelsAligned ? "aligned" : "shuffled" },
                write: { setup, text in
                    switch text.lowercased() {
                    case "aligned": setup.labelsAligned = true
                    case "shuffled": setup.labelsAligned = false
                    default: return false
                    }
                    return true
                })
        case .shuffle:
            return switchKnob(.shuffle, "reshuffle the training rows every epoch", \.shuffle)
        case .sorted:
            return switchKnob(.sorted, "present training rows sorted by class", \.sortedByClass)
        case .collate:
            return choiceKnob(.collate, "how the loader assembles each batch", \.collate)
        case .architecture:
            return choiceKnob(
                .architecture, restructures: true, "the model family (sequence models read every time step)",
                \.architecture)
        case .recurrentInit:
            return Knob(
                id: .recurrentInit, restructures: false, allowed: "default or normal:STD",
                summary: "initialisation of an RNN's recurrent weights",
                read: { $0.recurrentInit.description },
                write: { setup, text in
                    guard let scheme = InitScheme(text),
                        scheme == .pytorchDefault
                            || { if case .normal = scheme { return true } else { return false } }()
                    else { return false }
                    setup.recurrentInit = scheme
                    return true
                })
        case .attentionScale:
            return switchKnob(
                .attentionScale, restructures: true, "divide attention scores by the square root of d_k",
                \.attentionScaled)
        case .keyDimension:
            return integerKnob(
                .keyDimension, restructures: true, "query and key width of the attention layer", \.keyDimension,
                range: 1...512)
        case .hidden:
            return Knob(
                id: .hidden, restructures: true, allowed: "comma-separated widths from 1 to 1024, for example 64,64",
                summary: "widths of the hidden layers",
                read: { $0.hidden.map(String.init).joined(separator: ",") },
                write: { setup, text in
                    let widths = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                    guard !widths.isEmpty, widths.count <= 12,
                        widths.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1024 })
                    else { return false }
                    setup.hidden = widths.compactMap { $0 }
                    return true
                })
        case .blocks:
            return integerKnob(.blocks, restructures: true, "Transformer blocks", \.blocks, range: 1...12)
        case .heads:
            return integerKnob(
                .heads, restructures: true, "attention heads per block (they split the width)", \.heads, range: 1...16)
        case .feedForwardWidth:
            return integerKnob(
                .feedForwardWidth, restructures: true, "width of each block's MLP", \.feedForwardWidth, range: 1...1024)
        case .positions:
            return choiceKnob(
                .positions, restructures: true, "positional information added to the token vectors", \.positions)
        case .normPlacement:
            return choiceKnob(
                .normPlacement, restructures: true, "layer norms before each sublayer (pre) or after each sum (post)",
                \.normPlacement)
        case .causal:
            return switchKnob(.causal, restructures: true, "hide later steps from each step's attention", \.causal)
        case .paddingMask:
            return switchKnob(
                .paddingMask, restructures: true, "hide padded steps from attention and from the mean", \.paddingMask)
        case .channels:
            return Knob(
                id: .channels, restructures: true,
                allowed:
                    "comma-separated channel counts from 1 to 256, at most 24 layers (16,32; 16x12 repeats 16 twelve times)",
                summary: "output channels of each convolution",
                read: { Knob.compactList($0.channels) },
                write: { setup, text in
                    guard let channels = Knob.repeatedList(text), channels.count <= 24,
                        channels.allSatisfy({ (1...256).contains($0) })
                    else { return false }
                    setup.channels = channels
                    return true
                })
        case .kernel:
            return Knob(
                id: .kernel, restructures: true, allowed: "1, 3, 5 or 7", summary: "height and width of each kernel",
                read: { String($0.kernelSize) },
                write: { setup, text in
                    guard let size = Int(text), [1, 3, 5, 7].contains(size) else { return false }
                    setup.kernelSize = size
                    return true
                })
        case .stride:
            return Knob(
                id: .stride, restructures: true, allowed: "1 or 2",
                summary: "step of each convolution (2 halves the image)",
                read: { String($0.stride) },
                write: { setup, text in
                    guard let stride = Int(text), [1, 2].contains(stride) else { return false }
                    setup.stride = stride
                    return true
                })
        case .pooling:
            return choiceKnob(.pooling, restructures: true, "2x2 downsampling between convolutions", \.pooling)
        case .poolEvery:
            return integerKnob(
                .poolEvery, restructures: true, "convolutions between two poolings", \.poolEvery, range: 1...24)
        case .residual:
            return switchKnob(
                .residual, restructures: true, "a skip connection around each pair of convolutions", \.residual)
        case .head:
            return choiceKnob(.head, restructures: true, "how the last feature maps reach the read-out", \.head)
        case .pretrained:
            return switchKnob(
                .pretrained, restructures: true, "start the convolutions from the project's pretrained backbone",
                \.pretrained)
        case .backboneLearningRate:
            return Knob(
                id: .backboneLearningRate, restructures: false, allowed: "same (as lr) or a number from 1e-7 to 100",
                summary: "learning rate of every layer but the read-out",
                read: { $0.backboneLearningRate.map(Format.setting) ?? "same" },
                write: { setup, text in
                    if text.lowercased() == "same" {
                        setup.backboneLearningRate = nil
                        return true
                    }
                    guard let value = Knob.decimal(text), (1e-7...100).contains(value) else { return false }
                    setup.backboneLearningRate = value
                    return true
                })
        case .freeze:
            return Knob(
                id: .freeze, restructures: false, allowed: "off, all, or a number of epochs from 1 to 200",
                summary: "epochs for which every layer but the read-out stays frozen",
                read: {
                    switch $0.frozenBackboneEpochs {
                    case 0: return "off"
                    case Int.max: return "all"
                    case let epochs: return String(epochs)
                    }
                },
                write: { setup, text in
                    switch text.lowercased() {
                    case "off", "0", "none": setup.frozenBackboneEpochs = 0
                    case "all", "on": setup.frozenBackboneEpochs = Int.max
                    default:
                        guard let epochs = Int(text), (1...200).contains(epochs) else { return false }
                        setup.frozenBackboneEpochs = epochs
                    }
                    return true
                })
        case .activation:
            return choiceKnob(.activation, restructures: true, "hidden activation", \.activation)
        case .initialization:
            return Knob(
                id: .initialization, restructures: false,
                allowed: "default, zeros, constant:V, normal:STD, xavier or he",
                summary: "weight initialisation",
                read: { $0.weightInit.description },
                write: { setup, text in
                    guard let scheme = InitScheme(text) else { return false }
                    setup.weightInit = scheme
                    return true
                })
        case .biasInit:
            return Knob(
                id: .biasInit, restructures: false, allowed: "default, zeros, constant:V or normal:STD",
                summary: "hidden-layer bias initialisation",
                read: { $0.hiddenBiasInit.description },
                write: { setup, text in
                    guard let scheme = InitScheme(text), scheme != .xavier, scheme != .he else { return false }
                    setup.hiddenBiasInit = scheme
                    return true
                })
        case .dropout:
            return numberKnob(
                .dropout, restructures: true, "dropout probability after each hidden activation", \.dropout,
                range: 0...0.95, allowed: "a probability from 0 to 0.95")
        case .normalization:
            return choiceKnob(
                .normalization, restructures: true, "normalisation after each hidden layer or convolution",
                \.normalization)
        case .outputSoftmax:
            return switchKnob(
                .outputSoftmax, restructures: true, "a softmax layer at the output, before the loss", \.outputSoftmax)
        case .loss:
            return choiceKnob(.loss, restructures: true, "the loss function", \.loss)
        case .optimizer:
            return choiceKnob(.optimizer, "the optimizer", \.optimizer)
        case .learningRate:
            return numberKnob(
                .learningRate, "learning rate", \.learningRate, range: 1e-7...100, allowed: "a number from 1e-7 to 100")
        case .momentum:
            return numberKnob(
                .momentum, "SGD momentum", \.momentum, range: 0...0.999, allowed: "a number from 0 to 0.999")
        case .weightDecay:
            return numberKnob(
                .weightDecay, "weight decay (L2 for sgd and adam, decoupled for adamw)", \.weightDecay,
                range: 0...10, allowed: "a number from 0 to 10")
        case .batch:
            return integerKnob(.batch, "mini-batch size", \.batchSize, range: 1...4096)
        case .epochs:
            return integerKnob(.epochs, "passes over the training set", \.epochs, range: 1...200)
        case .clip:
            return Knob(
                id: .clip, restructures: false, allowed: "none or a global-norm threshold above 0",
                summary: "gradient clipping by global norm",
                read: { $0.clip.map(Format.setting) ?? "none" },
                write: { setup, text in
                    if text.lowercased() == "none" || text.lowercased() == "off" {
                        setup.clip = nil
                        return true
                    }
                    guard let value = Knob.decimal(text), value > 0 else { return false }
                    setup.clip = value
                    return true
                })
        case .warmup:
            return integerKnob(.warmup, "linear learning-rate warm-up steps", \.warmup, range: 0...100_000)
        case .schedule:
            return choiceKnob(.schedule, "learning-rate schedule after warm-up", \.schedule)
        case .zeroGrad:
            return switchKnob(.zeroGrad, "clear gradients before every step", \.zeroGrad)
        case .evaluationMode:
            return Knob(
                id: .evaluationMode, restructures: false, allowed: "eval or train",
                summary: "the mode the model is evaluated in (model.eval() or not)",
                read: { $0.evaluationMode == .evaluation ? "eval" : "train" },
                write: { setup, text in
                    switch text.lowercased() {
                    case "eval", "evaluation": setup.evaluationMode = .evaluation
                    case "train", "training": setup.evaluationMode = .training
                    default: return false
                    }
                    return true
                })
        case .evaluationBatch:
            return integerKnob(.evaluationBatch, "rows per evaluation pass", \.evaluationBatchSize, range: 1...100_000)
        case .seed:
            return Knob(
                id: .seed, restructures: false, allowed: "a whole number from 0 to \(Setup.largestSeed)",
                summary: "random seed of the initialisation, the batches and dropout",
                read: { String($0.seed) },
                write: { setup, text in
                    guard let value = UInt64(text), value <= Setup.largestSeed else { return false }
                    setup.seed = value
                    return true
                })
        }
    }
}
