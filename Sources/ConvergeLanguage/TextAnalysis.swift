import Foundation

/// Turns free text into comparable word stems, so that an answer matches a concept however
/// it is phrased: case, punctuation, inflection ("parallelises", "parallelized",
/// "parallelization"), British or American spelling, contractions ("can't" → "can not").
public enum TextAnalysis {
    /// Words that negate what is near them in their clause; each becomes the token `not`.
    static let negators: Set<String> = [
        "not", "no", "never", "neither", "nor", "none", "nothing", "nobody", "lack", "lacks", "lacking",
        "fail", "fails", "failing", "useless", "pointless", "impossible", "irrelevant", "unnecessary", "unneeded",
    ]

    /// "Without" negates what follows it ("without extra weights"), never what came before
    /// ("dilation enlarges it without extra weights" affirms the dilation): its own token.
    static let without = "without"

    /// "No" is the same kind of word: "post-LN blocks with no warm-up" denies the warm-up, not
    /// the blocks. Its own token too, where the other negators become `not`.
    static let no = "no"

    /// Marks the end of a clause in the token stream: negation does not carry past it.
    public static let boundary = "|"

    /// Marks a comma or an "and": a phrase may span it ("scale and shift"), but a negation
    /// does not reach across it ("the ReLUs are dead and no gradient flows").
    public static let pause = ","

    /// Words that join two statements the way a comma does.
    static let pauses: Set<String> = ["and"]

    /// Words that start a new clause with its own polarity ("…, but …", "…, so …"):
    /// a negation before one of them does not reach past it.
    static let contrast: Set<String> = [
        "but", "while", "whereas", "however", "although", "instead", "yet", "though", "unlike", "so", "because",
        "since", "therefore", "thus", "hence", "which",
    ]

    /// Words too common to carry meaning; never part of a match.
    static let stopwords: Set<String> = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "of", "to", "in", "on", "at", "for",
        "and", "or", "it", "its", "this", "that", "these", "those", "as", "by", "with", "from", "so", "than", "then",
        "we", "you", "they", "i", "them", "their", "our", "your", "do", "does", "did", "can", "could",
        "will", "would", "should", "may", "might", "must", "has", "have", "had", "which", "who", "what", "when",
        "where", "how", "why", "also", "very", "just", "into", "over", "about", "there", "here", "each", "any",
        "some", "all", "most", "much", "many", "such", "only", "own", "other", "if", "but",
    ]

    /// The stems of `text`, in order, stopwords removed (negators kept), with `boundary`
    /// where a clause ends (`.`, `;`, `:`, `!`, `?`, or a contrast word such as "but").
    public static func stems(_ text: String) -> [String] {
        var lowered = text.lowercased().replacingOccurrences(of: "’", with: "'")
        for (contraction, expansion) in [
            ("can't", "can not"), ("cannot", "can not"), ("won't", "will not"), ("n't", " not"),
        ] {
            lowered = lowered.replacingOccurrences(of: contraction, with: expansion)
        }
        // Phrases that look negative but negate nothing: "not only X but Y" affirms X, and
        // "if that fails, Y" states Y.
        for phrase in ["not only", "not just"] {
            lowered = lowered.replacingOccurrences(of: phrase, with: " ")
        }
        // "Nothing about positions" says nothing was found, not that positions are missing;
        // "not sure about X" hedges rather than denies.
        for phrase in ["nothing about", "nothing on", "nothing regarding", "not sure about", "not sure whether"] {
            lowered = lowered.replacingOccurrences(of: phrase, with: " \(boundary) ")
        }
        // Multiplying by 1/x is dividing by x.
        lowered = lowered.replacingOccurrences(
            of: #"\bmultipl(?:y|ies|ied|ying)((?:\s+[\w'-]+){0,2}?)\s+by\s+1\s*/\s*"#, with: "divide$1 by ",
            options: .regularExpression)
        for phrase in ["if that fails", "if this fails", "if it fails", "if all else fails"] {
            lowered = lowered.replacingOccurrences(of: phrase, with: " \(boundary) ")
        }
        // "X stops Y from vanishing" says Y does not vanish; "so that Y doesn't saturate"
        // states the purpose, avoiding saturation, rather than denying it.
        lowered = lowered.replacingOccurrences(
            of:
                #"\b(stops?|stopped|stopping|prevents?|prevented|preventing|keeps?|kept|keeping)\b((?:\s+[\w'-]+){1,4}?)\s+from\b"#,
            with: "$2 not", options: .regularExpression)
        lowered = lowered.replacingOccurrences(
            of: #"\bso that\b((?:\s+[\w'-]+){1,5}?)\s+(?:does not|do not|will not|would not|can not|is not|are not)\b"#,
            with: "so that$1 avoid", options: .regularExpression)
        for mark in [".", ";", ":", "!", "?", "\n\n", " -", " –", " —"] {
            lowered = lowered.replacingOccurrences(of: mark + " ", with: " \(boundary) ")
        }
        lowered = lowered.replacingOccurrences(of: ", ", with: " \(pause) ")
        var result: [String] = []
        for word in lowered.split(whereSeparator: {
            !($0.isLetter || $0.isNumber || String($0) == boundary || String($0) == pause)
        }).map(
            String.init)
        {
            for word in Lexicon.expand(word) { append(word, to: &result) }
        }
        if result.last == pause { result.removeLast() }
        return result
    }

    /// Appends one word of an answer to its stems: a clause mark, a pause, a negator, or the
    /// stem of a content word (stopwords are dropped).
    private static func append(_ word: String, to result: inout [String]) {
        if word == boundary || contrast.contains(word) {
            if result.last == pause { result.removeLast() }
            if result.last != boundary { result.append(boundary) }
        } else if word == pause || pauses.contains(word) {
            if let last = result.last, last != boundary, last != pause { result.append(pause) }
        } else if word == no || word == without {
            result.append(word)
        } else if negators.contains(word) {
            result.append("not")
        } else if !stopwords.contains(word) {
            result.append(stem(word))
        }
    }

    /// The stem of one lower-case word: British spellings turned American first (Porter2
    /// keeps "normalis-" and "normaliz-" apart), then Snowball's English (Porter2) stemmer,
    /// so "gates" and "gate", "saturation" and "saturates" meet.
    public static func stem(_ word: String) -> String {
        var w = word
        for (british, american) in [
            ("isations", "izations"), ("isation", "ization"), ("isers", "izers"), ("iser", "izer"), ("ising", "izing"),
            ("ised", "ized"), ("ises", "izes"), ("ise", "ize"), ("yse", "yze"), ("our", "or"),
        ]
        where w.hasSuffix(british) && w.count > british.count + 2 {
            w = String(w.dropLast(british.count)) + american
            break
        }
        return SnowballStemmer.english.stem(w)
    }

    /// Words that link terms into statements: besides the stopwords, the verbs and linkers an
    /// explanation uses ("means", "makes", "so", "because").
    static let linkers: Set<String> = [
        "means", "makes", "make", "lets", "let", "keeps", "keep", "gives", "give", "causes", "cause", "stops", "stop",
        "becomes", "become", "gets", "get", "uses", "use", "helps", "help", "so", "because", "since", "therefore",
        "thus", "while", "whereas", "not", "no", "never", "without", "need", "needs", "to",
    ]

    /// Whether `text` is a bare list of terms rather than an explanation: several short
    /// fragments with almost no words that link them ("Dropout, p=0.5, scaling, eval mode.").
    public static func isBareList(_ text: String) -> Bool {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
        guard words.count >= 3 else { return false }
        let linking = words.filter { stopwords.contains($0) || linkers.contains($0) || $0.hasSuffix("'s") }.count
        let fragments = text.split { ",;\n•".contains($0) }.map {
            $0.split { !($0.isLetter || $0.isNumber) }.count
        }.filter { $0 > 0 }
        let shortFragments = fragments.count >= 3 && Double(words.count) / Double(fragments.count) <= 3.5
        return Double(linking) / Double(words.count) < 0.12
            || (shortFragments && Double(linking) / Double(words.count) < 0.25)
    }

    public static func isNegator(_ stem: String) -> Bool {
        stem == "not" || stem == no || stem == without
    }
}
