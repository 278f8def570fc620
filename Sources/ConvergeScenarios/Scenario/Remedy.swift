/// One `set` of one knob: `lr 0.1`.
public struct Change: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var knob: KnobID
    public var value: String

    public init(knob: KnobID, value: String) {
        self.knob = knob
        self.value = value
    }

    /// Parses `lr 0.1` or `set lr 0.1`.
    public init?(_ text: String) {
        var words = text.split(separator: " ").map(String.init)
        if words.first == "set" { words.removeFirst() }
        guard words.count == 2, let knob = KnobID(typed: words[0]) else { return nil }
        self.knob = knob
        self.value = words[1]
    }

    public var description: String { "set \(knob.rawValue) \(value)" }
}

/// A set of changes a scenario knows about: a cure (fixes the root cause) or a masker
/// (hides the symptom without fixing it).
public struct Remedy: Equatable, Sendable {
    public var changes: [Change]
    /// For a masker that trains as well as a cure: the grader recognises it from what
    /// changed, not from the metric, and `verify` does not expect it to fail.
    public var judgedByChange: Bool
    /// Why, in a sentence, for authors and interviewers.
    public var note: String?

    public init(changes: [Change], judgedByChange: Bool = false, note: String? = nil) {
        self.changes = changes
        self.judgedByChange = judgedByChange
        self.note = note
    }

    /// `setup` with every change applied.
    public func applied(to setup: Setup) throws -> Setup {
        var result = setup
        for change in changes {
            try change.knob.knob.apply(change.value, to: &result)
        }
        return result
    }
}
