/// How well the assessor agrees with the labelled answers of the bank: concept precision and
/// recall, and the answers that land outside their band. `converge assess --calibration`.
public struct CalibrationReport: Sendable {
    /// One labelled answer the assessor read differently from its label.
    public struct Disagreement: Sendable {
        public var problem: String
        public var kind: CalibrationAnswer.Kind
        public var score: Int
        public var band: ClosedRange<Int>
        /// Concepts credited that the label says it must not be, and missed that it must be.
        public var wronglyCredited: [String]
        public var wronglyMissed: [String]
    }

    public var answers = 0
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    /// Confidently wrong answers that scored 50 or more.
    public var wrongAtFiftyOrMore = 0
    /// Keyword lists that scored 50 or more.
    public var listsAtFiftyOrMore = 0
    /// Strong paraphrases (either kind) below 70.
    public var strongBelowSeventy = 0
    public var disagreements: [Disagreement] = []

    /// Reads every calibration answer of `bank` with `assessor`.
    public init(bank: ProblemBank, assessor: AnswerAssessor = AnswerAssessor()) {
        self.init(labelled: bank.problems.map { ($0, $0.calibration) }, assessor: assessor)
    }

    /// Reads every labelled answer with `assessor`.
    public init(
        labelled: [(problem: Problem, answers: [CalibrationAnswer])], assessor: AnswerAssessor = AnswerAssessor()
    ) {
        for (problem, labels) in labelled {
            for label in labels {
                answers += 1
                let assessment = assessor.assess(label.answer, for: problem)
                let credited = Set(assessment.covered)
                truePositives += label.covers.filter(credited.contains).count
                falseNegatives += label.covers.filter { !credited.contains($0) }.count
                falsePositives += label.misses.filter(credited.contains).count
                if label.kind == .wrong && assessment.score >= 50 { wrongAtFiftyOrMore += 1 }
                if label.kind == .keywordList && assessment.score >= 50 { listsAtFiftyOrMore += 1 }
                if [.paraphrase, .negationElsewhere].contains(label.kind) && assessment.score < 70 {
                    strongBelowSeventy += 1
                }
                let wronglyCredited = label.misses.filter(credited.contains)
                let wronglyMissed = label.covers.filter { !credited.contains($0) }
                if !label.score.contains(assessment.score) || !wronglyCredited.isEmpty || !wronglyMissed.isEmpty {
                    disagreements.append(
                        Disagreement(
                            problem: problem.id, kind: label.kind, score: assessment.score, band: label.score,
                            wronglyCredited: wronglyCredited, wronglyMissed: wronglyMissed))
                }
            }
        }
    }

    /// Of the concepts credited where the label decides, the share the label agrees with.
    public var precision: Double {
        truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }

    /// Of the concepts the labels say are stated, the share credited.
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
}
