/// The field's synonyms and abbreviations, as data: each word on the left is read as the
/// words on the right before stemming, in answers and in phrasings alike, so a phrasing
/// written one way matches an answer written another ("LR" and "learning rate", "BN" and
/// "batch norm", "skip" and "shortcut").
///
/// A word maps to the form the problem files use most; add a pair here rather than a second
/// phrasing in every problem.
public enum Lexicon {
    static let synonyms: [String: [String]] = [
        // Abbreviations.
        "lr": ["learning", "rate"], "lrs": ["learning", "rates"],
        "bn": ["batch", "norm"], "batchnorm": ["batch", "norm"], "batchnorms": ["batch", "norm"],
        "ln": ["layer", "norm"], "layernorm": ["layer", "norm"],
        "gn": ["group", "norm"], "groupnorm": ["group", "norm"],
        "normalization": ["norm"], "normalisation": ["norm"], "normalize": ["norm"], "normalise": ["norm"],
        "normalizes": ["norm"], "normalises": ["norm"], "normalized": ["norm"], "normalised": ["norm"],
        "normalizing": ["norm"], "normalising": ["norm"], "norms": ["norm"],
        "stats": ["statistics"], "stat": ["statistics"],
        "grad": ["gradient"], "grads": ["gradients"],
        "params": ["parameters"], "param": ["parameter"],
        "init": ["initialization"], "inits": ["initialization"], "initialize": ["initialization"],
        "initialise": ["initialization"], "initialized": ["initialization"], "initialised": ["initialization"],
        "dims": ["dimensions"], "dim": ["dimension"],
        "attn": ["attention"], "seq": ["sequence"], "seqs": ["sequences"],
        "nn": ["network"], "nets": ["networks"], "net": ["network"],
        "convs": ["convolutions"], "conv": ["convolution"], "convolutional": ["convolution"],
        "rnns": ["rnn"], "lstms": ["lstm"], "cnns": ["cnn"], "relus": ["relu"],
        "ce": ["cross", "entropy"], "crossentropy": ["cross", "entropy"], "xent": ["cross", "entropy"],
        "kaiming": ["he"], "glorot": ["xavier"],
        "warmup": ["warm", "up"], "fp16": ["half", "precision"], "float16": ["half", "precision"],
        "logsumexp": ["log", "sum", "exp"], "lse": ["log", "sum", "exp"],
        // Words for the same idea.
        "shortcut": ["skip"], "shortcuts": ["skip"], "residual": ["skip"], "residuals": ["skip"],
        "serial": ["sequential"], "serially": ["sequential"], "sequentially": ["sequential"],
        "square": ["quadratic"], "squared": ["quadratic"], "quadratically": ["quadratic"],
        "moving": ["running"], "ema": ["running", "average"],
        "blow": ["explode"], "blows": ["explode"], "blowing": ["explode"], "blew": ["explode"],
        "shrink": ["vanish"], "shrinks": ["vanish"], "shrinking": ["vanish"],
        "weights": ["weight"], "neuron": ["unit"], "neurons": ["unit"], "units": ["unit"],
        "optimiser": ["optimizer"], "optimisers": ["optimizer"], "optimizers": ["optimizer"],
        "downsamples": ["downsample"], "downsampling": ["downsample"], "subsample": ["downsample"],
        "subsampling": ["downsample"], "subsamples": ["downsample"],
        "hardly": ["barely"], "scarcely": ["barely"],
        "large": ["high"], "larger": ["higher"], "wipe": ["destroy"], "wipes": ["destroys"],
        "wiping": ["destroying"], "wiped": ["destroyed"],
        // Numbers as words and as digits ("a slope of one", "a slope of 1").
        "zero": ["0"], "one": ["1"], "two": ["2"],
        // The verb: "zeroed with probability p" is "set to zero with probability p".
        "zeroed": ["0"], "zeroes": ["0"], "zeros": ["0"], "zeroing": ["0"],
    ]

    /// Single words specific enough to be a phrasing on their own: the name of one method or
    /// one effect, which no unrelated sentence contains. Any other phrasing needs two content
    /// words, so that an answer earns a concept by saying something about it.
    public static let distinctiveTerms: Set<String> = [
        "xavier", "he", "batchnorm", "layernorm", "groupnorm", "adamw", "flashattention", "longformer", "bigbird",
        "linformer", "performer", "alibi", "rope", "fsdp", "deepspeed", "bf16", "fp16", "bfloat16", "mbconv",
        "jacobian", "logsumexp", "atrous", "perplexity", "underflow", "dedupl", "deduplicate", "deduplication",
    ]

    /// The words `word` is read as (itself when it has no synonym).
    static func expand(_ word: String) -> [String] {
        synonyms[word] ?? [word]
    }
}

extension Lexicon {
    /// Whether a phrasing says enough to earn a concept: two content words or more (a negation
    /// counts: "not parallelise" is a statement), or one distinctive term. "filter" or "deep"
    /// alone would credit any answer that uses the word.
    public static func isSpecific(_ phrasing: String) -> Bool {
        let stems = TextAnalysis.stems(phrasing).filter { $0 != TextAnalysis.boundary && $0 != TextAnalysis.pause }
        let content = stems.filter { !TextAnalysis.isNegator($0) }
        if stems.count >= 2 && !content.isEmpty { return true }
        let raw = phrasing.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return content.count == 1
            && (distinctiveTerms.contains(content[0]) || raw.contains(where: distinctiveTerms.contains))
    }
}
