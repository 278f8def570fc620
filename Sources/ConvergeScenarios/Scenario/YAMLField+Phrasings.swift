import ConvergeLanguage

extension YAMLField {
    /// A list of phrasings for the concept matcher, each checked to keep a content word once
    /// common words are removed (a phrasing of only "the of and" would match anything).
    /// Problem files and scenario files write concepts the same way.
    ///
    /// With `specific`, each must also keep two content words, or one distinctive term
    /// (`Lexicon.isSpecific`): a phrasing of only "filter" would credit any answer that uses
    /// the word. Problem files are held to it; scenario diagnoses are not yet.
    public func phrasings(specific: Bool = false) throws -> [String] {
        let phrasings = try strings()
        if phrasings.isEmpty { throw failure("needs at least one phrasing") }
        for (index, phrasing) in phrasings.enumerated()
        where TextAnalysis.stems(phrasing).filter({ !TextAnalysis.isNegator($0) }).isEmpty {
            throw try list()[index].failure("'\(phrasing)' has no content words left after removing common words")
        }
        for (index, phrasing) in phrasings.enumerated() where specific && !Lexicon.isSpecific(phrasing) {
            throw try list()[index].failure(
                "'\(phrasing)' says too little: a phrasing needs two content words (common words aside) or one "
                    + "distinctive term such as 'xavier'")
        }
        return phrasings
    }
}
