/// How a scorecard picks its coaching: exactly three items, the specific ones first (each
/// rule at most once), then general ones until there are three. The session scorecard and
/// the interview scorecard both use it for strengths and for improvements.
public enum Coaching {
    /// The first three of `specific`, topped up from `general`.
    public static func three(_ specific: [String], orElse general: [String]) -> [String] {
        Array((specific + general).prefix(3))
    }

    /// `firings` with only the first firing of each rule, in order.
    static func firstOfEachRule(_ firings: [RuleFiring]) -> [RuleFiring] {
        var seen: Set<String> = []
        return firings.filter { seen.insert($0.rule).inserted }
    }

    /// A citation as the start of a sentence.
    static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
