/// One thing a candidate can change with `set NAME VALUE`, and a scenario file can fix.
///
/// The table of knobs is data: the session's `set`, its help and completion, the scenario
/// loader and the `diff` all read it, so adding a knob is adding a row.
public struct Knob: Sendable {
    /// The name typed after `set`.
    public let name: String
    /// 3 for tuning (hyper-parameters and pipeline switches), 4 for restructuring (model, loss).
    public let tier: Int
    /// The allowed values, in words, for help and error messages.
    public let allowed: String
    /// What the knob controls.
    public let summary: String
    let read: @Sendable (Setup) -> String
    let write: @Sendable (inout Setup, String) -> Bool

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

    /// Every knob, in the order `config` and `diff` show them.
    public static let all: [Knob] = dataKnobs + modelKnobs + trainingKnobs

    /// The knob called `name` (accepting `_` for `-`).
    public static func named(_ name: String) -> Knob? {
        let normalized = name.lowercased().replacingOccurrences(of: "_", with: "-")
        return all.first { $0.name == normalized }
    }

    /// A number as a candidate would type it: `0.1`, `3`, `1e-05`.
    public static func format(_ value: Float) -> String {
        if value == value.rounded() && Swift.abs(value) < 1e6 { return String(Int(value)) }
        return "\(value)"
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

private func switchKnob(_ name: String, tier: Int = 3, _ summary: String, _ path: WritableKeyPath<Setup, Bool> & Sendable) -> Knob {
    Knob(name: name, tier: tier, allowed: "on or off", summary: summary,
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
    _ name: String, tier: Int = 3, _ summary: String, _ path: WritableKeyPath<Setup, Float> & Sendable,
    range: ClosedRange<Float>, allowed: String
) -> Knob {
    Knob(name: name, tier: tier, allowed: allowed, summary: summary,
         read: { Knob.format($0[keyPath: path]) },
         write: { setup, text in
             guard let value = Float(text), range.contains(value) else { return false }
             setup[keyPath: path] = value
             return true
         })
}

private func integerKnob(
    _ name: String, tier: Int = 3, _ summary: String, _ path: WritableKeyPath<Setup, Int> & Sendable,
    range: ClosedRange<Int>
) -> Knob {
    Knob(name: name, tier: tier, allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)", summary: summary,
         read: { String($0[keyPath: path]) },
         write: { setup, text in
             guard let value = Int(text), range.contains(value) else { return false }
             setup[keyPath: path] = value
             return true
         })
}

private func choiceKnob(
    _ name: String, tier: Int = 3, _ summary: String, _ path: WritableKeyPath<Setup, String> & Sendable, choices: [String]
) -> Knob {
    Knob(name: name, tier: tier, allowed: "one of " + choices.joined(separator: ", "), summary: summary,
         read: { $0[keyPath: path] },
         write: { setup, text in
             let value = text.lowercased().replacingOccurrences(of: "-", with: "_")
             guard let choice = choices.first(where: { $0.replacingOccurrences(of: "-", with: "_") == value }) else { return false }
             setup[keyPath: path] = choice
             return true
         })
}

private let dataKnobs: [Knob] = [
    switchKnob("standardize", "standardise inputs with the training set's mean and std", \.standardize),
    Knob(name: "val-preprocessing", tier: 3, allowed: "train-stats or raw",
         summary: "how validation inputs are preprocessed",
         read: { $0.validationPreprocessing.rawValue },
         write: { setup, text in
             guard let value = Setup.ValidationPreprocessing(rawValue: text.lowercased()) else { return false }
             setup.validationPreprocessing = value
             return true
         }),
    Knob(name: "labels", tier: 3, allowed: "aligned or shuffled",
         summary: "whether training labels stay attached to their inputs",
         read: { $0.labelsAligned ? "aligned" : "shuffled" },
         write: { setup, text in
             switch text.lowercased() {
             case "aligned": setup.labelsAligned = true
             case "shuffled": setup.labelsAligned = false
             default: return false
             }
             return true
         }),
    switchKnob("shuffle", "reshuffle the training rows every epoch", \.shuffle),
    switchKnob("sorted", "present training rows sorted by class", \.sortedByClass),
]

private let modelKnobs: [Knob] = [
    choiceKnob("architecture", tier: 4, "the model family (sequence models read every time step)", \.architecture,
               choices: ["mlp", "rnn", "lstm", "attention"]),
    Knob(name: "recurrent-init", tier: 3, allowed: "default or normal:STD",
         summary: "initialisation of an RNN's recurrent weights",
         read: { $0.recurrentInit.description },
         write: { setup, text in
             guard let scheme = InitScheme(text), scheme == .pytorchDefault || { if case .normal = scheme { return true } else { return false } }() else { return false }
             setup.recurrentInit = scheme
             return true
         }),
    switchKnob("attention-scale", tier: 4, "divide attention scores by the square root of d_k", \.attentionScaled),
    integerKnob("d-k", tier: 4, "query and key width of the attention layer", \.keyDimension, range: 1...512),
    Knob(name: "hidden", tier: 4, allowed: "comma-separated widths from 1 to 1024, for example 64,64",
         summary: "widths of the hidden layers",
         read: { $0.hidden.map(String.init).joined(separator: ",") },
         write: { setup, text in
             let widths = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
             guard !widths.isEmpty, widths.count <= 12, widths.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1024 }) else { return false }
             setup.hidden = widths.compactMap { $0 }
             return true
         }),
    choiceKnob("activation", tier: 4, "hidden activation", \.activation, choices: ["relu", "leaky_relu", "tanh", "sigmoid", "gelu"]),
    Knob(name: "init", tier: 3, allowed: "default, zeros, constant:V, normal:STD, xavier or he",
         summary: "weight initialisation",
         read: { $0.weightInit.description },
         write: { setup, text in
             guard let scheme = InitScheme(text) else { return false }
             setup.weightInit = scheme
             return true
         }),
    Knob(name: "bias-init", tier: 3, allowed: "default, zeros, constant:V or normal:STD",
         summary: "hidden-layer bias initialisation",
         read: { $0.hiddenBiasInit.description },
         write: { setup, text in
             guard let scheme = InitScheme(text), scheme != .xavier, scheme != .he else { return false }
             setup.hiddenBiasInit = scheme
             return true
         }),
    numberKnob("dropout", tier: 4, "dropout probability after each hidden activation", \.dropout,
               range: 0...0.95, allowed: "a probability from 0 to 0.95"),
    choiceKnob("norm", tier: 4, "normalisation after each hidden linear layer", \.normalization, choices: ["none", "batchnorm", "layernorm"]),
    switchKnob("output-softmax", tier: 4, "a softmax layer at the output, before the loss", \.outputSoftmax),
    choiceKnob("loss", tier: 4, "the loss function", \.loss, choices: ["cross_entropy", "naive_log_softmax", "mse"]),
]

private let trainingKnobs: [Knob] = [
    choiceKnob("optimizer", "the optimizer", \.optimizer, choices: ["sgd", "adam", "adamw"]),
    numberKnob("lr", "learning rate", \.learningRate, range: 1e-7...100, allowed: "a number from 1e-7 to 100"),
    numberKnob("momentum", "SGD momentum", \.momentum, range: 0...0.999, allowed: "a number from 0 to 0.999"),
    numberKnob("weight-decay", "weight decay (L2 for sgd and adam, decoupled for adamw)", \.weightDecay,
               range: 0...10, allowed: "a number from 0 to 10"),
    integerKnob("batch", "mini-batch size", \.batchSize, range: 1...4096),
    integerKnob("epochs", "passes over the training set", \.epochs, range: 1...200),
    Knob(name: "clip", tier: 3, allowed: "none or a global-norm threshold above 0",
         summary: "gradient clipping by global norm",
         read: { $0.clip.map(Knob.format) ?? "none" },
         write: { setup, text in
             if text.lowercased() == "none" || text.lowercased() == "off" {
                 setup.clip = nil
                 return true
             }
             guard let value = Float(text), value > 0 else { return false }
             setup.clip = value
             return true
         }),
    integerKnob("warmup", "linear learning-rate warm-up steps", \.warmup, range: 0...100_000),
    choiceKnob("schedule", "learning-rate schedule after warm-up", \.schedule, choices: ["constant", "cosine"]),
    switchKnob("zero-grad", "clear gradients before every step", \.zeroGrad),
    Knob(name: "eval-mode", tier: 3, allowed: "eval or train",
         summary: "the mode the model is evaluated in (model.eval() or not)",
         read: { $0.evaluationMode == .evaluation ? "eval" : "train" },
         write: { setup, text in
             switch text.lowercased() {
             case "eval", "evaluation": setup.evaluationMode = .evaluation
             case "train", "training": setup.evaluationMode = .training
             default: return false
             }
             return true
         }),
    integerKnob("eval-batch", "rows per evaluation pass", \.evaluationBatchSize, range: 1...100_000),
]
