import ConvergeScenarios
import ConvergeSupport
import Foundation

/// The interview's questions: one YAML file per problem in `Scenarios/problems/`, validated
/// at start-up like the scenarios (file, line and field named; the others still load).
public struct ProblemBank: Sendable {
    public var problems: [Problem]
    public var errors: [ScenarioError]

    static let topLevelKeys: Set<String> = [
        "id", "title", "topic", "difficulty", "phase", "question", "hints", "concepts", "follow_ups", "resources",
        "examples", "calibration",
    ]

    /// Loads every problem file in `folder`, easiest first.
    public init(folder: URL) {
        let (problems, errors) = YAMLFolder.load(folder) { text, file in
            let problem = try ProblemBank.parse(text, file: file.path)
            if problem.id != file.deletingPathExtension().lastPathComponent {
                throw ScenarioError(
                    file: file.path, line: nil, field: "id", problem: "'\(problem.id)' does not match the file name")
            }
            return problem
        }
        self.problems = problems.sorted { ($0.difficulty, $0.id) < ($1.difficulty, $1.id) }
        self.errors = errors
    }

    public func problem(_ id: String) -> Problem? {
        problems.first { $0.id == id }
    }

    /// The project's problem bank, wherever converge runs from.
    public static func load() throws -> ProblemBank {
        ProblemBank(folder: try ProjectFiles.require(.problems))
    }

    /// The problem called `id`, or an error suggesting the nearest id.
    public func require(_ id: String) throws -> Problem {
        if let problem = problem(id) { return problem }
        let close = NearestWords.nearest(to: id, among: problems.map(\.id))
        throw CatalogError(description: "unknown problem '\(id)'" + (close.map { ". Did you mean '\($0)'?" } ?? ""))
    }

    /// Parses one problem file.
    public static func parse(_ text: String, file: String) throws -> Problem {
        let root = try YAMLField.root(text, file: file)
        for (key, value) in try root.pairs() where !topLevelKeys.contains(key) {
            throw value.failure("unknown field (known: \(topLevelKeys.sorted().joined(separator: ", ")))")
        }
        let difficultyField = try root.field("difficulty")
        let difficulty = try difficultyField.integer()
        guard (1...5).contains(difficulty) else { throw difficultyField.failure("expected 1 (warm-up) to 5 (hardest)") }
        let phaseField = try root.field("phase")
        guard let phase = Problem.Phase(rawValue: try phaseField.string()) else {
            throw phaseField.failure("expected " + Problem.Phase.allCases.map(\.rawValue).joined(separator: " or "))
        }
        let hintsField = try root.field("hints")
        let hints = try hintsField.list().map { try $0.nonEmptyString() }
        guard hints.count == 4 else {
            throw hintsField.failure("expected four hints, from a nudge to the full answer; found \(hints.count)")
        }
        let conceptsField = try root.field("concepts")
        let concepts = try conceptsField.list().map { item -> Problem.Concept in
            let phrasings = try item.field("phrasings").phrasings(specific: true)
            return Problem.Concept(
                id: try item.field("id").nonEmptyString(), name: try item.field("name").nonEmptyString(),
                phrasings: phrasings,
                misconceptions: try item.optionalField("misconceptions")?.phrasings(specific: true) ?? [],
                probe: try item.field("probe").nonEmptyString())
        }
        if concepts.count < 2 { throw conceptsField.failure("needs at least two key concepts") }
        let examples = try root.optionalField("examples")
        let conceptIDs = Set(concepts.map(\.id))
        let calibration = try root.optionalField("calibration").map { try calibrationAnswers($0, concepts: conceptIDs) }
        return Problem(
            id: try root.field("id").nonEmptyString(), title: try root.field("title").nonEmptyString(),
            topic: try root.field("topic").nonEmptyString(), difficulty: difficulty, phase: phase,
            question: try root.field("question").nonEmptyString(), hints: hints, concepts: concepts,
            followUps: try root.optionalField("follow_ups")?.strings() ?? [],
            resources: try root.optionalField("resources")?.strings() ?? [],
            strongExample: try examples?.optionalField("strong")?.string(),
            negatedExample: try examples?.optionalField("negated")?.string(),
            calibration: calibration ?? [], file: file)
    }

    /// A list of labelled answers, in a problem's `calibration` field or in a file of its own
    /// (a held-out set), each checked to name only the problem's concepts.
    public static func calibrationAnswers(_ field: YAMLField, concepts conceptIDs: Set<String>) throws
        -> [CalibrationAnswer]
    {
        try field.list().map { item -> CalibrationAnswer in
            let kindField = try item.field("kind")
            guard let kind = CalibrationAnswer.Kind(rawValue: try kindField.string()) else {
                throw kindField.failure(
                    "expected one of " + CalibrationAnswer.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let scoreField = try item.field("score")
            let band = try scoreField.list().map { try $0.integer() }
            guard band.count == 2, band[0] <= band[1] else { throw scoreField.failure("expected [LOW, HIGH]") }
            let coversField = try item.optionalField("covers")
            let missesField = try item.optionalField("misses")
            let covers = try coversField?.strings() ?? []
            let misses = try missesField?.strings() ?? []
            for id in covers + misses where !conceptIDs.contains(id) {
                throw (coversField ?? missesField ?? item).failure("unknown concept '\(id)'")
            }
            return CalibrationAnswer(
                kind: kind, answer: try item.field("answer").nonEmptyString(), score: band[0]...band[1], covers: covers,
                misses: misses)
        }
    }

    /// The labelled answers in `folder`, one file per problem named after its id (a held-out
    /// set kept apart from the problem files).
    public func heldOutAnswers(in folder: URL) throws -> [(problem: Problem, answers: [CalibrationAnswer])] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CatalogError(description: "no folder of answers at \(folder.path)")
        }
        return try problems.compactMap { problem in
            let file = folder.appendingPathComponent(problem.id + ".yaml")
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            let root = try YAMLField.root(try String(contentsOf: file, encoding: .utf8), file: file.path)
            return (problem, try Self.calibrationAnswers(root, concepts: Set(problem.concepts.map(\.id))))
        }
    }
}
