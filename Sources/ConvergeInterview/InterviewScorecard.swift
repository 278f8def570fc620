import ConvergeEngine
import ConvergeGrader
import ConvergeSupport

/// The final scorecard of an interview, combining both phases: *Fundamentals* from the
/// conceptual answers and the sandbox diagnosis, *Practical Debugging* from the grader.
public struct InterviewScorecard: Sendable {
    public let answered: [Interviewer.AnsweredQuestion]
    public let sandbox: Grade?

    /// Mean share of key concepts covered over the answered questions, 0-100.
    public var conceptScore: Int {
        guard !answered.isEmpty else { return 0 }
        return answered.map(\.assessment.score).reduce(0, +) / answered.count
    }

    /// Conceptual answers, with the sandbox diagnosis worth a fifth when there was a sandbox.
    public var fundamentalsScore: Int {
        guard let sandbox else { return conceptScore }
        return Int((0.8 * Double(conceptScore) + (sandbox.diagnosisCorrect ? 20 : 0)).rounded())
    }

    public var fundamentalsLevel: Grade.Level {
        fundamentalsScore >= 80 ? .expert : fundamentalsScore >= 50 ? .intermediate : .novice
    }

    public var practicalLevel: Grade.Level {
        sandbox?.rubric.first { $0.area == "Practical Debugging" }?.level ?? .novice
    }

    var strongest: Interviewer.AnsweredQuestion? { answered.max { $0.assessment.score < $1.assessment.score } }
    var weakest: Interviewer.AnsweredQuestion? { answered.min { $0.assessment.score < $1.assessment.score } }

    public var fundamentalsJustification: String {
        var parts = [
            "covered \(conceptScore)% of the key concepts over \(answered.count) question\(answered.count == 1 ? "" : "s")"
        ]
        if let strongest, let weakest, answered.count > 1, strongest.assessment.score == weakest.assessment.score {
            parts.append("\(strongest.assessment.score)% on every question")
        } else if let strongest, let weakest, answered.count > 1 {
            parts.append(
                "strongest on \(strongest.problem.title) (\(strongest.assessment.score)%), weakest on \(weakest.problem.title) (\(weakest.assessment.score)%)"
            )
        }
        if let sandbox {
            parts.append(
                sandbox.diagnosisCorrect ? "named the bug in the sandbox" : "did not name the bug in the sandbox")
        }
        return parts.joined(separator: "; ")
    }

    public var practicalJustification: String {
        guard let sandbox else { return "did not complete the hands-on debugging sandbox" }
        return "sandbox \(Int(sandbox.overall))/100: "
            + (sandbox.rubric.first { $0.area == "Practical Debugging" }?.justification ?? "")
    }

    /// Three specific strengths.
    public var strengths: [String] {
        var items: [String] = []
        for question in answered.sorted(by: { $0.assessment.score > $1.assessment.score })
        where question.assessment.score >= 75 && items.count < 2 {
            let names = question.assessment.covered.prefix(2).compactMap { id in
                question.problem.concepts.first { $0.id == id }?.name
            }
            items.append(
                "\(question.problem.title): you covered \(names.joined(separator: " and "))\(question.hintsUsed == 0 ? " without hints" : "")"
            )
        }
        // Then what partial answers did state: every strength cites something the candidate
        // said or did, and a candidate who stated nothing gets none invented.
        let partial = answered.filter { (1..<75).contains($0.assessment.score) }.compactMap { question -> String? in
            guard let id = question.assessment.covered.first,
                let name = question.problem.concepts.first(where: { $0.id == id })?.name
            else { return nil }
            return "\(question.problem.title): you stated \(name)"
        }
        let cited = items + (sandbox?.strengths ?? []).map { "Sandbox: " + $0 } + partial
        return cited.isEmpty ? ["Nothing to cite yet: no answer stated a key concept"] : Array(cited.prefix(3))
    }

    /// Three actionable improvements.
    public var improvements: [String] {
        var items: [String] = []
        for question in answered.sorted(by: { $0.assessment.score < $1.assessment.score })
        where !question.assessment.missed.isEmpty && items.count < 2 {
            guard let concept = question.problem.concepts.first(where: { $0.id == question.assessment.missed[0] })
            else { continue }
            items.append("\(question.problem.title): next time, cover \(concept.name). Ask yourself: \(concept.probe)")
        }
        let fallback = [
            "Next time, tie each concept to a failure you have seen in practice: it shows you can use the theory",
            "Next time, finish each answer with the trade-off or limitation of what you proposed",
            "Next time, quantify where you can (memory, cost, orders of magnitude): it makes a design answer credible",
        ]
        return Coaching.three(items + (sandbox?.improvements ?? []).map { "Sandbox: " + $0 }, orElse: fallback)
    }

    /// Two or three resources for the gaps.
    public var resources: [String] {
        var items: [String] = []
        func add(_ item: String) { if !items.contains(item) && items.count < 3 { items.append(item) } }
        if let weakest, weakest.assessment.score < 80, let first = weakest.problem.resources.first { add(first) }
        if let sandbox, practicalLevel != .expert, let first = sandbox.resources.first { add(first.title) }
        if answered.contains(where: { $0.problem.topic == "transformers" && $0.assessment.score < 80 }) {
            add("Vaswani et al. (2017), \"Attention Is All You Need\"")
        }
        if fundamentalsLevel != .expert { add("Goodfellow, Bengio and Courville, \"Deep Learning\" (2016)") }
        add("fast.ai, Practical Deep Learning for Coders")
        add("Goodfellow, Bengio and Courville, \"Deep Learning\" (2016)")
        return items
    }

    public var text: String {
        var lines = ["Scorecard", ""]
        lines.append(
            "Fundamentals         " + fundamentalsLevel.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                + fundamentalsJustification)
        lines.append("                     rubric: " + (Rubric.fundamentals[fundamentalsLevel] ?? ""))
        lines.append(
            "Practical Debugging  " + practicalLevel.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                + practicalJustification)
        lines.append("                     rubric: " + (Rubric.practicalDebugging[practicalLevel] ?? ""))
        lines.append("")
        // The score first and the title last, so a long title wraps under itself rather
        // than running into its number.
        var rows = answered.map { question in
            [
                "", "\(question.assessment.score)%",
                question.problem.title
                    + (question.hintsUsed > 0
                        ? " (\(question.hintsUsed) hint\(question.hintsUsed == 1 ? "" : "s"))" : ""),
            ]
        }
        if let sandbox {
            rows.append(["", "\(Int(sandbox.overall))/100", "Debugging sandbox (\(sandbox.scenario.id))"])
        }
        if !rows.isEmpty { lines.append(Format.rows(rows)) }
        lines.append("\nStrengths")
        lines += strengths.map { "  + \($0)" }
        lines.append("\nTo work on")
        lines += improvements.map { "  - \($0)" }
        lines.append("\nReading")
        lines += resources.map { "  * \($0)" }
        return lines.joined(separator: "\n")
    }

    public var json: JSONValue {
        .object([
            (
                "rubric",
                .object([
                    ("Fundamentals", .string(fundamentalsLevel.rawValue)),
                    ("Practical Debugging", .string(practicalLevel.rawValue)),
                ])
            ),
            (
                "justifications",
                .object([
                    ("Fundamentals", .string(fundamentalsJustification)),
                    ("Practical Debugging", .string(practicalJustification)),
                ])
            ),
            ("concept_score", .number(Double(conceptScore))),
            ("fundamentals_score", .number(Double(fundamentalsScore))),
            (
                "questions",
                .array(
                    answered.map {
                        .object([
                            ("problem", .string($0.problem.id)), ("difficulty", .number(Double($0.problem.difficulty))),
                            ("score", .number(Double($0.assessment.score))), ("hints", .number(Double($0.hintsUsed))),
                        ])
                    })
            ),
            (
                "sandbox",
                sandbox.map { .object([("scenario", .string($0.scenario.id)), ("overall", .number($0.overall))]) }
                    ?? .null
            ),
            ("strengths", .array(strengths.map { .string($0) })),
            ("improvements", .array(improvements.map { .string($0) })),
            ("resources", .array(resources.map { .string($0) })),
        ])
    }
}
