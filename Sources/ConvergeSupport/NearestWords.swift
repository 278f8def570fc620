/// "Did you mean …?" for every name a person types: commands, settings, scenario and
/// problem ids. One rule everywhere, so the suggestions feel the same in every place.
public enum NearestWords {
    /// The closest of `candidates` to a mistyped `word`: those it begins (two letters or more), else those at the
    /// smallest edit distance (at most 3, and at most half the word: "foo" is three edits from anything of three
    /// letters, a guess rather than a typo), else those containing it.
    public static func suggestions(for word: String, among candidates: [String]) -> [String] {
        let lowered = word.lowercased()
        let prefixed = candidates.filter { $0.hasPrefix(lowered) }
        if !prefixed.isEmpty && lowered.count >= 2 { return prefixed }
        let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
        let best = scored.map(\.1).min() ?? 99
        let allowed = Swift.min(3, Swift.max(1, (lowered.count + 1) / 2))
        var names = scored.filter { $0.1 == best && best <= allowed }.map(\.0)
        if names.isEmpty {
            names = candidates.filter { $0.hasPrefix(lowered) || (lowered.count >= 3 && $0.contains(lowered)) }
        }
        return names
    }

    /// The single closest candidate, whatever its distance (for ids, where any guess helps).
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        candidates.min { editDistance(word, $0) < editDistance(word, $1) }
    }

    /// ` Did you mean `a` or `b`?`, or nothing when there is no suggestion.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        let names = suggestions(for: word, among: candidates)
        return names.isEmpty ? "" : " Did you mean \(names.map { "`\($0)`" }.joined(separator: " or "))?"
    }

    /// Levenshtein distance between two words.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
