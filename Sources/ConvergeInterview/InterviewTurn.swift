import ConvergeEngine
import ConvergeSupport

/// One thing the interviewer says: a question, feedback, a hint, a probe, the sandbox, the
/// scorecard. `converge interview --json` prints one of these per line.
public struct InterviewTurn: Sendable {
    public enum Kind: String, Sendable {
        case greeting, question, feedback, probe
        case followUp = "follow_up"
        case hint
        case modelAnswer = "model_answer"
        case sandbox, info, scorecard, farewell
    }

    public var kind: Kind
    public var phase: Interviewer.Phase
    public var problemID: String?
    public var difficulty: Int?
    public var text: String
    public var covered: [String] = []
    public var missed: [String] = []
    /// The hint level just given (1-4), or the highest given so far for this problem.
    public var hintLevel: Int = 0
    /// The text is the sandbox's training script: it wraps as Python, not as prose.
    public var isCode = false

    public var json: JSONValue {
        .object([
            ("kind", .string(kind.rawValue)),
            ("phase", .string(phase.rawValue)),
            ("problem", problemID.map { .string($0) } ?? .null),
            ("difficulty", difficulty.map { .number(Double($0)) } ?? .null),
            ("covered", .array(covered.map { .string($0) })),
            ("missed", .array(missed.map { .string($0) })),
            ("hint_level", .number(Double(hintLevel))),
            ("text", .string(text)),
        ])
    }
}
