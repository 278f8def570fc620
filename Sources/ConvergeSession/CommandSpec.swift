import ConvergeScenarios

/// How far a command goes, from reading what is there to rebuilding the model. The grader
/// rewards working up this ladder: simple checks before complex changes.
public enum Tier: Int, Sendable, Comparable, CaseIterable, Codable {
    case look = 0
    case sanity, instrument, tune, restructure
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

/// What a command is: its name, tier, help, the knobs its output bears on, and how fast
/// it must answer.
public struct CommandSpec: Sendable {
    /// How long a candidate may wait for a command (`converge bench --commands` checks it).
    public enum Budget: Double, Sendable {
        /// Look, sanity and instrument commands: under 300 ms.
        case instant = 300
        /// Commands that train a whole run (`run`, `lr-find`): under 2 s.
        case training = 2000
    }

    public let name: String
    public let tier: Tier
    public let summary: String
    public let usage: String
    public let example: String
    /// The knobs this command's output can point at: a change to one of them made after
    /// running this command counts as backed by evidence. Data for the grader, shared by
    /// every scenario.
    public let pointsAt: Set<KnobID>
    /// The time budget, for commands the benchmark times (nil: not timed).
    public let budget: Budget?

    public init(
        name: String, tier: Tier, summary: String, usage: String? = nil, example: String? = nil,
        pointsAt: Set<KnobID> = [], budget: Budget? = nil
    ) {
        self.name = name
        self.tier = tier
        self.summary = summary
        self.usage = usage ?? name
        self.example = example ?? name
        self.pointsAt = pointsAt
        self.budget = budget
    }
}
