import ConvergeScenarios
import ConvergeSession
import Foundation

/// Past sessions, read back from their transcripts: what `converge history` lists and what
/// `converge run --focus weakest` steers by.
public struct SessionHistory {
    /// One past session.
    public struct Entry {
        public var url: URL
        public var log: ActionLog
        public var scenario: Scenario
        /// The grade, for submitted sessions.
        public var grade: Grade?
    }

    public var entries: [Entry]
    /// Transcripts that could not be read, with the reason (the line at fault).
    public var problems: [String]

    /// Reads every transcript in `folder` whose scenario is in `scenarios`, oldest first.
    public init(folder: URL, scenarios: [Scenario]) {
        let files = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "jsonl" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var entries: [Entry] = []
        var problems: [String] = []
        for file in files {
            do {
                let log = try ActionLog.read(contentsOf: file)
                guard let scenario = scenarios.first(where: { $0.id == log.scenarioID || $0.handle == log.scenarioID })
                else {
                    problems.append("\(file.path): scenario '\(log.scenarioID)' is no longer in the catalogue")
                    continue
                }
                let grade = log.submission == nil ? nil : Grader(scenario: scenario).grade(log)
                entries.append(Entry(url: file, log: log, scenario: scenario, grade: grade))
            } catch {
                problems.append("\(error)")
            }
        }
        self.entries = entries
        self.problems = problems
    }

    /// Graded sessions only.
    public var graded: [(entry: Entry, grade: Grade)] {
        entries.compactMap { entry in entry.grade.map { (entry, $0) } }
    }

    /// Each dimension's scores in order, oldest first.
    public func trend(of dimension: Dimension) -> [Double] {
        graded.map { $0.grade.score(dimension) }
    }

    /// The dimension with the lowest average score, if any session was graded.
    public var weakestDimension: Dimension? {
        guard !graded.isEmpty else { return nil }
        return Dimension.allCases.min { average(trend(of: $0)) < average(trend(of: $1)) }
    }

    /// Bug families by the knobs where the bug lives.
    public static func family(of scenario: Scenario) -> String {
        let knobs = Set(scenario.bugKnobs)
        if !knobs.isDisjoint(with: [.standardize, .validationPreprocessing, .labels, .shuffle, .sorted]) {
            return "data pipeline"
        }
        if !knobs.isDisjoint(with: [.evaluationMode]) { return "evaluation mode" }
        if !knobs.isDisjoint(with: [.zeroGrad, .clip]) { return "training loop" }
        if !knobs.isDisjoint(with: [.initialization, .biasInit]) { return "initialisation" }
        if !knobs.isDisjoint(with: [.activation, .outputSoftmax, .loss, .normalization, .dropout]) {
            return "architecture and loss"
        }
        return "learning rate and optimiser"
    }

    /// The scenario to practise next: in the bug family with the lowest average overall score,
    /// one not seen yet when possible. A family never tried counts as an average of 50, so a
    /// family where the candidate did worse than that comes first, then the untried ones.
    public func focusScenario(from scenarios: [Scenario]) -> (scenario: Scenario, family: String, reason: String)? {
        guard !scenarios.isEmpty else { return nil }
        let families = Set(scenarios.map(SessionHistory.family))
        var averages: [String: Double] = [:]
        for family in families {
            let scores = graded.filter { SessionHistory.family(of: $0.entry.scenario) == family }.map {
                $0.grade.overall
            }
            averages[family] = scores.isEmpty ? SessionHistory.untriedAverage : average(scores)
        }
        guard let family = families.min(by: { (averages[$0] ?? 0, $0) < (averages[$1] ?? 0, $1) }) else { return nil }
        let seen = Set(entries.map(\.scenario.id))
        let candidates = scenarios.filter { SessionHistory.family(of: $0) == family }
        let pick =
            candidates.first { !seen.contains($0.id) } ?? candidates.min { lastScore($0) < lastScore($1) }
            ?? candidates[0]
        let average = averages[family] ?? SessionHistory.untriedAverage
        let tried = graded.contains { SessionHistory.family(of: $0.entry.scenario) == family }
        let reason =
            !tried
            ? "a kind of bug you have not practised yet"
            : "the kind of bug you have scored lowest on so far (average \(Int(average))/100)"
        return (pick, family, reason)
    }

    /// The average an untried bug family counts as.
    static let untriedAverage = 50.0

    func lastScore(_ scenario: Scenario) -> Double {
        graded.last { $0.entry.scenario.id == scenario.id }?.grade.overall ?? -1
    }

    func average(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
