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
}
