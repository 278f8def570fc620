import ConvergeLanguage

extension YAMLField {
    /// A list of phrasings for the concept matcher, each checked to keep a content word once
    /// common words are removed (a phrasing of only "the of and" would match anything).
    /// Problem files and scenario files write concepts the same way.
    public func phrasings() throws -> [String] {
        let phrasings = try strings()
        if phrasings.isEmpty { throw failure("needs at least one phrasing") }
        for (index, phrasing) in phrasings.enumerated()
        where TextAnalysis.stems(phrasing).filter({ !TextAnalysis.isNegator($0) }).isEmpty {
            throw try list()[index].failure("'\(phrasing)' has no content words left after removing common words")
        }
        return phrasings
    }
}
