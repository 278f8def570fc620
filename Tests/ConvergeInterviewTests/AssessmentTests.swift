import ConvergeLanguage
import ConvergeTestSupport
import Foundation
import XCTest

@testable import ConvergeInterview

let bank = ProblemBank(folder: projectRoot.appendingPathComponent("Scenarios/problems"))

final class AssessmentTests: XCTestCase {
    let assessor = AnswerAssessor()

    func testTheBankLoads() {
        XCTAssertEqual(bank.errors.map(\.description), [])
        XCTAssertGreaterThanOrEqual(bank.problems.count, 20)
        let topics = Set(bank.problems.map(\.topic))
        for topic in [
            "cnn", "rnn", "transformers", "training", "optimisation", "losses", "normalisation", "regularisation",
            "debugging", "scale",
        ] {
            XCTAssertTrue(topics.contains(topic), "no problem about \(topic)")
        }
        for id in ["rnn-vs-transformer", "llm-7b-pipeline", "debug-not-converging"] {
            XCTAssertNotNil(bank.problem(id), "the worked problem \(id) from the specification")
        }
        XCTAssertTrue(bank.problems.allSatisfy { $0.hints.count == 4 && !$0.resources.isEmpty })
    }

    /// For every problem: its full (level-4) answer covers every key concept, a paraphrased
    /// strong answer covers most, and an answer that negates the key ideas covers almost none.
    func testEveryProblemIsAssessedRobustly() throws {
        for problem in bank.problems {
            let full = assessor.assess(problem.modelAnswer, for: problem)
            XCTAssertEqual(full.missed, [], "\(problem.id): the model answer misses \(full.missed)")
            let strong = assessor.assess(try XCTUnwrap(problem.strongExample, problem.id), for: problem)
            XCTAssertGreaterThanOrEqual(strong.score, 75, "\(problem.id): paraphrase misses \(strong.missed)")
            let negated = assessor.assess(try XCTUnwrap(problem.negatedExample, problem.id), for: problem)
            XCTAssertLessThanOrEqual(negated.score, 25, "\(problem.id): negated answer covers \(negated.covered)")
            XCTAssertEqual(negated.level, "Novice", problem.id)
        }
    }

    func testPhrasingWordOrderInflectionAndNegation() throws {
        let problem = try XCTUnwrap(bank.problem("rnn-vs-transformer"))
        func covers(_ text: String, _ concept: String) -> Bool {
            assessor.assess(text, for: problem).covered.contains(concept)
        }
        XCTAssertTrue(covers("All positions are computed in parallel.", "parallel"))
        XCTAssertTrue(
            covers("Transformers parallelise across positions", "parallel"), "British spelling and inflection")
        XCTAssertTrue(
            covers("RNN training can't be parallelized over time", "sequential"), "a contraction counts as negation")
        XCTAssertFalse(
            covers("RNN training parallelizes perfectly over time", "sequential"),
            "an affirmed statement is not the negated concept")
        XCTAssertFalse(covers("Attention is not quadratic in n squared terms", "quadratic"))
        XCTAssertTrue(covers("the cost grows quadratically", "quadratic"))
        XCTAssertTrue(covers("Memory is O(n^2).", "quadratic"))
        XCTAssertTrue(covers("gradients vanish over long distances", "long-range"))
        XCTAssertTrue(covers("over long distances the gradients vanish", "long-range"), "word order does not matter")
    }

    /// A newcomer's correct answer scored 0: "zeroed" did not read as "zero", and "dropout
    /// does nothing in model.eval()" is a negation that states the concept, not denies it.
    func testTheVerbZeroAndDoesNothingAtEvalCount() throws {
        let problem = try XCTUnwrap(bank.problem("dropout"))
        let answer = "each hidden unit is zeroed with probability p; in model.eval() dropout does nothing"
        let covered = assessor.assess(answer, for: problem).covered
        XCTAssertTrue(covered.contains("mechanism"), "\(covered)")
        XCTAssertTrue(covered.contains("inference"), "\(covered)")
        XCTAssertFalse(
            assessor.assess("dropout does nothing useful", for: problem).covered.contains("inference"),
            "doing nothing, said of no mode, is not the concept")
    }

    func testAssessmentScoreAndMerge() {
        let first = Assessment(problemID: "x", covered: ["a"], missed: ["b", "c", "d"], wordCount: 10)
        XCTAssertEqual(first.score, 25)
        XCTAssertEqual(first.level, "Novice")
        let merged = first.merged(
            with: Assessment(problemID: "x", covered: ["b", "c"], missed: ["a", "d"], wordCount: 5))
        XCTAssertEqual(merged.covered, ["a", "b", "c"])
        XCTAssertEqual(merged.score, 75)
        XCTAssertEqual(merged.level, "Intermediate")
    }

    func testMalformedProblemFilesNameTheLine() {
        func message(_ text: String) -> String {
            do {
                _ = try ProblemBank.parse(text, file: "p.yaml")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let valid = """
            id: p
            title: T
            topic: cnn
            difficulty: 2
            phase: warmup
            question: Q?
            hints: [a, b, c, d]
            concepts:
              - {id: one, name: One, phrasings: [weight sharing], probe: P?}
              - {id: two, name: Two, phrasings: [local connectivity], probe: P?}
            """
        XCTAssertEqual(message(valid), "no error")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "difficulty: 2", with: "difficulty: 9")),
            "p.yaml:4: difficulty: expected 1 (warm-up) to 5 (hardest)")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "phase: warmup", with: "phase: lunch")),
            "p.yaml:5: phase: expected warmup or design")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "[a, b, c, d]", with: "[a, b]")),
            "p.yaml:7: hints: expected four hints, from a nudge to the full answer; found 2")
        XCTAssertEqual(
            message(valid.replacingOccurrences(of: "[local connectivity]", with: "[the of and]")),
            "p.yaml:10: concepts[1].phrasings[0]: 'the of and' has no content words left after removing common words")
    }
}

/// Explanation, not vocabulary; and an interviewer who probes rather than recites.
final class ExplanationTests: XCTestCase {
    let assessor = AnswerAssessor()

    func testABareListOfTermsStaysBelowIntermediate() throws {
        let problem = try XCTUnwrap(bank.problem("debug-not-converging"))
        let list = "Overfit one batch, ln C, data pipeline, gradient norms, LR range test, sanity checks."
        let assessment = assessor.assess(list, for: problem)
        XCTAssertTrue(assessment.isBareList)
        XCTAssertLessThan(assessment.score, 50)
        let explained = assessor.assess(problem.modelAnswer, for: problem)
        XCTAssertFalse(explained.isBareList, "the model answer is an explanation")
        XCTAssertFalse(
            TextAnalysis.isBareList("Dropout zeroes random units while training, and it is switched off at inference."))
    }

    /// A candidate who stated nothing gets no invented strengths.
    func testNoInventedStrengths() throws {
        let problem = try XCTUnwrap(bank.problem("dropout"))
        let nothing = AnswerAssessor().assess("I'm not sure.", for: problem)
        let scorecard = InterviewScorecard(
            answered: [
                Interviewer.AnsweredQuestion(
                    problem: problem, assessment: nothing, hintsUsed: 0, strongFirstTime: false, askedIn: .warmup)
            ], sandbox: nil)
        XCTAssertEqual(scorecard.strengths, ["Nothing to cite yet: no answer stated a key concept"])
    }

    /// `converge assess` can show the words that earned each concept.
    func testTheEvidenceOfAConceptIsItsWords() throws {
        let problem = try XCTUnwrap(bank.problem("dropout"))
        let assessment = assessor.assess("At inference dropout is switched off.", for: problem)
        XCTAssertEqual(assessment.evidence["inference"], "infer dropout switch off")
    }

    func testAWeakAnswerGetsOneProbeAndNoRecital() throws {
        let interviewer = Interviewer(bank: bank, scenarios: catalog, library: library, seed: 1)
        let question = try XCTUnwrap(interviewer.opening().last { $0.kind == .question })
        let problem = try XCTUnwrap(bank.problem(question.problemID ?? ""))
        let turns = interviewer.respond("I am not sure, maybe it depends on the data.")
        let feedback = try XCTUnwrap(turns.first { $0.kind == .feedback })
        for concept in problem.concepts { XCTAssertFalse(feedback.text.contains(concept.name), concept.name) }
        XCTAssertEqual(turns.filter { $0.kind == .probe }.count, 1)
        let closing = interviewer.respond("I don't know.")
        let named = try XCTUnwrap(closing.first { $0.kind == .feedback }).text
        XCTAssertTrue(named.contains("A complete answer would also cover"), named)
    }
}

/// The labelled answers of the bank, written by candidates who had not read the assessor.
final class CalibrationTests: XCTestCase {
    func testEveryProblemHasSixLabelledAnswersOfEveryKind() {
        for problem in bank.problems {
            XCTAssertEqual(
                Set(problem.calibration.map(\.kind)), Set(CalibrationAnswer.Kind.allCases), problem.id)
        }
    }

    /// The targets over the bank's own labelled answers: precision and recall at
    /// least 0.9, no wrong answer or keyword list at 50 or more, every strong paraphrase at
    /// 70 or more. `converge assess --calibration` prints them.
    func testTheAssessorMeetsItsTargetsOnTheBank() {
        let report = CalibrationReport(bank: bank)
        XCTAssertEqual(report.answers, 288)
        XCTAssertGreaterThanOrEqual(report.precision, 0.9)
        XCTAssertGreaterThanOrEqual(report.recall, 0.9)
        XCTAssertEqual(report.wrongAtFiftyOrMore, 0)
        XCTAssertEqual(report.listsAtFiftyOrMore, 0, "a bare list of terms never reaches Intermediate")
        XCTAssertEqual(report.strongBelowSeventy, 0)
    }

    /// Answers nobody tuned the phrasings against (see HeldOut/README.md). The targets are not
    /// all met there yet: this ratchet holds today's numbers so no change makes them worse.
    func testTheAssessorOnHeldOutAnswersIsNoWorseThanToday() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HeldOut")
        let report = CalibrationReport(labelled: try bank.heldOutAnswers(in: folder))
        XCTAssertEqual(report.answers, 144)
        XCTAssertGreaterThanOrEqual(report.precision, 0.88)
        XCTAssertGreaterThanOrEqual(report.recall, 0.96)
        XCTAssertLessThanOrEqual(report.wrongAtFiftyOrMore, 1)
        XCTAssertEqual(report.listsAtFiftyOrMore, 0)
        XCTAssertEqual(report.strongBelowSeventy, 0)
    }

    /// A misconception never fires on a correct answer: the model answer, the strong example,
    /// and the strong calibration answers of every problem keep every concept uncancelled.
    func testNoMisconceptionFiresOnACorrectAnswer() {
        let assessor = AnswerAssessor()
        for problem in bank.problems {
            let correct =
                [problem.modelAnswer] + [problem.strongExample].compactMap { $0 }
                + problem.calibration.filter { [.paraphrase, .negationElsewhere, .partial].contains($0.kind) }.map(
                    \.answer)
            for answer in correct {
                let cancelled = assessor.assess(answer, for: problem).cancelled
                XCTAssertEqual(cancelled, [:], "\(problem.id): \(answer.prefix(60))")
            }
        }
    }

    /// A confidently wrong answer that states a misconception loses the concept, is held below
    /// Intermediate, and `assess` can say which misconception did it; a later correction in a
    /// probe's reply lifts the cancellation.
    func testAMisconceptionCancelsItsConceptAndCapsTheAnswer() throws {
        let problem = try XCTUnwrap(bank.problem("batchnorm"))
        let answer =
            "BatchNorm normalises each feature over the mini-batch with a learned scale and shift; at inference it "
            + "uses the batch statistics of whatever batch you pass in, and it works well with small batches."
        let assessment = AnswerAssessor().assess(answer, for: problem)
        XCTAssertFalse(assessment.cancelled.isEmpty, "\(assessment)")
        XCTAssertLessThanOrEqual(assessment.score, Assessment.misconceptionCeiling)
        for id in assessment.cancelled.keys { XCTAssertFalse(assessment.covered.contains(id), id) }
        let correction = Assessment(
            problemID: problem.id, covered: Array(assessment.cancelled.keys), missed: [], wordCount: 5)
        let merged = assessment.merged(with: correction)
        XCTAssertTrue(merged.cancelled.isEmpty)
        XCTAssertGreaterThan(merged.score, assessment.score)
    }
}
