/// An answer to a problem with the verdict a strict interviewer gives it.
public struct CalibrationAnswer: Sendable {
    /// What kind of candidate wrote it.
    public enum Kind: String, Sendable, CaseIterable {
        case paraphrase
        case negationElsewhere = "negation-elsewhere"
        case partial
        case wrong
        case keywordList = "keyword-list"
        case offTopic = "off-topic"
    }

    public var kind: Kind
    public var answer: String
    /// The score band the answer must land in.
    public var score: ClosedRange<Int>
    /// Concepts it must be credited with, and concepts it must not be.
    public var covers: [String]
    public var misses: [String]
}

/// One question of the interview's problem bank, with what a strong answer covers.
public struct Problem: Sendable {
    /// The two question phases of the interview, as problem files name them.
    public enum Phase: String, Sendable, CaseIterable {
        /// Fundamentals, before the sandbox.
        case warmup
        /// Architecture and design, after the sandbox.
        case design
    }

    /// One idea a strong answer contains, and the phrasings that count as stating it.
    public struct Concept: Sendable {
        public var id: String
        /// How the idea is named on the scorecard.
        public var name: String
        /// Each phrasing is a few words that must all appear close together; a phrasing with
        /// a negation ("not parallel") matches only a negated statement, one without only an
        /// affirmed one.
        public var phrasings: [String]
        /// Wrong beliefs about the idea, written as phrasings ("xavier relu", "identical for
        /// adam"): an answer that states one does not earn the concept, whatever else it says,
        /// and is held below Intermediate.
        public var misconceptions: [String]
        /// The question the interviewer asks when an answer misses this idea.
        public var probe: String
    }

    public var id: String
    public var title: String
    /// The area: `cnn`, `rnn`, `transformers`, `training`, `optimisation`, `losses`,
    /// `normalisation`, `regularisation`, `debugging`, `scale`.
    public var topic: String
    /// 1 (warm-up) to 5 (the hardest).
    public var difficulty: Int
    /// The part of the interview that asks it.
    public var phase: Phase
    public var question: String
    /// Four hints, from a nudge to the full answer (the fourth is the model answer).
    public var hints: [String]
    public var concepts: [Concept]
    /// "What if" questions for a strong candidate.
    public var followUps: [String]
    public var resources: [String]
    /// Calibration answers for authors and tests: a paraphrased strong answer, and one that
    /// negates the key ideas.
    public var strongExample: String?
    public var negatedExample: String?
    /// Labelled answers, written as different candidates would, that the assessor must read
    /// as their labels say (`converge assess --calibration` measures it).
    public var calibration: [CalibrationAnswer]
    public var file: String

    /// The full answer: the fourth hint.
    public var modelAnswer: String { hints.last ?? "" }
}
