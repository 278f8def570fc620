import ConvergeScenarios
import ConvergeSession

/// The six things the grader scores, each 0-100, with their weight in the overall score.
public enum Dimension: String, CaseIterable, Sendable {
    case order, evidence, discipline, outcome, efficiency, independence

    /// Weight in the overall score (the weights add up to 100; documented in README.md).
    public var weight: Double {
        switch self {
        case .order: return 20
        case .evidence: return 20
        case .discipline: return 15
        case .outcome: return 15
        case .efficiency: return 20
        case .independence: return 10
        }
    }

    /// What the dimension rewards, in one line.
    public var meaning: String {
        switch self {
        case .order: return "simple checks before complex changes"
        case .evidence: return "each change follows a diagnostic that pointed at it"
        case .discipline: return "one change at a time, re-measured after each"
        case .outcome: return "the fix converges when retrained, cures the root cause, and is named"
        case .efficiency: return "the essential checks, without wasted commands or runs"
        case .independence: return "hints taken, by depth and timing"
        }
    }

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// A rule of the grader that fired on the action log: evidence-centred design, where every
/// score comes from explicit rules over what the candidate did, each citing the command.
public struct RuleFiring: Sendable {
    /// Stable name of the rule (`jumped-to-change`, `unsupported-change`…).
    public var rule: String
    public var dimension: Dimension
    /// Points added to (or, negative, taken from) the dimension.
    public var points: Double
    /// The command that triggered it (1-based), when there is one.
    public var commandIndex: Int?
    /// What happened, citing the transcript.
    public var observation: String
    /// For a shortfall: what to do next time and why.
    public var advice: String?

    public var isStrength: Bool { points > 0 || (points == 0 && advice == nil) }

    /// "command 3: changed the optimizer before looking at the data".
    public var citation: String {
        (commandIndex.map { "command \($0): " } ?? "") + observation
    }
}
