import ConvergeSupport

/// What a command answered: the text the candidate saw and the typed record behind it,
/// which goes to the transcript for the grader.
public struct CommandResult: Sendable {
    /// The command as typed.
    public internal(set) var input: String = ""
    /// The command's name (`set`, `grad-norms`), or `unknown`.
    public internal(set) var name: String = ""
    public internal(set) var tier: Tier = .meta
    /// The rendered answer.
    public internal(set) var text: String
    /// The command's typed record (its `Record` type) in JSON form; an empty object when the
    /// command records nothing.
    public internal(set) var record: JSONValue = .object([])
    /// Whether the input was not a valid command (nothing happened).
    public internal(set) var isError = false
    /// Whether the session is over after this command.
    public internal(set) var endsSession = false
    /// The tier when it is not the command's own (a `set` on the model restructures).
    var tierOverride: Tier?

    /// A result with text only.
    init(text: String, tier: Tier? = nil) {
        self.text = text
        self.tierOverride = tier
    }

    /// A result with its typed record.
    init(text: String, record: some Encodable, tier: Tier? = nil) {
        self.text = text
        self.tierOverride = tier
        // Records are plain structs of numbers, strings and arrays: encoding cannot fail.
        self.record = (try? JSONValue(encoding: record)) ?? .object([])
    }

    /// A result for input that did nothing but explain itself.
    static func error(_ message: String) -> CommandResult {
        var result = CommandResult(text: message, tier: .meta)
        result.isError = true
        return result
    }

    /// The text fitted to `width` columns: the training script stays valid Python when it
    /// wraps, everything else wraps as prose and tables.
    public func fitted(width: Int) -> String {
        name == CodeCommand.spec.name && !isError
            ? TextWrapping.wrapCode(text, width: width) : TextWrapping.wrapProse(text, width: width)
    }

    /// The record read back as its type (nil when this result holds another kind).
    public func decoded<Record: Decodable>(as type: Record.Type) -> Record? {
        try? record.decoded(as: type)
    }

    /// The result as one JSON object (for `--json` and the transcript).
    public var json: JSONValue {
        .object([
            ("command", .string(input)),
            ("name", .string(name)),
            ("tier", .number(Double(tier.rawValue))),
            ("tier_name", .string(tier.name)),
            ("error", .bool(isError)),
            ("values", record),
            ("output", .string(text)),
        ])
    }
}

extension Optional where Wrapped == Float {
    /// A measured value as the record stores it: a `Double` with the same value.
    var measured: Double? { map(Double.init) }
}

extension Float {
    /// A measured value as the record stores it: a `Double` with the same value.
    var measured: Double { Double(self) }
}
