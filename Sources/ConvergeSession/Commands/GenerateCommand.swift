import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport

/// `generate`: let a next-token model write, one letter at a time, and compare what it
/// writes with how the sentences really go on.
public struct GenerateCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "generate", tier: .sanity,
        summary: "let a language model write from validation prompts, one letter at a time",
        pointsAt: [.causal], budget: .instant)

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// Share of written letters that continue their sentence correctly.
        public var generationAccuracy: Double?
        /// Validation accuracy of the same weights, reading whole sentences.
        public var validationAccuracy: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }

    /// Sentences shown; the accuracy counts `TrainingRun.generatedSentences` of them.
    static let shown = 6

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.generate()
    }
}

extension Session {
    func generate() -> CommandResult {
        let data = lastRun.data
        guard data.predictsEveryStep else {
            return .error(
                "`generate` writes text with a next-token model; this case's model makes one prediction per example.")
        }
        guard !lastReport.history.hasDiverged else {
            return .error("The last run diverged: its weights are not finite, so there is nothing to sample.")
        }
        let generation = Generation.greedy(
            model: lastRun.model, sentences: data.validation, promptLength: TrainingRun.promptLength,
            count: TrainingRun.generatedSentences)
        let names = data.classNames
        func text(_ letters: [Int]) -> String { letters.map { names[$0] }.joined(separator: " ") }
        var rows: [[String]] = []
        for index in 0..<Swift.min(GenerateCommand.shown, generation.prompts.count) {
            rows.append([
                text(generation.prompts[index]), text(generation.continuations[index]),
                text(generation.expected[index]),
            ])
        }
        let accuracy = generation.accuracy
        let validation = lastReport.validationAccuracy ?? 0
        var lines = [
            "greedy samples of the last run's model: it reads the prompt, appends its most likely next letter, "
                + "and reads the longer sentence again",
            Format.table(["prompt", "written", "the sentence goes on"], rows),
            "",
            "\(Format.percent(accuracy)) of the letters written over \(generation.prompts.count) validation prompts "
                + "continue their sentence; reading whole sentences, the same weights get "
                + "\(Format.percent(validation)) of next letters right",
        ]
        let fails = accuracy < 0.5 && validation > 0.9
        if fails {
            lines.append(
                style.alert(
                    "the model predicts well when it reads whole sentences, and badly when it must write them: "
                        + "in training it reads something it does not have when it writes"))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: GenerateCommand.Record(
                generationAccuracy: Double(accuracy),
                validationAccuracy: lastReport.validationAccuracy.map(Double.init),
                findings: [Finding(.generationFails, abnormal: fails)]))
    }
}
