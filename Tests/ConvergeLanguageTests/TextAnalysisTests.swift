import ConvergeLanguage
import XCTest

final class TextAnalysisTests: XCTestCase {
    /// Snowball's Porter2 stemmer with British spellings made American first.
    func testInflectionsAndSpellingsMeet() {
        let pairs = [
            ("bias", "biases"), ("gate", "gates"), ("saturation", "saturates"), ("optimiser", "optimizer"),
            ("normalisation", "normalization"), ("parallelise", "parallelize"), ("exploding", "explodes"),
        ]
        for (a, b) in pairs { XCTAssertEqual(TextAnalysis.stem(a), TextAnalysis.stem(b), "\(a) / \(b)") }
        XCTAssertNotEqual(TextAnalysis.stem("log"), TextAnalysis.stem("logits"))
    }

    func testNegationStaysInItsClause() {
        XCTAssertTrue(PhraseMatcher.matches("not learning rate", inText: "It is not the learning rate."))
        XCTAssertFalse(PhraseMatcher.matches("learning rate", inText: "It is not the learning rate."))
        XCTAssertTrue(
            PhraseMatcher.matches("bias negative", inText: "Not the learning rate; the biases start negative."))
    }

    /// Each scope rule, with a sentence that must match and one that must not.
    func testNegationScopeRules() {
        func matches(_ phrasing: String, _ text: String) -> Bool { PhraseMatcher.matches(phrasing, inText: text) }
        // A clause word ends the scope.
        XCTAssertTrue(matches("gradient vanish", "RNNs can't be parallelised, so their gradients vanish."))
        XCTAssertFalse(matches("gradient vanish", "Their gradients do not vanish."))
        // "and" and a comma stop a negation without splitting a phrase.
        XCTAssertTrue(matches("gradient vanish", "They are not parallel and the gradients vanish over time."))
        XCTAssertTrue(matches("scale shift", "a learned scale and shift"))
        // "not only" affirms.
        XCTAssertTrue(matches("overfit", "Dropout not only overfits less but also ensembles."))
        XCTAssertFalse(matches("overfit", "Dropout does not overfit."))
        // "if that fails" starts a new statement.
        XCTAssertTrue(matches("lower learning rate", "Try warm-up; if that fails, lower the learning rate."))
        XCTAssertFalse(matches("lower learning rate", "Never lower the learning rate."))
        // "without X, Y": the comma ends the negation.
        XCTAssertTrue(matches("converge", "Without warm-up, the model still converges."))
        XCTAssertFalse(matches("converge", "The model is without any way to converge."))
        // "no" after a phrase denies what follows it, as "without" does, not the phrase.
        XCTAssertTrue(matches("post ln", "Post-LN blocks with no warm-up stall."))
        XCTAssertTrue(matches("no warm up", "Post-LN blocks with no warm-up stall."))
        XCTAssertFalse(matches("warm up", "Post-LN blocks with no warm-up stall."))
        XCTAssertFalse(matches("post ln", "There is no post-LN here."))
        // More negators.
        XCTAssertFalse(matches("clipping needed", "Clipping is unnecessary here."))
        XCTAssertFalse(matches("learning rate decay", "The schedule no longer decays the learning rate."))
        XCTAssertTrue(matches("not learning rate decay", "The schedule no longer decays the learning rate."))
        XCTAssertFalse(matches("model converge", "The model fails to converge."))
        // "stops X from Y" denies Y; a plain "stops" denies nothing.
        XCTAssertTrue(matches("activations not explode", "BatchNorm stops the activations from exploding."))
        XCTAssertFalse(matches("activations explode", "BatchNorm stops the activations from exploding."))
        XCTAssertTrue(matches("gradient vanish", "Training stops improving because the gradients vanish."))
        // "so that X doesn't Y" states the purpose, avoiding Y: it is about Y, not a denial.
        XCTAssertTrue(
            matches("softmax saturate", "We divide by the square root of d so that the softmax doesn't saturate."))
        XCTAssertFalse(matches("softmax saturate", "The softmax doesn't saturate at this scale."))
        // "which" starts a clause of its own.
        XCTAssertTrue(matches("gradient vanish", "The weights are not large, which makes the gradients vanish."))
        XCTAssertFalse(matches("gradient vanish", "The gradients do not vanish."))
        // "Nothing about X" reports that nothing was found, not that X is missing.
        XCTAssertFalse(matches("no positions", "The learning rate seemed high; I found nothing about positions."))
        XCTAssertTrue(matches("no positions", "The model has no positions at all."))
        XCTAssertFalse(matches("not mask", "I am not sure about the mask yet."))
        // Multiplying by 1/x is dividing by x.
        XCTAssertFalse(matches("multiply sqrt d k", "Multiplying the scores by 1/sqrt(d_k) keeps them small."))
        XCTAssertTrue(matches("divide sqrt d k", "Multiplying the scores by 1/sqrt(d_k) keeps them small."))
        XCTAssertTrue(matches("multiply sqrt d k", "They multiply the scores by sqrt(d_k)."))
    }

    /// A word a phrasing repeats must occur as often in the answer.
    func testARepeatedWordMustRepeat() {
        func matches(_ phrasing: String, _ text: String) -> Bool { PhraseMatcher.matches(phrasing, inText: text) }
        XCTAssertFalse(matches("bias correction bias terms", "Adam applies a bias-correction term early on."))
        XCTAssertTrue(matches("bias correction bias terms", "Bias correction is the same as the bias terms."))
    }

    /// The lexicon reads the field's abbreviations and synonyms as the words they stand for.
    func testSynonymsAndAbbreviationsMeet() {
        func matches(_ phrasing: String, _ text: String) -> Bool { PhraseMatcher.matches(phrasing, inText: text) }
        XCTAssertTrue(matches("learning rate too high", "The LR is too high."))
        XCTAssertTrue(matches("batch norm running statistics", "At eval, BN uses running stats."))
        XCTAssertTrue(matches("layer norm", "Transformers use LayerNorm."))
        XCTAssertTrue(matches("skip connection", "an identity shortcut connection"))
        XCTAssertTrue(matches("sequential computation", "RNN computation is serial over time steps"))
        XCTAssertTrue(matches("quadratic sequence length", "memory grows with the square of the sequence length"))
        XCTAssertTrue(matches("running average", "a moving average of the batch statistics"))
        XCTAssertTrue(matches("he initialization", "Kaiming init"))
        XCTAssertFalse(matches("learning rate too high", "The batch size is too high."))
    }

    /// A phrasing must say something: two content words, or one distinctive term.
    func testAPhrasingMustBeSpecific() {
        XCTAssertTrue(Lexicon.isSpecific("xavier"))
        XCTAssertTrue(Lexicon.isSpecific("break symmetry"))
        XCTAssertTrue(Lexicon.isSpecific("not parallelise"))
        XCTAssertTrue(Lexicon.isSpecific("same filter"))
        XCTAssertFalse(Lexicon.isSpecific("filter"))
        XCTAssertFalse(Lexicon.isSpecific("the deep"))
        XCTAssertFalse(Lexicon.isSpecific("symmetry"))
    }
}
