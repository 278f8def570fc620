import ConvergeEngine
import ConvergeGrader
import ConvergeLanguage
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

/// The Research Scientist who runs the interview: fundamentals warm-up, the hands-on
/// debugging sandbox, architecture and design, then the scorecard.
///
/// Rigorous but encouraging; moves from *what* to *why* to *what if*; probes a missing
/// concept rather than reciting it; patient when the warm-up goes badly, quick to accelerate
/// when it goes well. Every reply is measured: answers by the concepts they cover, the
/// sandbox by the grader.
///
/// The interviewer is a state machine: `state` says where the interview is and carries
/// exactly what that moment needs (the open question with its hints and assessment, the
/// sandbox session, the question set aside while a focus topic is chosen). Each reply is
/// one transition, written in `respond`.
public final class Interviewer {
    /// The interview's phase, as turns and the scorecard name it.
    public enum Phase: String, Sendable {
        case warmup, sandbox, design, scorecard, finished

        init(_ questionPhase: Problem.Phase) {
            self = questionPhase == .warmup ? .warmup : .design
        }
    }

    /// Everything an answered question leaves behind.
    public struct AnsweredQuestion: Sendable {
        public var problem: Problem
        public var assessment: Assessment
        public var hintsUsed: Int
        /// Whether the first reply alone covered the concepts that counted (no probe needed).
        public var strongFirstTime: Bool
        /// The phase that asked it (a focus topic can bring in a problem of the other phase).
        public var askedIn: Problem.Phase
    }

    /// A question the candidate is answering.
    struct OpenQuestion {
        /// What the last reply was for.
        enum Stage {
            /// The question itself, or the answer after a probe.
            case answering
            /// The interviewer asked about one missing concept.
            case probing(Problem.Concept)
            /// The interviewer added a "what if" constraint after a strong answer.
            case followingUp
        }

        /// The interview phase that asked it.
        var phase: Problem.Phase
        var problem: Problem
        /// Every reply so far, merged; nil before the first reply.
        var assessment: Assessment?
        var hintsGiven = 0
        var stage = Stage.answering
        /// The first reply, unaided, was strong.
        var strongFirstTime = false
    }

    /// Where the interview is.
    enum State {
        /// In a question phase, between questions.
        case idle(Problem.Phase)
        /// A question is open.
        case asking(OpenQuestion)
        /// The interviewer asked which topic to work on; the open question waits.
        case choosingFocus(Problem.Phase, setAside: OpenQuestion?)
        /// The debugging sandbox: every line is a session command.
        case sandbox(Session, transcript: URL)
        case finished
    }

    /// How hard the next question is: 1 (easiest) to 5, and whether strong warm-up answers
    /// earned "what if" follow-ups.
    struct Pace {
        var level = 2
        var accelerating = false
    }

    var state = State.idle(.warmup)
    var pace = Pace()
    public private(set) var answered: [AnsweredQuestion] = []
    /// The grade of the debugging sandbox, once submitted.
    public private(set) var sandboxGrade: Grade?
    /// Whether the last sandbox input was a first `quit`, which asked for a second.
    var quitAsked = false

    /// The interview phase now.
    public var phase: Phase {
        switch state {
        case .idle(let phase), .choosingFocus(let phase, _): return Phase(phase)
        case .asking(let question): return Phase(question.phase)
        case .sandbox: return .sandbox
        case .finished: return .finished
        }
    }

    /// 1 (easiest) to 5 (hardest): where on the bank the next question comes from.
    public var level: Int { pace.level }
    public var isFinished: Bool { phase == .finished }

    let bank: ProblemBank
    let scenarios: [Scenario]
    let library: DataLibrary
    let record: InterviewRecord?
    let style: TextStyle
    /// Ctrl-C on a terminal: stops a sandbox command's training, never the interview.
    public var cancellation: CancellationFlag?
    let recordsFolder: URL?
    var generator: RandomGenerator
    let assessor = AnswerAssessor()
    /// The topic the candidate chose to work on, if any.
    var focusTopic: String?
    /// Problems asked so far, so none comes twice.
    var asked: Set<String> = []

    static let warmupQuestions = 2
    static let designQuestions = 2

    public init(
        bank: ProblemBank, scenarios: [Scenario], library: DataLibrary, seed: UInt64 = 0,
        record: InterviewRecord? = nil, recordsFolder: URL? = nil, style: TextStyle = .plain
    ) {
        self.bank = bank
        self.scenarios = scenarios
        self.library = library
        self.record = record
        self.recordsFolder = recordsFolder
        self.style = style
        self.generator = RandomGenerator(seed: seed)
        record?.append("start", [("seed", .number(Double(seed)))])
    }

    // MARK: Opening

    /// A warm greeting and the first question, nothing else.
    public func opening() -> [InterviewTurn] {
        let greeting =
            "Hi, thanks for making the time. I'm a research scientist on the team: I've published, and I've also shipped models that serve millions of people, so today we'll move between the theory and what it takes to make it work. Let's start with the fundamentals."
        return [InterviewTurn(kind: .greeting, phase: phase, text: greeting)] + askNext(in: .warmup)
    }

    // MARK: Input

    /// Commands the candidate can give instead of an answer.
    public static let commands: Set<String> = [
        "hint", "easier", "harder", "answer", "skip", "quit", "attention", "continue", "help",
    ]

    /// Whether a line is one of `commands`, alone or with its flags (`attention --unscaled`),
    /// rather than an answer.
    public static func isCommand(_ line: String) -> Bool {
        let words = line.lowercased().split(separator: " ")
        guard let first = words.first, commands.contains(String(first)) else { return false }
        return words.dropFirst().allSatisfy { $0.hasPrefix("--") }
    }

    /// The open question, if any.
    var current: OpenQuestion? {
        if case .asking(let question) = state { return question }
        return nil
    }

    /// The question phase now (the design phase once the warm-up is over).
    var questionPhase: Problem.Phase {
        switch state {
        case .idle(let phase), .choosingFocus(let phase, _): return phase
        case .asking(let question): return question.phase
        case .sandbox, .finished: return .design
        }
    }

    /// Responds to one answer (possibly several lines) or one command: one transition.
    public func respond(_ input: String) -> [InterviewTurn] {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines).withVisibleControlCharacters
        if text.count > AnswerAssessor.maximumCharacters {
            return [
                InterviewTurn(
                    kind: .info, phase: phase,
                    text:
                        "That is \(text.count) characters; I read answers of up to \(AnswerAssessor.maximumCharacters). Give me the short version."
                )
            ]
        }
        switch state {
        case .finished: return []
        case .sandbox(let session, let transcript): return sandboxInput(text, session: session, transcript: transcript)
        case .choosingFocus(let phase, let setAside): return chooseFocus(text, phase: phase, setAside: setAside)
        case .idle, .asking: break
        }
        if Self.isCommand(text), text.contains(" ") { return commandWithFlags(text) }
        if !Self.commands.contains(text.lowercased()), let command = SessionCommands.spec(named: text.lowercased()) {
            return [
                InterviewTurn(
                    kind: .info, phase: phase,
                    text:
                        "`\(command.name)` is a command of the debugging sandbox, which comes after these questions. "
                        + "For now, answer in your own words, or say help."
                )
            ]
        }
        switch text.lowercased() {
        case "hint": return hint()
        case "easier": return move(by: -1)
        case "harder": return move(by: 1)
        case "answer": return modelAnswer()
        case "skip": return finishQuestion(skipped: true)
        case "quit": return finishInterview()
        case "attention":
            return [
                InterviewTurn(
                    kind: .info, phase: phase, text: AttentionPicture().rendered(style: style, unscaled: false))
            ]
        case "continue": return offerContinuation()
        case "help":
            return [
                InterviewTurn(
                    kind: .info, phase: phase,
                    text:
                        "Answer in your own words (several lines are fine; a blank line ends the answer). You can also say: hint, easier, harder, answer (the model answer), skip, attention (the self-attention picture), continue (work on your past weak spots), quit."
                )
            ]
        default: return answer(text)
        }
    }

    /// A command given with flags: `attention --unscaled` draws the picture without the
    /// 1/sqrt(d) scale; any other flag is explained rather than read as an answer.
    func commandWithFlags(_ text: String) -> [InterviewTurn] {
        let words = text.lowercased().split(separator: " ").map(String.init)
        if words == ["attention", "--unscaled"] {
            return [
                InterviewTurn(
                    kind: .info, phase: phase, text: AttentionPicture().rendered(style: style, unscaled: true))
            ]
        }
        return [
            InterviewTurn(
                kind: .info, phase: phase,
                text:
                    "`\(words[0])` takes no \(words.dropFirst().joined(separator: " ")) here"
                    + (words[0] == "attention" ? " (only --unscaled)" : "") + ". Say help for what you can say.")
        ]
    }

    // MARK: Questions

    /// How many questions `phase` has closed.
    func questionsClosed(in phase: Problem.Phase) -> Int {
        answered.filter { $0.askedIn == phase }.count
    }

    func askNext(in phase: Problem.Phase) -> [InterviewTurn] {
        state = .idle(phase)
        let limit = phase == .warmup ? Interviewer.warmupQuestions : Interviewer.designQuestions
        guard questionsClosed(in: phase) < limit, let problem = pick(phase: phase) else {
            return phase == .warmup ? startSandbox() : finishInterview()
        }
        return ask(problem, in: phase, preface: nil)
    }

    func ask(_ problem: Problem, in phase: Problem.Phase, preface: String?) -> [InterviewTurn] {
        state = .asking(OpenQuestion(phase: phase, problem: problem))
        asked.insert(problem.id)
        record?.append(
            "question",
            [
                ("problem", .string(problem.id)), ("difficulty", .number(Double(problem.difficulty))),
                ("phase", .string(phase.rawValue)),
            ])
        let text = (preface.map { $0 + "\n\n" } ?? "") + problem.question
        return [
            InterviewTurn(
                kind: .question, phase: Phase(phase), problemID: problem.id, difficulty: problem.difficulty, text: text)
        ]
    }

    /// The unasked problem of `phase` nearest the current level (the focus topic first, and
    /// at high levels the specification's worked problems first), ties broken by the seed.
    func pick(phase wanted: Problem.Phase) -> Problem? {
        var pool = bank.problems.filter { $0.phase == wanted && !asked.contains($0.id) }
        if let focusTopic, pool.contains(where: { $0.topic == focusTopic }) {
            pool = pool.filter { $0.topic == focusTopic }
        }
        guard !pool.isEmpty else { return nil }
        if wanted == .design && pace.level >= 4 {
            for id in ["rnn-vs-transformer", "llm-7b-pipeline"] where focusTopic == nil {
                if let problem = pool.first(where: { $0.id == id }) { return problem }
            }
        }
        let distance = pool.map { abs($0.difficulty - pace.level) }.min() ?? 0
        let nearest = pool.filter { abs($0.difficulty - pace.level) == distance }
        return nearest[generator.nextIndex(below: nearest.count)]
    }

    func move(by step: Int) -> [InterviewTurn] {
        guard let question = current else { return [] }
        let problem = question.problem
        pace.level = Swift.min(5, Swift.max(1, problem.difficulty + step))
        asked.remove(problem.id)
        var pool = bank.problems.filter { $0.phase == problem.phase && !asked.contains($0.id) && $0.id != problem.id }
        pool = pool.filter { step < 0 ? $0.difficulty < problem.difficulty : $0.difficulty > problem.difficulty }
        guard !pool.isEmpty else {
            asked.insert(problem.id)
            return [
                InterviewTurn(
                    kind: .info, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                    text: step < 0
                        ? "This is already the gentlest question I have here. Take your time with it."
                        : "This is already as hard as this part gets.")
            ]
        }
        let distance = pool.map { abs($0.difficulty - pace.level) }.min() ?? 0
        let nearest = pool.filter { abs($0.difficulty - pace.level) == distance }
        let next = nearest[generator.nextIndex(below: nearest.count)]
        record?.append(step < 0 ? "easier" : "harder", [("from", .string(problem.id)), ("to", .string(next.id))])
        return ask(
            next, in: question.phase,
            preface: step < 0 ? "Sure, let's step back to something more foundational." : "Happy to raise the bar.")
    }

    func hint() -> [InterviewTurn] {
        guard var question = current else { return [] }
        let problem = question.problem
        guard question.hintsGiven < problem.hints.count else {
            return [
                InterviewTurn(
                    kind: .info, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                    text: "That was the full answer. Tell me what you make of it in your own words.",
                    hintLevel: question.hintsGiven)
            ]
        }
        question.hintsGiven += 1
        state = .asking(question)
        record?.append("hint", [("problem", .string(problem.id)), ("level", .number(Double(question.hintsGiven)))])
        return [
            InterviewTurn(
                kind: .hint, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                text: "Hint \(question.hintsGiven): \(problem.hints[question.hintsGiven - 1])",
                hintLevel: question.hintsGiven)
        ]
    }

    func modelAnswer() -> [InterviewTurn] {
        guard let problem = current?.problem ?? answered.last?.problem else { return [] }
        record?.append("model_answer", [("problem", .string(problem.id))])
        return [
            InterviewTurn(
                kind: .modelAnswer, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                text: problem.modelAnswer)
        ]
    }

    // MARK: Answers

    func answer(_ text: String) -> [InterviewTurn] {
        guard var question = current else { return [] }
        let problem = question.problem
        if case .followingUp = question.stage {
            record?.append("follow_up_answer", [("problem", .string(problem.id)), ("answer", .string(text))])
            return [
                InterviewTurn(
                    kind: .feedback, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                    text: "Good, that's the kind of trade-off thinking I was after.")
            ] + finishQuestion(skipped: false)
        }
        let assessment = assessor.assess(text, for: problem)
        let combined = question.assessment.map { $0.merged(with: assessment) } ?? assessment
        let firstReply = question.assessment == nil
        question.assessment = combined
        state = .asking(question)
        record?.append("answer", [("problem", .string(problem.id)), ("answer", .string(text))])
        let names = { (ids: [String]) in ids.compactMap { id in problem.concepts.first { $0.id == id }?.name } }
        var turns: [InterviewTurn] = []
        let probe = firstReply ? combined.missed.first.flatMap { id in problem.concepts.first { $0.id == id } } : nil
        let strongFirstTime = firstReply && combined.score >= 80 && question.hintsGiven == 0
        let followUp =
            strongFirstTime && (pace.accelerating || question.phase == .design) ? problem.followUps.first : nil
        // The missed concepts are named only once the question closes; until then, one probe.
        let closes = probe == nil && followUp == nil
        let feedback = feedbackText(combined, names: names, closing: closes)
        turns.append(
            InterviewTurn(
                kind: .feedback, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                text: feedback, covered: combined.covered, missed: combined.missed, hintLevel: question.hintsGiven))
        // Probe one missing concept rather than recite it (once per question).
        if let concept = probe {
            question.stage = .probing(concept)
            state = .asking(question)
            turns.append(
                InterviewTurn(
                    kind: .probe, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                    text: concept.probe, covered: combined.covered, missed: combined.missed,
                    hintLevel: question.hintsGiven))
            return turns
        }
        question.stage = .answering
        question.strongFirstTime = strongFirstTime
        // A strong, unaided answer: accelerate, and add a "what if" constraint.
        if let followUp {
            question.stage = .followingUp
            state = .asking(question)
            turns.append(
                InterviewTurn(
                    kind: .followUp, phase: phase, problemID: problem.id, difficulty: problem.difficulty,
                    text: "Let me push on that. " + followUp, covered: combined.covered, missed: combined.missed))
            return turns
        }
        state = .asking(question)
        return turns + finishQuestion(skipped: false)
    }

    /// The interviewer's reaction to a reply: how strong it was and what it covered; a bare
    /// list of terms is asked to explain itself; the concepts still missing are named only
    /// when the question closes.
    func feedbackText(_ assessment: Assessment, names: ([String]) -> [String], closing: Bool) -> String {
        let covered = names(assessment.covered)
        let missed = names(assessment.missed)
        var lines: [String] = []
        switch assessment.score {
        case 80...: lines.append("That's a strong answer.")
        case 50..<80: lines.append("Good, you have the core of it.")
        case 1..<50: lines.append("You're on the right track, but there's more to it.")
        default: lines.append("Let's dig into this together.")
        }
        if assessment.isBareList {
            lines.append("You've named terms; an answer says what they do and why. Walk me through it next time.")
        } else if !covered.isEmpty {
            lines.append("Covered: " + covered.joined(separator: "; ") + ".")
        }
        if closing && !missed.isEmpty {
            lines.append("A complete answer would also cover: " + missed.joined(separator: "; ") + ".")
        }
        return lines.joined(separator: "\n")
    }

    /// Closes the open question, adapts the level, and asks the next one.
    func finishQuestion(skipped: Bool) -> [InterviewTurn] {
        guard let question = current else { return askNext(in: questionPhase) }
        let problem = question.problem
        let assessment =
            question.assessment
            ?? Assessment(problemID: problem.id, covered: [], missed: problem.concepts.map(\.id), wordCount: 0)
        let strongFirst = question.strongFirstTime && !skipped
        answered.append(
            AnsweredQuestion(
                problem: problem, assessment: assessment, hintsUsed: question.hintsGiven,
                strongFirstTime: strongFirst, askedIn: question.phase))
        record?.append(
            "assessment",
            [
                ("problem", .string(problem.id)), ("score", .number(Double(assessment.score))),
                ("covered", .array(assessment.covered.map { .string($0) })),
                ("missed", .array(assessment.missed.map { .string($0) })),
                ("hints", .number(Double(question.hintsGiven))), ("skipped", .bool(skipped)),
            ])
        state = .idle(question.phase)
        adaptLevel(after: assessment, strongFirst: strongFirst, problem: problem, phase: question.phase)
        var turns: [InterviewTurn] = []
        if skipped {
            turns.append(
                InterviewTurn(kind: .info, phase: phase, problemID: problem.id, text: "No problem, let's move on."))
        }
        return turns + askNext(in: question.phase)
    }

    /// Poor warm-up answers keep the interview at the easiest level; strong, unaided ones skip
    /// ahead to the hardest problems and add follow-up constraints.
    func adaptLevel(after assessment: Assessment, strongFirst: Bool, problem: Problem, phase: Problem.Phase) {
        if phase == .warmup {
            let warmups = answered.filter { $0.problem.phase == .warmup }
            if warmups.allSatisfy({ $0.strongFirstTime }) && strongFirst {
                pace.level = Swift.min(5, Swift.max(pace.level, problem.difficulty) + 2)
                pace.accelerating = true
            } else if assessment.score < 50 {
                pace.level = 1
                pace.accelerating = false
            } else {
                pace.level = Swift.max(1, Swift.min(5, problem.difficulty + (assessment.score >= 80 ? 1 : 0)))
            }
        } else {
            if assessment.score < 50 {
                pace.level = Swift.max(1, pace.level - 1)
            } else if strongFirst {
                pace.level = Swift.min(5, pace.level + 1)
            }
        }
    }

    // MARK: Continuing

    func offerContinuation() -> [InterviewTurn] {
        let weak = recordsFolder.map { InterviewRecord.weakTopics(in: $0, bank: bank) } ?? []
        let turnPhase = phase
        state = .choosingFocus(questionPhase, setAside: current)
        let summary =
            weak.isEmpty
            ? "I don't have notes from a past interview with you yet."
            : "From your past interviews, the topics that gave you the most trouble were "
                + weak.prefix(3).map { "\($0.topic) (\($0.average)%)" }.joined(separator: ", ") + "."
        let topics = Set(bank.problems.map(\.topic)).sorted().joined(separator: ", ")
        return [
            InterviewTurn(
                kind: .info, phase: turnPhase, text: summary + " What would you like to work on? (one of: \(topics))")
        ]
    }

    func chooseFocus(_ text: String, phase questionPhase: Problem.Phase, setAside: OpenQuestion?) -> [InterviewTurn] {
        let topics = Set(bank.problems.map(\.topic))
        let words = Set(TextAnalysis.stems(text))
        let chosen =
            topics.sorted().first { words.contains(TextAnalysis.stem($0)) || text.lowercased().contains($0) }
            ?? (recordsFolder.flatMap { InterviewRecord.weakTopics(in: $0, bank: bank).first?.topic })
        focusTopic = chosen
        record?.append("focus", [("topic", chosen.map { .string($0) } ?? .null)])
        let preface = chosen.map { "Good, let's focus on \($0)." } ?? "Let's keep a broad mix, then."
        if let setAside { asked.remove(setAside.problem.id) }
        let other: Problem.Phase = questionPhase == .design ? .warmup : .design
        guard let next = pick(phase: questionPhase) ?? pick(phase: other) else {
            if let setAside {
                asked.insert(setAside.problem.id)
                state = .asking(setAside)
            } else {
                state = .idle(questionPhase)
            }
            return [InterviewTurn(kind: .info, phase: Phase(questionPhase), text: preface)]
        }
        return ask(next, in: questionPhase, preface: preface)
    }

    // MARK: The sandbox

    func startSandbox() -> [InterviewTurn] {
        let difficulty: Scenario.Difficulty = pace.level <= 2 ? .easy : pace.level == 3 ? .medium : .hard
        let pool = scenarios.filter { $0.difficulty == difficulty }
        let candidates = pool.isEmpty ? scenarios : pool
        guard !candidates.isEmpty else { return startDesign() }
        let scenario = candidates[generator.nextIndex(below: candidates.count)]
        let transcriptURL =
            (record?.url.deletingPathExtension().path).map { URL(fileURLWithPath: $0 + "-sandbox.jsonl") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "converge-sandbox-\(UUID().uuidString).jsonl")
        let session: Session
        do {
            session = try Session(
                scenario: scenario, library: library, style: style, transcript: try Transcript(url: transcriptURL))
            session.cancellation = cancellation
        } catch {
            return [
                InterviewTurn(
                    kind: .info, phase: .sandbox,
                    text: "The sandbox could not start (\(error)); let's continue with design questions.")
            ] + startDesign()
        }
        state = .sandbox(session, transcript: transcriptURL)
        record?.append("sandbox", [("scenario", .string(scenario.id)), ("transcript", .string(transcriptURL.path))])
        let intro =
            "Now let's get hands-on. This is the question I care about most: your model is not converging. Walk me through your debugging process, here, on a real training run. Type commands (`help` lists them), and `submit` when you have fixed it."
        return [InterviewTurn(kind: .sandbox, phase: .sandbox, text: intro + "\n\n" + session.opening)]
    }

    func sandboxInput(_ text: String, session: Session, transcript: URL) -> [InterviewTurn] {
        // `quit` would leave the sandbox and the design questions unanswered: the first asks,
        // as the sandbox's own `quit` does, and only a second in a row ends the interview.
        let asksToQuit = text.trimmingCharacters(in: .whitespaces).lowercased() == "quit"
        defer { quitAsked = asksToQuit && !quitAsked }
        if asksToQuit {
            if quitAsked { return finishInterview() }
            return [
                InterviewTurn(
                    kind: .info, phase: .sandbox,
                    text:
                        "End the whole interview here? The sandbox case and the design questions would stay "
                        + "unanswered. Type `quit` again to end it, or carry on with a sandbox command "
                        + "(`submit` when you have fixed the case).")
            ]
        }
        let result = session.execute(text)
        var shown = InterviewTurn(kind: .sandbox, phase: .sandbox, text: result.text)
        shown.isCode = result.name == CodeCommand.spec.name && !result.isError
        var turns = [shown]
        if session.isFinished {
            if let log = try? ActionLog.read(contentsOf: transcript) {
                sandboxGrade = Grader(scenario: session.scenario).grade(log)
                record?.append("sandbox_grade", [("grade", sandboxGrade?.json ?? .null)])
            }
            turns += startDesign()
        }
        return turns
    }

    func startDesign() -> [InterviewTurn] {
        state = .idle(.design)
        let transition =
            sandboxGrade.map { grade in
                grade.rootCauseFixed
                    ? "Nicely done: you found the root cause."
                    : "Thanks for walking me through that; we'll look at it together in the scorecard."
            } ?? "Let's move on."
        return [InterviewTurn(kind: .info, phase: .design, text: transition + " Now some architecture and design.")]
            + askNext(in: .design)
    }

    // MARK: The end

    func finishInterview() -> [InterviewTurn] {
        if let question = current, let assessment = question.assessment {
            answered.append(
                AnsweredQuestion(
                    problem: question.problem, assessment: assessment, hintsUsed: question.hintsGiven,
                    strongFirstTime: false, askedIn: question.phase))
        }
        state = .finished
        let scorecard = InterviewScorecard(answered: answered, sandbox: sandboxGrade)
        record?.append("scorecard", [("scorecard", scorecard.json)])
        return [
            InterviewTurn(kind: .scorecard, phase: .scorecard, text: scorecard.text),
            InterviewTurn(
                kind: .farewell, phase: .finished,
                text: "Thank you, I enjoyed this. Keep pushing on the why behind each answer."),
        ]
    }

    /// The scorecard as it stands (the whole interview once finished).
    public var scorecard: InterviewScorecard { InterviewScorecard(answered: answered, sandbox: sandboxGrade) }
}
