/// Finds a concept's phrasing in text, whatever the word order, inflection or spelling, and
/// with the right polarity: the one matcher for interview answers and session diagnoses.
public enum PhraseMatcher {
    /// Whether `phrasing` occurs in `text` (see `matches(_:in:)`).
    public static func matches(_ phrasing: String, inText text: String) -> Bool {
        matches(phrasing, in: TextAnalysis.stems(text))
    }

    /// Whether the phrasing's content words all occur within a short window of one clause
    /// of the answer, with the same polarity: negated when the phrasing is, affirmed when it
    /// is not. A statement is negated when a negator comes up to six words earlier in its
    /// clause ("I would not use X or Y"), inside it, or right after it ("X does not help").
    public static func matches(_ phrasing: String, in words: [String]) -> Bool {
        match(phrasing, in: words) != nil
    }

    /// The stems of the answer that state the phrasing (from its first to its last content
    /// word), or nil: what `converge assess` shows as the evidence for a concept.
    public static func match(_ phrasing: String, in words: [String]) -> [String]? {
        let phrase = TextAnalysis.stems(phrasing).filter { $0 != TextAnalysis.boundary && $0 != TextAnalysis.pause }
        let content = phrase.filter { !TextAnalysis.isNegator($0) }
        let wantsNegation = phrase.contains(where: TextAnalysis.isNegator)
        guard !content.isEmpty else { return nil }
        let window = Swift.max(8, 3 * content.count)
        for start in words.indices where content.contains(words[start]) {
            let end = Swift.min(words.count, start + window)
            // Every content word as many times as the phrasing has it: "bias correction, not
            // bias terms" needs two "bias", not one.
            var remaining = content
            var last = start
            for index in start..<end {
                if words[index] == TextAnalysis.boundary { break }
                guard let found = remaining.firstIndex(of: words[index]) else { continue }
                remaining.remove(at: found)
                last = index
                if remaining.isEmpty { break }
            }
            guard remaining.isEmpty else { continue }
            let lastBreak = words[..<start].lastIndex { $0 == TextAnalysis.boundary || $0 == TextAnalysis.pause }
            let clauseStart = Swift.max((lastBreak ?? -1) + 1, start - 6)
            var after = last + 1
            while after < words.count && after <= last + 2 && words[after] != TextAnalysis.boundary
                && words[after] != TextAnalysis.pause
            {
                after += 1
            }
            // Before and inside the phrase any negator counts; after it, only one that looks
            // back ("X does not help"), not "without" or "no", which negate what follows them.
            let negated =
                words[clauseStart...last].contains(where: TextAnalysis.isNegator)
                || words[(last + 1)..<after].contains { $0 == "not" }
            if negated == wantsNegation { return Array(words[start...last]) }
        }
        return nil
    }
}
