/// A ceiling on the verdict that no amount of points can lift: the grader's gates.
///
/// Points reward a good process; caps say what a session cannot be, whatever its points.
/// A fix found without investigating, an answer read off the hints, a masked symptom, an
/// unnamed root cause or a checklist run blindly cannot earn Expert. Each cap that applies is
/// cited on the scorecard with the command that triggered it.
public struct Cap: Sendable {
    /// Stable name (`fix-without-investigation`, `answer-from-hints`…).
    public var rule: String
    /// The highest overall score the session can have.
    public var overall: Double
    /// The highest *Practical Debugging* level the session can have.
    public var practical: Grade.Level
    /// The highest *Fundamentals* level: a diagnosis read off the hints shows no understanding.
    public var fundamentals: Grade.Level = .expert
    /// The command that triggered it, when there is one.
    public var commandIndex: Int?
    /// What happened, citing the transcript.
    public var observation: String

    /// "command 3: …" as the scorecard cites it.
    public var citation: String {
        (commandIndex.map { "command \($0): " } ?? "") + observation
    }
}
