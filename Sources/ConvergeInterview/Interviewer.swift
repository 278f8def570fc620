import ConvergeEngine
import ConvergeGrader
import ConvergeScenarios
import ConvergeSession
import Foundation

/// The Research Scientist who runs the interview: fundamentals warm-up, the hands-on
/// debugging sandbox, architecture and design, then the scorecard.
///
/// Rigorous but encouraging; moves from *what* to *why* to *what if*; probes a missing
/// concept rather than reciting it; patient when the warm-up goes badly, quick to accelerate
/// when it goes well. Every reply is measured: answers by the concepts they cover, the
/// sandbox by the grader.
public final class Interviewer {
    public enum Phase: String, Sendable {
        case warmup, sandbox, design, scorecard, finished
    }

    /// Everything an answered question leaves behind.
    public struct AnsweredQuestion: Sendable {
        public var problem: Problem
        public var assessment: Assessment
        public var hintsUsed: Int
        /// Whether the first reply alone covered the concepts that counted (no probe needed).
        public var strongFirstTime: Bool
    }

    public private(set) var phase: Phase = .warmup
    /// 1 (easiest) to 5 (hardest): where on the bank the next question comes from.
    public private(set) var level: Int
    public private(set) var answered: [AnsweredQuestion] = []
    /// The grade of the debugging sandbox, once submitted.
    public private(set) var sandboxGrade: Grade?
    public var isFinished: Bool { phase == .finished }

    let bank: ProblemBank
    let scenarios: [Scenario]
    let library: DataLibrary
    let record: InterviewRecord?
    let style: TextStyle
    let recordsFolder: URL?
    var generator: RandomGenerator
    let assessor = AnswerAssessor()

    var current: Problem?
    var currentAssessment: Assessment?
    var hintsGiven = 0
    var probing: Problem.Concept?
    var awaitingFollowUp = false
    var awaitingFocusTopic = false
    var focusTopic: String?
    var asked: Set<String> = []
    var questionsInPhase = 0
    var acceleration = false
    var session: Session?
    var sessionTranscript: URL?

    static let warmupQuestions = 2
    static let designQuestions = 2

    public init(bank: ProblemBank, scenarios: [Scenario], library: DataLibrary, seed: UInt64 = 0,
                record: InterviewRecord? = nil, recordsFolder: URL? = nil, style: TextStyle = .plain) {
        self.bank = bank
        self.scenarios = scenarios
        self.library = library
        self.record = record
        self.recordsFolder = recordsFolder
        self.style = style
        self.generator = RandomGenerator(seed: seed)
        self.level = 2
        record?.append("start", [("seed", .number(Double(seed)))])
    }

    // MARK: Opening

    /// A warm greeting and the first question, nothing else.
    public func opening() -> [InterviewTurn] {
        let greeting = "Hi, thanks for making the time. I'm a research scientist on the team: I've published, and I've also shipped models that serve millions of people, so today we'll move between the theory and what it takes to make it work. Let's start with the fundamentals."
        return [InterviewTurn(kind: .greeting, phase: phase, text: greeting)] + askNext()
    }

    // MARK: Input

    /// Commands the candidate can give instead of an answer.
    public static let commands: Set<String> = ["hint", "easier", "harder", "answer", "skip", "quit", "attention", "continue", "help"]

    /// Responds to one answer (possibly several lines) or one command.
    public func respond(_ input: String) -> [InterviewTurn] {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if phase == .finished { return [] }
        if phase == .sandbox { return sandboxInput(text) }
        if awaitingFocusTopic { return chooseFocus(text) }
        switch text.lowercased() {
        case "hint": return hint()
        case "easier": return move(by: -1)
        case "harder": return move(by: 1)
        case "answer": return modelAnswer()
        case "skip": return finishQuestion(skipped: true)
        case "quit": return finishInterview()
        case "attention": return [InterviewTurn(kind: .info, phase: phase, text: AttentionPicture().rendered(style: style, unscaled: false))]
        case "continue": return offerContinuation()
        case "help":
            return [InterviewTurn(kind: .info, phase: phase, text: "Answer in your own words (several lines are fine; a blank line ends the answer). You can also say: hint, easier, harder, answer (the model answer), skip, attention (the self-attention picture), continue (work on your past weak spots), quit.")]
        default: return answer(text)
        }
    }

    // MARK: Questions

    func askNext() -> [InterviewTurn] {
        let limit = phase == .warmup ? Interviewer.warmupQuestions : Interviewer.designQuestions
        if questionsInPhase >= limit {
            return phase == .warmup ? startSandbox() : finishInterview()
        }
        guard let problem = pick(phase: phase == .design ? "design" : "warmup") else {
            return phase == .warmup ? startSandbox() : finishInterview()
        }
        return ask(problem, preface: nil)
    }

    func ask(_ problem: Problem, preface: String?) -> [InterviewTurn] {
        current = problem
        currentAssessment = nil
        hintsGiven = 0
        probing = nil
        awaitingFollowUp = false
        asked.insert(problem.id)
        record?.append("question", [("problem", .string(problem.id)), ("difficulty", .number(Double(problem.difficulty))),
                                    ("phase", .string(phase.rawValue))])
        let text = (preface.map { $0 + "\n\n" } ?? "") + problem.question
        return [InterviewTurn(kind: .question, phase: phase, problemID: problem.id, difficulty: problem.difficulty, text: text)]
    }

    /// The unasked problem of `phase` nearest the current level (the focus topic first, and
    /// at high levels the specification's worked problems first), ties broken by the seed.
    func pick(phase wanted: String) -> Problem? {
        var pool = bank.problems.filter { $0.phase == wanted && !asked.contains($0.id) }
        if let focusTopic, pool.contains(where: { $0.topic == focusTopic }) { pool = pool.filter { $0.topic == focusTopic } }
        guard !pool.isEmpty else { return nil }
        if wanted == "design" && level >= 4 {
            for id in ["rnn-vs-transformer", "llm-7b-pipeline"] where focusTopic == nil {
                if let problem = pool.first(where: { $0.id == id }) { return problem }
            }
        }
        let distance = pool.map { abs($0.difficulty - level) }.min() ?? 0
        let nearest = pool.filter { abs($0.difficulty - level) == distance }
        return nearest[generator.nextIndex(below: nearest.count)]
    }

    func move(by step: Int) -> [InterviewTurn] {
        guard let problem = current else { return [] }
        level = Swift.min(5, Swift.max(1, problem.difficulty + step))
        asked.remove(problem.id)
        var pool = bank.problems.filter { $0.phase == problem.phase && !asked.contains($0.id) && $0.id != problem.id }
        pool = pool.filter { step < 0 ? $0.difficulty < problem.difficulty : $0.difficulty > problem.difficulty }
        guard !pool.isEmpty else {
            asked.insert(problem.id)
            return [InterviewTurn(kind: .info, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                                  text: step < 0 ? "This is already the gentlest question I have here. Take your time with it." : "This is already as hard as this part gets.")]
        }
        let distance = pool.map { abs($0.difficulty - level) }.min() ?? 0
        let nearest = pool.filter { abs($0.difficulty - level) == distance }
        let next = nearest[generator.nextIndex(below: nearest.count)]
        record?.append(step < 0 ? "easier" : "harder", [("from", .string(problem.id)), ("to", .string(next.id))])
        return ask(next, preface: step < 0 ? "Sure, let's step back to something more foundational." : "Happy to raise the bar.")
    }

    func hint() -> [InterviewTurn] {
        guard let problem = current else { return [] }
        guard hintsGiven < problem.hints.count else {
            return [InterviewTurn(kind: .info, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                                  text: "That was the full answer. Tell me what you make of it in your own words.", hintLevel: hintsGiven)]
        }
        hintsGiven += 1
        record?.append("hint", [("problem", .string(problem.id)), ("level", .number(Double(hintsGiven)))])
        return [InterviewTurn(kind: .hint, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                              text: "Hint \(hintsGiven): \(problem.hints[hintsGiven - 1])", hintLevel: hintsGiven)]
    }

    func modelAnswer() -> [InterviewTurn] {
        guard let problem = current ?? answered.last?.problem else { return [] }
        record?.append("model_answer", [("problem", .string(problem.id))])
        return [InterviewTurn(kind: .modelAnswer, phase: phase, problemID: problem.id, difficulty: problem.difficulty, text: problem.modelAnswer)]
    }

    // MARK: Answers

    func answer(_ text: String) -> [InterviewTurn] {
        guard let problem = current else { return [] }
        if awaitingFollowUp {
            awaitingFollowUp = false
            record?.append("follow_up_answer", [("problem", .string(problem.id)), ("answer", .string(text))])
            return [InterviewTurn(kind: .feedback, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                                  text: "Good, that's the kind of trade-off thinking I was after.")] + finishQuestion(skipped: false)
        }
        let assessment = assessor.assess(text, for: problem)
        let combined = currentAssessment.map { $0.merged(with: assessment) } ?? assessment
        let firstReply = currentAssessment == nil
        currentAssessment = combined
        record?.append("answer", [("problem", .string(problem.id)), ("answer", .string(text))])
        let names = { (ids: [String]) in ids.compactMap { id in problem.concepts.first { $0.id == id }?.name } }
        var turns: [InterviewTurn] = []
        let feedback = feedbackText(combined, names: names)
        turns.append(InterviewTurn(kind: .feedback, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                                   text: feedback, covered: combined.covered, missed: combined.missed, hintLevel: hintsGiven))
        // Probe one missing concept rather than recite it (once per question).
        if firstReply, let missing = combined.missed.first, let concept = problem.concepts.first(where: { $0.id == missing }) {
            probing = concept
            turns.append(InterviewTurn(kind: .probe, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                                       text: concept.probe, covered: combined.covered, missed: combined.missed, hintLevel: hintsGiven))
            return turns
        }
        // A strong, unaided answer: accelerate, and add a "what if" constraint.
        if firstReply && combined.score >= 80 && hintsGiven == 0, acceleration || phase == .design, let followUp = problem.followUps.first {
            awaitingFollowUp = true
            turns.append(InterviewTurn(kind: .followUp, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                                       text: "Let me push on that. " + followUp, covered: combined.covered, missed: combined.missed))
            currentStrongFirstTime = true
            return turns
        }
        currentStrongFirstTime = firstReply && combined.score >= 80 && hintsGiven == 0
        return turns + finishQuestion(skipped: false)
    }

    var currentStrongFirstTime = false

    func feedbackText(_ assessment: Assessment, names: ([String]) -> [String]) -> String {
        let covered = names(assessment.covered), missed = names(assessment.missed)
        var lines: [String] = []
        switch assessment.score {
        case 80...: lines.append("That's a strong answer.")
        case 50..<80: lines.append("Good, you have the core of it.")
        case 1..<50: lines.append("You're on the right track, but there's more to it.")
        default: lines.append("Let's dig into this together.")
        }
        if !covered.isEmpty { lines.append("Covered: " + covered.joined(separator: "; ") + ".") }
        if !missed.isEmpty { lines.append("Not yet covered: " + missed.joined(separator: "; ") + ".") }
        return lines.joined(separator: "\n")
    }

    /// Closes the current question, adapts the level, and asks the next one.
    func finishQuestion(skipped: Bool) -> [InterviewTurn] {
        guard let problem = current else { return askNext() }
        let assessment = currentAssessment ?? Assessment(problemID: problem.id, covered: [], missed: problem.concepts.map(\.id), wordCount: 0)
        let strongFirst = currentStrongFirstTime && !skipped
        answered.append(AnsweredQuestion(problem: problem, assessment: assessment, hintsUsed: hintsGiven, strongFirstTime: strongFirst))
        record?.append("assessment", [
            ("problem", .string(problem.id)), ("score", .number(Double(assessment.score))),
            ("covered", .array(assessment.covered.map { .string($0) })), ("missed", .array(assessment.missed.map { .string($0) })),
            ("hints", .number(Double(hintsGiven))), ("skipped", .bool(skipped)),
        ])
        current = nil
        currentAssessment = nil
        currentStrongFirstTime = false
        questionsInPhase += 1
        adaptLevel(after: assessment, strongFirst: strongFirst, problem: problem)
        var turns: [InterviewTurn] = []
        if skipped {
            turns.append(InterviewTurn(kind: .info, phase: phase, problemID: problem.id, text: "No problem, let's move on."))
        }
        return turns + askNext()
    }

    /// Poor warm-up answers keep the interview at the easiest level; strong, unaided ones skip
    /// ahead to the hardest problems and add follow-up constraints.
    func adaptLevel(after assessment: Assessment, strongFirst: Bool, problem: Problem) {
        if phase == .warmup {
            let warmups = answered.filter { $0.problem.phase == "warmup" }
            if warmups.allSatisfy({ $0.strongFirstTime }) && strongFirst {
                level = Swift.min(5, Swift.max(level, problem.difficulty) + 2)
                acceleration = true
            } else if assessment.score < 50 {
                level = 1
                acceleration = false
            } else {
                level = Swift.max(1, Swift.min(5, problem.difficulty + (assessment.score >= 80 ? 1 : 0)))
            }
        } else {
            if assessment.score < 50 { level = Swift.max(1, level - 1) } else if strongFirst { level = Swift.min(5, level + 1) }
        }
    }

    // MARK: Continuing

    func offerContinuation() -> [InterviewTurn] {
        let weak = recordsFolder.map { InterviewRecord.weakTopics(in: $0, bank: bank) } ?? []
        awaitingFocusTopic = true
        let summary = weak.isEmpty ? "I don't have notes from a past interview with you yet."
            : "From your past interviews, the topics that gave you the most trouble were " + weak.prefix(3).map { "\($0.topic) (\($0.average)%)" }.joined(separator: ", ") + "."
        let topics = Set(bank.problems.map(\.topic)).sorted().joined(separator: ", ")
        return [InterviewTurn(kind: .info, phase: phase, text: summary + " What would you like to work on? (one of: \(topics))")]
    }

    func chooseFocus(_ text: String) -> [InterviewTurn] {
        awaitingFocusTopic = false
        let topics = Set(bank.problems.map(\.topic))
        let words = Set(TextAnalysis.stems(text))
        let chosen = topics.sorted().first { words.contains(TextAnalysis.stem($0)) || text.lowercased().contains($0) }
            ?? (recordsFolder.flatMap { InterviewRecord.weakTopics(in: $0, bank: bank).first?.topic })
        focusTopic = chosen
        record?.append("focus", [("topic", chosen.map { .string($0) } ?? .null)])
        let preface = chosen.map { "Good, let's focus on \($0)." } ?? "Let's keep a broad mix, then."
        if let problem = current { asked.remove(problem.id) }
        guard let next = pick(phase: phase == .design ? "design" : "warmup") ?? pick(phase: phase == .design ? "warmup" : "design") else {
            return [InterviewTurn(kind: .info, phase: phase, text: preface)]
        }
        return ask(next, preface: preface)
    }

    // MARK: The sandbox

    func startSandbox() -> [InterviewTurn] {
        phase = .sandbox
        questionsInPhase = 0
        let difficulty: Scenario.Difficulty = level <= 2 ? .easy : level == 3 ? .medium : .hard
        let pool = scenarios.filter { $0.difficulty == difficulty }
        let candidates = pool.isEmpty ? scenarios : pool
        guard !candidates.isEmpty else { return startDesign() }
        let scenario = candidates[generator.nextIndex(below: candidates.count)]
        let transcriptURL = (record?.url.deletingPathExtension().path).map { URL(fileURLWithPath: $0 + "-sandbox.jsonl") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("converge-sandbox-\(UUID().uuidString).jsonl")
        do {
            session = try Session(scenario: scenario, library: library, style: style, transcript: try Transcript(url: transcriptURL))
            sessionTranscript = transcriptURL
        } catch {
            return [InterviewTurn(kind: .info, phase: phase, text: "The sandbox could not start (\(error)); let's continue with design questions.")] + startDesign()
        }
        record?.append("sandbox", [("scenario", .string(scenario.id)), ("transcript", .string(transcriptURL.path))])
        let intro = "Now let's get hands-on. This is the question I care about most: your model is not converging. Walk me through your debugging process, here, on a real training run. Type commands (`help` lists them), and `submit` when you have fixed it."
        return [InterviewTurn(kind: .sandbox, phase: phase, text: intro + "\n\n" + (session?.opening ?? ""))]
    }

    func sandboxInput(_ text: String) -> [InterviewTurn] {
        guard let session else { return startDesign() }
        if text.lowercased() == "quit" { return finishInterview() }
        let result = session.execute(text)
        var turns = [InterviewTurn(kind: .sandbox, phase: phase, text: result.text)]
        if session.isFinished {
            if let url = sessionTranscript, let log = try? ActionLog.read(contentsOf: url) {
                sandboxGrade = Grader(scenario: session.scenario).grade(log)
                record?.append("sandbox_grade", [("grade", sandboxGrade?.json ?? .null)])
            }
            turns += startDesign()
        }
        return turns
    }

    func startDesign() -> [InterviewTurn] {
        phase = .design
        questionsInPhase = 0
        session = nil
        let transition = sandboxGrade.map { grade in
            grade.rootCauseFixed ? "Nicely done: you found the root cause." : "Thanks for walking me through that; we'll look at it together in the scorecard."
        } ?? "Let's move on."
        return [InterviewTurn(kind: .info, phase: phase, text: transition + " Now some architecture and design.")] + askNext()
    }

    // MARK: The end

    func finishInterview() -> [InterviewTurn] {
        if let problem = current, let assessment = currentAssessment {
            answered.append(AnsweredQuestion(problem: problem, assessment: assessment, hintsUsed: hintsGiven, strongFirstTime: false))
        }
        current = nil
        phase = .scorecard
        let scorecard = InterviewScorecard(answered: answered, sandbox: sandboxGrade)
        record?.append("scorecard", [("scorecard", scorecard.json)])
        let text = scorecard.text
        phase = .finished
        return [InterviewTurn(kind: .scorecard, phase: .scorecard, text: text),
                InterviewTurn(kind: .farewell, phase: .finished, text: "Thank you, I enjoyed this. Keep pushing on the why behind each answer.")]
    }

    /// The scorecard as it stands (the whole interview once finished).
    public var scorecard: InterviewScorecard { InterviewScorecard(answered: answered, sandbox: sandboxGrade) }
}
