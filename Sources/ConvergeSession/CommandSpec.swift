import ConvergeSupport

/// How far a command goes, from reading what is there to rebuilding the model. The grader
/// rewards working up this ladder: simple checks before complex changes.
public enum Tier: Int, Sendable, Comparable, CaseIterable {
    case look = 0, sanity, instrument, tune, restructure
    /// Commands that steer the session rather than investigate (`hint`, `submit`…).
    case meta = 9

    public var name: String {
        switch self {
        case .look: return "look"
        case .sanity: return "sanity"
        case .instrument: return "instrument"
        case .tune: return "tune"
        case .restructure: return "restructure"
        case .meta: return "session"
        }
    }

    public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
}

/// One command a candidate can type: its name, tier, what it does and an example.
public struct CommandSpec: Sendable {
    public let name: String
    public let tier: Tier
    public let summary: String
    public let usage: String
    public let example: String
    /// The knobs this command's output can point at: a change to one of them made after
    /// running this command counts as backed by evidence. Data for the grader, shared by
    /// every scenario.
    public let pointsAt: Set<String>

    init(name: String, tier: Tier, summary: String, usage: String, example: String, pointsAt: Set<String> = []) {
        self.name = name
        self.tier = tier
        self.summary = summary
        self.usage = usage
        self.example = example
        self.pointsAt = pointsAt
    }

    /// Every command, in the order `help` lists them.
    public static let all: [CommandSpec] = [
        CommandSpec(name: "help", tier: .look, summary: "list the commands, or explain one", usage: "help [COMMAND]", example: "help overfit-batch"),
        CommandSpec(name: "report", tier: .look, summary: "show the teammate's report again", usage: "report", example: "report"),
        CommandSpec(name: "code", tier: .look, summary: "the training script, as PyTorch-like code", usage: "code", example: "code", pointsAt: ["zero-grad", "eval-mode", "output-softmax", "loss", "shuffle", "val-preprocessing", "labels", "standardize", "sorted", "optimizer", "weight-decay", "init", "bias-init"]),
        CommandSpec(name: "config", tier: .look, summary: "every setting of the current setup", usage: "config", example: "config", pointsAt: ["optimizer", "weight-decay", "lr", "momentum", "batch", "epochs", "init", "bias-init", "dropout", "eval-batch"]),
        CommandSpec(name: "curve", tier: .look, summary: "loss and accuracy of the last run, epoch by epoch", usage: "curve", example: "curve", pointsAt: ["lr", "zero-grad", "momentum", "optimizer", "clip", "shuffle", "output-softmax", "loss", "epochs"]),
        CommandSpec(name: "data", tier: .look, summary: "samples, labels, class balance and feature statistics", usage: "data", example: "data", pointsAt: ["standardize", "val-preprocessing", "labels", "shuffle", "sorted"]),
        CommandSpec(name: "init-loss", tier: .sanity, summary: "the loss at initialisation against ln C", usage: "init-loss", example: "init-loss", pointsAt: ["init", "bias-init", "standardize", "output-softmax", "loss"]),
        CommandSpec(name: "overfit-batch", tier: .sanity, summary: "can the setup memorise one batch of 32 rows?", usage: "overfit-batch [STEPS]", example: "overfit-batch 500", pointsAt: ["labels", "lr", "activation", "init", "bias-init", "loss", "output-softmax", "optimizer"]),
        CommandSpec(name: "eval", tier: .sanity, summary: "evaluate the trained model twice, and in pairs against all at once", usage: "eval", example: "eval", pointsAt: ["eval-mode", "dropout", "norm", "eval-batch"]),
        CommandSpec(name: "predict", tier: .sanity, summary: "predictions against labels, and how predictions spread over classes", usage: "predict", example: "predict", pointsAt: ["val-preprocessing", "labels", "shuffle", "sorted", "output-softmax", "standardize"]),
        CommandSpec(name: "grad-norms", tier: .instrument, summary: "gradient norm of every layer, at init and after the last run", usage: "grad-norms", example: "grad-norms", pointsAt: ["activation", "init", "bias-init", "lr", "zero-grad", "clip", "norm", "optimizer", "weight-decay"]),
        CommandSpec(name: "activations", tier: .instrument, summary: "activation statistics: dead ReLUs, saturated tanh/sigmoid", usage: "activations", example: "activations", pointsAt: ["activation", "init", "bias-init", "standardize", "norm"]),
        CommandSpec(name: "weights", tier: .instrument, summary: "weight statistics of every layer", usage: "weights", example: "weights", pointsAt: ["init", "bias-init", "optimizer", "weight-decay"]),
        CommandSpec(name: "update-ratio", tier: .instrument, summary: "size of each update relative to the weights (healthy near 1e-3)", usage: "update-ratio", example: "update-ratio", pointsAt: ["lr", "optimizer", "weight-decay", "momentum"]),
        CommandSpec(name: "grad-through-time", tier: .instrument, summary: "recurrent models: gradient norm at every time step, at init", usage: "grad-through-time", example: "grad-through-time", pointsAt: ["architecture", "recurrent-init", "clip", "lr"]),
        CommandSpec(name: "attention", tier: .instrument, summary: "attention models: attention entropy and a heat map of the weights", usage: "attention", example: "attention", pointsAt: ["attention-scale", "d-k", "init", "lr"]),
        CommandSpec(name: "nan-check", tier: .instrument, summary: "rerun and find the first NaN or infinity: step and layer", usage: "nan-check", example: "nan-check", pointsAt: ["loss", "lr", "clip"]),
        CommandSpec(name: "lr-find", tier: .tune, summary: "LR range test: sweep the learning rate from 1e-6 to 10", usage: "lr-find", example: "lr-find", pointsAt: ["lr", "momentum", "optimizer", "warmup", "schedule"]),
        CommandSpec(name: "set", tier: .tune, summary: "change one setting (model and loss settings restructure)", usage: "set KNOB VALUE", example: "set lr 0.1"),
        CommandSpec(name: "run", tier: .tune, summary: "train the current setup from scratch", usage: "run", example: "run"),
        CommandSpec(name: "hint", tier: .meta, summary: "a hint; each one goes deeper", usage: "hint", example: "hint"),
        CommandSpec(name: "diagnose", tier: .meta, summary: "state the root cause in your own words", usage: "diagnose EXPLANATION", example: "diagnose the inputs are not standardised"),
        CommandSpec(name: "diff", tier: .meta, summary: "what you changed from the original setup", usage: "diff", example: "diff"),
        CommandSpec(name: "reset", tier: .meta, summary: "go back to the original setup", usage: "reset", example: "reset"),
        CommandSpec(name: "submit", tier: .meta, summary: "retrain your setup, check it, and end the session", usage: "submit", example: "submit"),
        CommandSpec(name: "quit", tier: .meta, summary: "end the session without submitting", usage: "quit", example: "quit"),
    ]

    /// The command called `name`.
    public static func named(_ name: String) -> CommandSpec? {
        all.first { $0.name == name.lowercased() }
    }

    /// The closest command names to a mistyped one.
    public static func suggestions(for word: String) -> [String] {
        NearestWords.suggestions(for: word, among: all.map(\.name))
    }
}
