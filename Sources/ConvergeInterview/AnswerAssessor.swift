/// Judges a free-text answer by the key concepts it covers, robust to phrasing, word order,
/// inflection and negation ("does not parallelise" is not "parallelises").
public struct AnswerAssessor: Sendable {
    public init() {}

    /// Which of `problem`'s concepts `answer` covers.
    public func assess(_ answer: String, for problem: Problem) -> Assessment {
        let words = TextAnalysis.stems(answer)
        var covered: [String] = []
        var missed: [String] = []
        for concept in problem.concepts {
            if concept.phrasings.contains(where: { matches($0, in: words) }) {
                covered.append(concept.id)
            } else {
                missed.append(concept.id)
            }
        }
        return Assessment(problemID: problem.id, covered: covered, missed: missed, wordCount: words.count)
    }

    /// Whether the phrasing's content words all occur within a short window of one clause
    /// of the answer, with the same polarity: negated when the phrasing is, affirmed when it
    /// is not. A statement is negated when a negator comes up to six words earlier in its
    /// clause ("I would not use X or Y"), inside it, or right after it ("X does not help").
    func matches(_ phrasing: String, in words: [String]) -> Bool {
        let phrase = TextAnalysis.stems(phrasing).filter { $0 != TextAnalysis.boundary }
        let content = phrase.filter { !TextAnalysis.isNegator($0) }
        let wantsNegation = phrase.contains(where: TextAnalysis.isNegator)
        guard !content.isEmpty else { return false }
        let window = Swift.max(8, 3 * content.count)
        for start in words.indices where content.contains(words[start]) {
            let end = Swift.min(words.count, start + window)
            var remaining = Set(content)
            var last = start
            for index in start..<end {
                if words[index] == TextAnalysis.boundary { break }
                guard remaining.contains(words[index]) else { continue }
                remaining.remove(words[index])
                last = index
                if remaining.isEmpty { break }
            }
            guard remaining.isEmpty else { continue }
            let clauseStart = Swift.max((words[..<start].lastIndex(of: TextAnalysis.boundary) ?? -1) + 1, start - 6)
            var after = last + 1
            while after < words.count && after <= last + 2 && words[after] != TextAnalysis.boundary { after += 1 }
            let negated = words[clauseStart..<after].contains(where: TextAnalysis.isNegator)
            if negated == wantsNegation { return true }
        }
        return false
    }
}

/// The concepts an answer covered and missed.
public struct Assessment: Sendable, Equatable {
    public var problemID: String
    public var covered: [String]
    public var missed: [String]
    /// Content words in the answer (a very short answer is a weak answer).
    public var wordCount: Int

    public init(problemID: String, covered: [String], missed: [String], wordCount: Int) {
        self.problemID = problemID
        self.covered = covered
        self.missed = missed
        self.wordCount = wordCount
    }

    /// Share of concepts covered, 0-100.
    public var score: Int {
        let total = covered.count + missed.count
        return total == 0 ? 0 : Int((Double(covered.count) / Double(total) * 100).rounded())
    }

    /// Novice below 50, Intermediate from 50, Expert from 80.
    public var level: String {
        score >= 80 ? "Expert" : score >= 50 ? "Intermediate" : "Novice"
    }

    /// Merges a later answer to the same question (a probe's reply) into this one.
    public func merged(with other: Assessment) -> Assessment {
        let all = covered + missed
        let union = Set(covered).union(other.covered)
        return Assessment(
            problemID: problemID, covered: all.filter { union.contains($0) },
            missed: all.filter { !union.contains($0) }, wordCount: wordCount + other.wordCount)
    }
}
