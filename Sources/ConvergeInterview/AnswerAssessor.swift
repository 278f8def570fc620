import ConvergeLanguage

/// Judges a free-text answer by the key concepts it covers, robust to phrasing, word order,
/// inflection and negation ("does not parallelise" is not "parallelises").
public struct AnswerAssessor: Sendable {
    /// The longest answer read: a spoken answer is a few hundred words, and the bound keeps a
    /// pasted file from stalling the interview.
    public static let maximumCharacters = 20_000

    public init() {}

    /// Which of `problem`'s concepts `answer` covers.
    public func assess(_ answer: String, for problem: Problem) -> Assessment {
        let words = TextAnalysis.stems(answer)
        var covered: [String] = []
        var missed: [String] = []
        var evidence: [String: String] = [:]
        var cancelled: [String: String] = [:]
        for concept in problem.concepts {
            if let misconception = concept.misconceptions.first(where: { PhraseMatcher.matches($0, in: words) }) {
                missed.append(concept.id)
                cancelled[concept.id] = misconception
            } else if let span = concept.phrasings.lazy.compactMap({ PhraseMatcher.match($0, in: words) }).first {
                covered.append(concept.id)
                evidence[concept.id] = span.filter { $0 != TextAnalysis.pause }.joined(separator: " ")
            } else {
                missed.append(concept.id)
            }
        }
        var assessment = Assessment(problemID: problem.id, covered: covered, missed: missed, wordCount: words.count)
        assessment.evidence = evidence
        assessment.cancelled = cancelled
        // Explanation, not vocabulary: a bare list of terms names concepts without saying what
        // they do, however many it names.
        if TextAnalysis.isBareList(answer) { assessment.ceiling = Assessment.bareListCeiling }
        return assessment
    }

    func matches(_ phrasing: String, in words: [String]) -> Bool {
        PhraseMatcher.matches(phrasing, in: words)
    }
}

/// The concepts an answer covered and missed.
public struct Assessment: Sendable, Equatable {
    public var problemID: String
    public var covered: [String]
    public var missed: [String]
    /// Content words in the answer (a very short answer is a weak answer).
    public var wordCount: Int
    /// For each covered concept, the stems of the answer that stated it.
    public var evidence: [String: String] = [:]
    /// For each concept the answer got wrong, the misconception it stated.
    public var cancelled: [String: String] = [:]
    /// The highest score the answer can have (lowered for a bare list of terms).
    public var ceiling = 100

    /// The ceiling of a bare list of terms: below Intermediate.
    public static let bareListCeiling = 40

    /// The ceiling of an answer that states a misconception: below Intermediate, however much
    /// else it gets right, as a strict interviewer would hold it.
    public static let misconceptionCeiling = 40

    /// Whether the answer was read as a list of terms rather than an explanation.
    public var isBareList: Bool { ceiling < 100 }

    /// Whether the answer states a wrong belief about one of the concepts.
    public var statesMisconception: Bool { !cancelled.isEmpty }

    public init(problemID: String, covered: [String], missed: [String], wordCount: Int) {
        self.problemID = problemID
        self.covered = covered
        self.missed = missed
        self.wordCount = wordCount
    }

    /// Share of concepts covered, 0-100.
    public var score: Int {
        let total = covered.count + missed.count
        let limit = Swift.min(ceiling, statesMisconception ? Self.misconceptionCeiling : 100)
        return total == 0 ? 0 : Swift.min(limit, Int((Double(covered.count) / Double(total) * 100).rounded()))
    }

    /// Novice below 50, Intermediate from 50, Expert from 80.
    public var level: String {
        score >= 80 ? "Expert" : score >= 50 ? "Intermediate" : "Novice"
    }

    /// Merges a later answer to the same question (a probe's reply) into this one. A concept
    /// the later answer states correctly is a correction: its earlier misconception no longer
    /// counts.
    public func merged(with other: Assessment) -> Assessment {
        let all = covered + missed
        let cancelledNow = cancelled.filter { !other.covered.contains($0.key) }.merging(other.cancelled) { _, new in new
        }
        let union = Set(covered).union(other.covered).subtracting(cancelledNow.keys)
        var merged = Assessment(
            problemID: problemID, covered: all.filter { union.contains($0) },
            missed: all.filter { !union.contains($0) }, wordCount: wordCount + other.wordCount)
        merged.ceiling = Swift.max(ceiling, other.ceiling)
        merged.evidence = evidence.merging(other.evidence) { first, _ in first }.filter { union.contains($0.key) }
        merged.cancelled = cancelledNow
        return merged
    }
}
