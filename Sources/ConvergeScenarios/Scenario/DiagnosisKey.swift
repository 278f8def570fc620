/// What a correct diagnosis of a scenario's bug says, written in its file under `bug`:
/// the mechanism as concepts (each stated in any of its phrasings, with the right polarity),
/// and misconceptions that cancel the credit.
public struct DiagnosisKey: Sendable {
    /// One idea the diagnosis must state.
    public struct Concept: Sendable {
        /// How the idea is named on the scorecard.
        public var name: String
        /// A few content words each, matched in any order within one clause.
        public var phrasings: [String]
    }

    /// Every concept must be stated.
    public var mechanism: [Concept]
    /// Phrasings of wrong explanations: stating one withdraws the credit.
    public var misconceptions: [String]
}
