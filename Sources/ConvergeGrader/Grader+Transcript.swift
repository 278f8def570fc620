import ConvergeScenarios
import ConvergeSession
import Foundation

extension Grader {
    /// Grades a transcript file against the scenario it names in `catalog`: what
    /// `converge grade`, `replay` and the end of `converge run` all do.
    public static func grade(transcriptAt url: URL, catalog: Catalog) throws -> Grade {
        let log = try ActionLog.read(contentsOf: url)
        guard let scenario = catalog.scenarios.first(where: { $0.id == log.scenarioID || $0.handle == log.scenarioID })
        else {
            throw TranscriptError(
                file: url.path, line: 1,
                problem: "the transcript's scenario '\(log.scenarioID)' is not in the catalogue")
        }
        return Grader(scenario: scenario).grade(log)
    }
}
