import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

/// The grader's verdict on one session: dimension scores, rubric levels with their reasons,
/// and the coaching that follows from them.
public struct Grade: Sendable {
    /// A rubric level, as the hiring rubric spells it.
    public enum Level: String, Sendable, Comparable {
        case novice = "Novice"
        case intermediate = "Intermediate"
        case expert = "Expert"
        var rank: Int { self == .novice ? 0 : self == .intermediate ? 1 : 2 }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// One rubric area's level and its one-line reason.
    public struct RubricEntry: Sendable {
        public var area: String
        public var level: Level
        public var justification: String
    }

    public let scenario: Scenario
    public let log: ActionLog
    public let scores: [Dimension: Double]
    /// Every rule that fired, in dimension order.
    public let firings: [RuleFiring]
    /// Every ceiling the session hit, whatever its points.
    public let caps: [Cap]
    /// How the last `diagnose` statement was read.
    public let diagnosis: DiagnosisReader.Reading

    /// The weighted mean of the dimensions, 0-100, under the lowest cap.
    public var overall: Double {
        var total = 0.0
        for dimension in Dimension.allCases {
            total += score(dimension) * dimension.weight
        }
        return Swift.min((total / 100).rounded(), caps.map(\.overall).min() ?? 100)
    }

    /// The cap that binds the overall score, if one does.
    public var bindingCap: Cap? {
        caps.min { $0.overall < $1.overall }
    }

    /// The score of one dimension, 0-100.
    public func score(_ dimension: Dimension) -> Double {
        scores[dimension] ?? 0
    }

    var submitted: SubmitCommand.Record? { log.submitted }
    public var converged: Bool { submitted?.converged ?? false }
    public var rootCauseFixed: Bool { submitted?.rootCauseFixed ?? false }
    public var masked: Bool { submitted?.masked ?? false }
    /// Read from the transcript's `diagnose` statement by `DiagnosisReader`, so an old
    /// transcript is judged by today's reader.
    public var diagnosisCorrect: Bool { submitted != nil && diagnosis.isCorrect }

    /// The process score behind *Practical Debugging*: order, evidence, discipline,
    /// efficiency and independence (hints count here too), with the measured result of the
    /// fix; no higher than the lowest cap.
    public var practicalScore: Double {
        let result: Double = (converged ? 50 : 0) + (rootCauseFixed ? 50 : 0)
        var process: Double = score(.order) * 20
        process += score(.evidence) * 20
        process += score(.discipline) * 15
        process += score(.efficiency) * 15
        process += score(.independence) * 10
        let raw = ((process + result * 15) / 95).rounded()
        return Swift.min(raw, caps.map(\.overall).min() ?? 100)
    }

    /// The understanding behind *Fundamentals*: naming the bug, fixing its cause, doing it
    /// without leaning on hints, and knowing which check bears on which setting.
    public var fundamentalsScore: Double {
        var total: Double = diagnosisCorrect ? 40 : 0
        total += rootCauseFixed ? 30 : 0
        total += score(.independence) * 0.15
        total += score(.evidence) * 0.15
        return total.rounded()
    }

    public var rubric: [RubricEntry] {
        func level(_ score: Double, requires condition: Bool) -> Level {
            score >= 85 && condition ? .expert : score >= 50 ? .intermediate : .novice
        }
        let ceiling = caps.map(\.practical).min() ?? .expert
        let practical = Swift.min(level(practicalScore, requires: rootCauseFixed && diagnosisCorrect), ceiling)
        let fundamentals = Swift.min(
            level(fundamentalsScore, requires: diagnosisCorrect), caps.map(\.fundamentals).min() ?? .expert)
        let worstProcess = firings.filter { $0.points < 0 && $0.dimension != .outcome && $0.dimension != .independence }
            .min { $0.points < $1.points }
        // Below Expert the reason is what held it back; at Expert, what earned it.
        let practicalReason =
            caps.filter { $0.practical < .expert }.min { $0.practical < $1.practical }?.citation
            ?? (practical < .expert ? worstProcess?.citation : nil)
            ?? firings.first { $0.rule == "started-simple" }.map {
                $0.citation + "; changed one thing at a time and re-measured"
            }
            ?? "a systematic investigation"
        let diagnosisFiring = firings.first { $0.rule.hasPrefix("diagnosis") }
        var fundamentalsReason = diagnosisFiring?.citation ?? "no diagnosis"
        if masked { fundamentalsReason += "; the fix masked the symptom" }
        return [
            RubricEntry(area: "Fundamentals", level: fundamentals, justification: fundamentalsReason),
            RubricEntry(area: "Practical Debugging", level: practical, justification: practicalReason),
        ]
    }

    /// Three specific strengths, citing the transcript.
    public var strengths: [String] {
        let priority = [
            "started-simple", "discriminating-check", "root-cause-fixed", "diagnosis-correct", "remeasured-after-fix",
            "one-change-then-run", "supported-change", "direct-path", "converged", "no-hints",
        ]
        let inFavour = priority.compactMap { rule in
            firings.first { $0.rule == rule && $0.points >= 0 && $0.advice == nil }
        }
        // Fewer than three rules in the candidate's favour: name the best dimensions instead,
        // and a session that earned fewer than three strengths shows fewer.
        // Independence counts only on a solved case: without hints and without a fix it
        // scores 100 for what did not happen.
        let solved = converged && rootCauseFixed
        let earned = Dimension.allCases.filter { solved || $0 != .independence }
        let bestDimensions = earned.sorted { (scores[$0] ?? 0) > (scores[$1] ?? 0) }.compactMap {
            dimension -> String? in
            let score = Int(scores[dimension] ?? 0)
            // A low score is not a strength, however few the others are.
            return score >= 70 ? "\(dimension.title) \(score)/100: \(dimension.meaning)" : nil
        }
        // Only a finished session earns "you finished it"; an open one gets no filler.
        let finished =
            log.submission == nil ? [] : ["You finished the session, which is where every improvement starts"]
        return Coaching.three(inFavour.map { Coaching.sentence($0.citation) }, orElse: bestDimensions + finished)
    }

    /// Three actionable improvements: what to do next time and why.
    public var improvements: [String] {
        let advised = Coaching.firstOfEachRule(firings.filter { $0.advice != nil }.sorted { $0.points < $1.points })
        let stretch = [
            "Next time, compare the fixed run's curve with the original's: a real fix changes the shape of the curve, not only its last number",
            "Next time, say out loud which hypothesis each command tests before you run it: it makes the process visible to an interviewer",
            "Next time, after the fix, re-run the check that first showed the symptom, to close the loop",
        ]
        // Advice the session already followed is not advice: `compare` put the curves side
        // by side.
        let compared = log.actions.contains { $0.is(CompareCommand.self) && !$0.isError }
        return Coaching.three(
            advised.map { "\(Coaching.sentence($0.citation)). Next time, \($0.advice ?? "")" },
            orElse: compared ? Array(stretch.dropFirst()) : stretch)
    }

    /// Two or three resources for the gaps this session showed.
    public var resources: [Resource] {
        var chosen: [Resource] = []
        func add(_ resource: Resource?) {
            if let resource, !chosen.contains(resource), chosen.count < 3 { chosen.append(resource) }
        }
        if !rootCauseFixed || !diagnosisCorrect { add(Resource.forBug(knobs: scenario.bugKnobs)) }
        if (scores[.order] ?? 0) < 85 || caps.contains(where: { $0.rule == "checklist" }) { add(.recipe) }
        if (scores[.evidence] ?? 0) < 85 || (scores[.discipline] ?? 0) < 85 { add(.practicalMethodology) }
        add(Resource.forBug(knobs: scenario.bugKnobs))
        if (scores[.independence] ?? 0) < 85 { add(.fastAI) }
        add(.recipe)
        add(.practicalMethodology)
        return chosen
    }

    /// The fields `converge grade --json` prints.
    public var json: JSONValue {
        .object([
            ("scenario", .string(scenario.id)),
            ("overall", .number(overall)),
            ("dimensions", .object(Dimension.allCases.map { ($0.rawValue, .number(scores[$0] ?? 0)) })),
            ("weights", .object(Dimension.allCases.map { ($0.rawValue, .number($0.weight)) })),
            ("rubric", .object(rubric.map { ($0.area, .string($0.level.rawValue)) })),
            ("justifications", .object(rubric.map { ($0.area, .string($0.justification)) })),
            ("converged", .bool(converged)),
            ("root_cause_fixed", .bool(rootCauseFixed)),
            ("masked", .bool(masked)),
            ("diagnosis_correct", .bool(diagnosisCorrect)),
            ("strengths", .array(strengths.map { .string($0) })),
            ("improvements", .array(improvements.map { .string($0) })),
            ("resources", .array(resources.map { .string($0.title) })),
            (
                "rules",
                .array(
                    firings.map { firing in
                        .object([
                            ("rule", .string(firing.rule)), ("dimension", .string(firing.dimension.rawValue)),
                            ("points", .number(firing.points.rounded())),
                            ("command", firing.commandIndex.map { .number(Double($0)) } ?? .null),
                            ("observation", .string(firing.observation)),
                        ])
                    })
            ),
            (
                "caps",
                .array(
                    caps.map { cap in
                        .object([
                            ("rule", .string(cap.rule)), ("overall", .number(cap.overall)),
                            ("practical", .string(cap.practical.rawValue)),
                            ("command", cap.commandIndex.map { .number(Double($0)) } ?? .null),
                            ("observation", .string(cap.observation)),
                        ])
                    })
            ),
            ("diagnosis", .string(diagnosis.verdict.rawValue)),
        ])
    }
}
