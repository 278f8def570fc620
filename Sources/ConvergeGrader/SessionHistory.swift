import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

/// Past sessions, read back from their transcripts: what `converge history` lists and what
/// `converge run --focus weakest` steers by.
public struct SessionHistory {
    /// One past session.
    public struct Entry {
        /// The session's number in `converge history`, which `replay` and `grade` accept.
        public var number: Int
        public var url: URL
        public var log: ActionLog
        public var scenario: Scenario
        /// The grade, for submitted sessions.
        public var grade: Grade?

        /// " (interview)" for the sandbox of an interview, for the history's table.
        var origin: String { url.lastPathComponent.hasSuffix(SessionHistory.sandboxSuffix) ? " (interview)" : "" }
    }

    public var entries: [Entry]
    /// Transcripts that could not be read, with the reason (the line at fault).
    public var problems: [String]

    /// Reads every transcript in `folder` whose scenario is in `scenarios`, oldest first.
    public init(folder: URL, scenarios: [Scenario]) {
        self.init(folders: [folder], scenarios: scenarios)
    }

    /// Reads the sessions of several folders as one history, oldest first: the sandbox's
    /// transcripts and the sandboxes of interviews.
    public init(folders: [URL], scenarios: [Scenario]) {
        let files = Self.transcripts(in: folders)
        var entries: [Entry] = []
        var problems: [String] = []
        for (index, file) in files.enumerated() {
            do {
                let log = try ActionLog.read(contentsOf: file)
                guard let scenario = scenarios.first(where: { $0.id == log.scenarioID || $0.handle == log.scenarioID })
                else {
                    problems.append("\(file.path): scenario '\(log.scenarioID)' is no longer in the catalogue")
                    continue
                }
                let grade = log.submission == nil ? nil : Grader(scenario: scenario).grade(log)
                entries.append(Entry(number: index + 1, url: file, log: log, scenario: scenario, grade: grade))
            } catch {
                problems.append("\(error)")
            }
        }
        self.entries = entries
        self.problems = problems
    }

    /// The transcript a person means by `reference`: a number from `converge history` (1 is
    /// the oldest session in `folder`), `last`, or a path. Nil when nothing matches.
    public static func transcript(_ reference: String, in folders: [URL]) -> URL? {
        if let number = Int(reference) ?? (reference == "last" ? -1 : nil) {
            let files = transcripts(in: folders)
            if number == -1 { return files.last }
            return files.indices.contains(number - 1) ? files[number - 1] : nil
        }
        let url = URL(fileURLWithPath: reference)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The session transcripts in `folders`, oldest first (file names start with the UTC
    /// time). An interview keeps its record beside its sandbox's transcript
    /// (`...-sandbox.jsonl`): only the sandbox is a session.
    public static func transcripts(in folders: [URL]) -> [URL] {
        folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "jsonl" }
                .filter { !isInterviewFolder(folder) || $0.lastPathComponent.hasSuffix(sandboxSuffix) }
        }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// How an interview's sandbox transcript is named beside the interview's record.
    public static let sandboxSuffix = "-sandbox.jsonl"

    static func isInterviewFolder(_ folder: URL) -> Bool {
        folder.lastPathComponent == UserFiles.interviews.lastPathComponent
    }

    /// Where a person's sessions are: the sandbox's transcripts and the interviews' sandboxes.
    public static var userFolders: [URL] { [UserFiles.transcripts, UserFiles.interviews] }

    /// The best overall score of each scenario graded so far, by scenario id.
    public var bestScores: [String: Int] {
        graded.reduce(into: [:]) { best, pair in
            best[pair.entry.scenario.id] = Swift.max(best[pair.entry.scenario.id] ?? 0, Int(pair.grade.overall))
        }
    }

    /// The table of sessions and the trend per dimension, fitted to `width` columns.
    public func text(width: Int) -> String {
        // The weakest dimension needs room: on a narrow terminal the trend below shows it.
        let showsWeakest = width >= 80
        let header = ["#", "date", "case", "score"] + (showsWeakest ? ["weakest dimension"] : [])
        var rows: [[String]] = []
        for entry in entries {
            // "2026-11-26T12:28:40Z" -> "11-26 12:28": the year is rarely news.
            let date = String(entry.log.startTime.prefix(16).dropFirst(5)).replacingOccurrences(of: "T", with: " ")
            guard let grade = entry.grade else {
                rows.append([String(entry.number), date, entry.log.handle + entry.origin + " (not submitted)", "-"])
                continue
            }
            // No dimension is weakest when every one scored the same (a perfect session).
            let scores = Dimension.allCases.map { grade.score($0) }
            let weakest =
                scores.min() == scores.max() ? nil : Dimension.allCases.min { grade.score($0) < grade.score($1) }
            rows.append(
                [
                    String(entry.number), date, entry.scenario.id + entry.origin, String(Int(grade.overall)),
                ] + (showsWeakest ? [weakest.map { "\($0.title) \(Int(grade.score($0)))" } ?? "-"] : []))
        }
        var lines = [TextWrapping.wrapProse(Format.table(header, rows), width: width)]
        lines.append("")
        lines.append("trend per dimension, oldest to newest:")
        for dimension in Dimension.allCases {
            let scores = trend(of: dimension)
            guard let first = scores.first, let last = scores.last else { continue }
            let direction = last > first ? "up" : last < first ? "down" : "flat"
            let label = "  " + dimension.title.padding(toLength: 13, withPad: " ", startingAt: 0)
            let room = Swift.max(1, (width - label.count - 8) / 4)
            let shown = scores.suffix(Swift.min(room, Self.trendLength))
            lines.append(
                label + (shown.count < scores.count ? "... " : "")
                    + shown.map { String(format: "%3d", Int($0)) }.joined(separator: " ") + "  (\(direction))")
        }
        if let weakest = weakestDimension {
            lines.append("")
            lines.append(
                TextWrapping.wrap(
                    "weakest so far: \(weakest.title) (\(weakest.meaning)). `converge run --focus weakest` picks a "
                        + "scenario to practise; `converge replay N` steps through session N.", width: width))
        }
        return lines.joined(separator: "\n")
    }

    /// Graded sessions a trend line shows at most (the newest).
    static let trendLength = 12

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
        let averages = Dimension.allCases.map { average(trend(of: $0)) }
        guard averages.min() != averages.max() else { return nil }
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
