import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import XCTest

/// A next-token model in the sandbox: the toy language, a head at every step, and `generate`,
/// which shows a model that reads the answer for what it is.
final class LanguageModelCommandTests: XCTestCase {
    func testTheLanguageTargetsAreTheSentenceOneLetterLater() throws {
        let sentences = SyntheticData.language(samples: 20, vocabulary: 12, length: 6, seed: 3)
        XCTAssertEqual(sentences.inputs.shape, [20, 6, 12])
        XCTAssertEqual(sentences.targets.shape, [20, 6])
        for row in 0..<20 {
            let letters = (0..<6).map { t in (0..<12).first { sentences.inputs[(row * 6 + t) * 12 + $0] == 1 }! }
            let stride = (letters[1] - letters[0] + 12) % 12
            XCTAssertNotEqual(stride, 0, "a sentence moves")
            for t in 0..<5 { XCTAssertEqual(Int(sentences.targets[row * 6 + t]), letters[t + 1]) }
            XCTAssertEqual(Int(sentences.targets[row * 6 + 5]), (letters[5] + stride) % 12)
        }
    }

    func testGenerateShowsAModelThatReadsTheAnswerAndPassesOnceAttentionIsCausal() throws {
        let leaky = try session("causal-mask-missing")
        let written = leaky.execute("generate")
        XCTAssertFalse(written.isError, written.text)
        XCTAssertTrue(written.text.contains("reads something it does not have when it writes"), written.text)
        let record = try XCTUnwrap(written.decoded(as: GenerateCommand.Record.self))
        XCTAssertLessThan(try XCTUnwrap(record.generationAccuracy), 0.5)
        XCTAssertGreaterThan(try XCTUnwrap(record.validationAccuracy), 0.99, "too good to be true")
        XCTAssertTrue(record.findings.contains(Finding(.generationFails, abnormal: true)))
        let code = leaky.execute("code").text
        XCTAssertTrue(code.contains("return self.head(h)  # next-letter logits at every step"), code)
        XCTAssertTrue(code.contains("h = self.blocks(h)\n"), code)
        XCTAssertFalse(leaky.execute("set causal on").isError)
        XCTAssertFalse(leaky.execute("run").isError)
        let honest = try XCTUnwrap(leaky.execute("generate").decoded(as: GenerateCommand.Record.self))
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(honest.generationAccuracy), 0.9)
        XCTAssertLessThan(try XCTUnwrap(honest.validationAccuracy), 0.95, "the second letter cannot be known")
        XCTAssertTrue(honest.findings.contains(Finding(.generationFails, abnormal: false)))
        XCTAssertTrue(leaky.execute("code").text.contains("is_causal=True"))
    }

    func testGenerateIsRefusedForAModelThatClassifies() throws {
        let classifier = try session("missing-positions")
        let refused = classifier.execute("generate")
        XCTAssertTrue(refused.isError)
        XCTAssertTrue(refused.text.contains("one prediction per example"), refused.text)
    }
}
