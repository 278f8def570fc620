import ConvergeScenarios
import ConvergeTestSupport
import XCTest

/// The diagnosis is read as an interviewer would read it, not grepped for words.
final class DiagnosisReaderTests: XCTestCase {
    func verdict(_ statement: String, _ id: String) throws -> DiagnosisReader.Verdict {
        DiagnosisReader.read(statement, for: try scenario(id)).verdict
    }

    func testParaphrasesOfTheMechanismAreCorrect() throws {
        XCTAssertEqual(
            try verdict("The step size is far too large, so SGD overshoots and blows up.", "lr-too-high"), .correct)
        XCTAssertEqual(
            try verdict(
                "Every hidden bias starts at -5, so the ReLUs are dead and no gradient flows back.", "dead-relu"),
            .correct)
        XCTAssertEqual(
            try verdict(
                "Nobody calls optimizer.zero_grad(), so the gradients accumulate from step to step.",
                "missing-zero-grad"),
            .correct)
    }

    func testNegationIsRead() throws {
        XCTAssertNotEqual(try verdict("It is not the learning rate.", "lr-too-high"), .correct)
        XCTAssertNotEqual(
            try verdict("The learning rate is not too high; something else is wrong.", "lr-too-high"), .correct)
    }

    /// Substrings are not words: "logits" is not "log", "evaluating" is not "eval", "already" is not "lr".
    func testWordsAreNotSubstrings() throws {
        XCTAssertNotEqual(
            try verdict("The logits look fine and the model is already evaluating.", "nan-log-softmax"), .correct)
        XCTAssertNotEqual(try verdict("We are already evaluating the logits.", "lr-too-high"), .correct)
        XCTAssertNotEqual(try verdict("Evaluating the network.", "dropout-at-eval"), .correct)
    }

    func testAListOfBugWordsIsAGuess() throws {
        let stuffed = "lr init dropout nan zero_grad eval batchnorm softmax shuffle labels scale vanishing exploding"
        for id in ["lr-too-high", "dead-relu", "missing-zero-grad", "batchnorm-eval", "shuffled-labels"] {
            XCTAssertEqual(try verdict(stuffed, id), .scattershot, id)
        }
        XCTAssertEqual(
            try verdict("Could be the learning rate, the initialisation, dropout, or batch norm.", "lr-too-high"),
            .scattershot)
    }

    func testOneCauseRuledOutOnTheWayIsFine() throws {
        XCTAssertEqual(
            try verdict(
                "At first I suspected the initialisation, but the learning rate is simply far too high.", "lr-too-high"),
            .correct)
    }

    /// "At init" names a moment, "the standard fix" is not standardisation, and a missing
    /// warm-up is a learning-rate problem: none of them is an unrelated cause.
    func testMomentsAndNearWordsAreNotCauses() throws {
        XCTAssertEqual(
            try verdict(
                "The init loss is 0.745, so the data are fine. At init the embedding already gets a tenth of the "
                    + "head's gradient, because this post-LN stack normalises every residual sum, and Adam starts at "
                    + "the full learning rate with no warm-up, so the first steps are far too large. A linear warm-up "
                    + "is the standard fix; pre-LN is the other.",
                "postln-no-warmup"),
            .correct)
        XCTAssertEqual(
            try verdict(
                "The inputs were never standardized: raw features in the thousands make the first steps huge.",
                "unnormalized-inputs"),
            .correct)
        XCTAssertEqual(
            try verdict("Bad init and unscaled inputs, and the learning rate, all three.", "postln-no-warmup"),
            .scattershot)
    }

    func testAMisconceptionCancelsTheCredit() throws {
        XCTAssertEqual(
            try verdict("The labels are shuffled, so this is just overfitting the training set.", "shuffled-labels"),
            .misconception)
    }

    func testHalfAMechanismIsIncomplete() throws {
        XCTAssertEqual(try verdict("The ReLUs are dead.", "dead-relu"), .incomplete)
        XCTAssertEqual(try verdict("", "dead-relu"), .missing)
    }

    /// Candidates who know the vocabulary but not the bug string its terms together. The
    /// first is the list that got through on transfer-lr-too-high.
    func testTermsStrungTogetherAreNotADiagnosis() throws {
        let lists = [
            (
                "learning rate too high, catastrophic forgetting, backbone, freeze, pretrained features destroyed",
                "transfer-lr-too-high"
            ),
            ("dead relu, negative bias, no gradient, units never fire", "dead-relu"),
            ("log softmax, underflow, log(0), -inf, NaN", "nan-log-softmax"),
            ("zero_grad missing, gradients accumulate, optimizer", "missing-zero-grad"),
        ]
        for (statement, id) in lists {
            XCTAssertEqual(try verdict(statement, id), .termList, statement)
        }
    }

    /// Short is not the same as a list: terse statements that say what happened still count.
    func testTerseStatementsStillNameTheBug() throws {
        let statements = [
            ("The learning rate is far too high, so it overshoots.", "lr-too-high"),
            ("log(softmax) underflows to log(0) = -inf, which becomes NaN; use logsumexp.", "nan-log-softmax"),
            ("Biases start at -5, so every ReLU is dead and no gradient flows.", "dead-relu"),
            ("zero_grad is never called, so gradients accumulate across steps.", "missing-zero-grad"),
        ]
        for (statement, id) in statements {
            XCTAssertEqual(try verdict(statement, id), .correct, statement)
        }
    }

    /// Correct diagnoses a newcomer wrote in words no phrasing used: "large" for "high",
    /// "wiping out the backbone" for "destroying the pretrained features".
    func testOtherWordsForTheSameCause() throws {
        let statements = [
            (
                "lr 0.03 with Adam is far too large for fine-tuning: the first updates move the pretrained "
                    + "convolutions as far as their own size, wiping out the backbone", "transfer-lr-too-high"
            ),
            (
                "the learning rate is far too large for the pretrained backbone and wipes out the pretrained "
                    + "backbone weights", "transfer-lr-too-high"
            ),
            ("The learning rate is far too large, so every step overshoots and the loss explodes.", "lr-too-high"),
        ]
        for (statement, id) in statements {
            XCTAssertEqual(try verdict(statement, id), .correct, statement)
        }
    }
}
