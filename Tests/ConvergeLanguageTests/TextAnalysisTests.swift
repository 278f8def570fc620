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
        // More negators.
        XCTAssertFalse(matches("clipping needed", "Clipping is unnecessary here."))
    }
}
