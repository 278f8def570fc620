import ConvergeEngine
import ConvergeSupport

/// What a command answered: the text the candidate saw and the measured values behind it,
/// which go to the transcript for the grader.
public struct CommandResult: Sendable {
    /// The command as typed.
    public var input: String
    /// The command's name (`set`, `grad-norms`), or `unknown`.
    public var name: String
    public var tier: Tier
    /// The rendered answer.
    public var text: String
    /// Measured values, by name (`init_loss`, `suggested_lr`…).
    public var values: [(String, JSONValue)]
    /// Whether the input was not a valid command (nothing happened).
    public var isError: Bool = false
    /// Whether the session is over after this command.
    public var endsSession: Bool = false

    public init(input: String, name: String, tier: Tier, text: String, values: [(String, JSONValue)] = []) {
        self.input = input
        self.name = name
        self.tier = tier
        self.text = text
        self.values = values
    }

    /// A result for input that did nothing but explain itself.
    static func error(_ input: String, name: String, _ message: String) -> CommandResult {
        var result = CommandResult(input: input, name: name, tier: .meta, text: message)
        result.isError = true
        return result
    }

    /// The result as one JSON object (for `--json` and the transcript).
    public var json: JSONValue {
        .object([
            ("command", .string(input)),
            ("name", .string(name)),
            ("tier", .number(Double(tier.rawValue))),
            ("tier_name", .string(tier.name)),
            ("error", .bool(isError)),
            ("values", .object(values)),
            ("output", .string(text)),
        ])
    }
}
