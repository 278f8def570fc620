import ConvergeScenarios
import ConvergeSupport

extension Catalog {
    /// The project's catalogue, with every scenario whose expert path names a command the
    /// session does not have moved to the errors. The scenario loader checks each `set`; the
    /// command table lives here, so the names are checked here.
    public static func loadForSessions() throws -> Catalog {
        try load().checkingExpertPaths()
    }

    /// This catalogue with every scenario whose expert path names an unknown command moved to
    /// `errors`, which say the file, the step and the nearest command.
    public func checkingExpertPaths() -> Catalog {
        var checked = self
        checked.scenarios = []
        for scenario in scenarios {
            let unknown = scenario.expertPath.enumerated().first { _, step in
                SessionCommands.named(String(step.split(separator: " ").first ?? "")) == nil
            }
            if let (index, step) = unknown {
                let word = String(step.split(separator: " ").first ?? "")
                checked.errors.append(
                    ScenarioError(
                        file: scenario.file, line: nil, field: "expert_path[\(index)]",
                        problem: "'\(word)' is not a session command."
                            + NearestWords.didYouMean(word, among: SessionCommands.specs.map(\.name))))
            } else {
                checked.scenarios.append(scenario)
            }
        }
        return checked
    }
}
