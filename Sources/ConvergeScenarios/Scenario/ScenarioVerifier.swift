import ConvergeEngine
import Foundation

/// Trains a scenario three ways and checks that it is what it claims: the broken setup shows
/// its symptom, every cure meets the success criterion, and every masker fails it (unless
/// the scenario marks it as judged by the change).
public struct ScenarioVerifier {
    /// The outcome of one training run within a verification.
    public struct Check: Sendable {
        /// `bug`, `cure 1`, `masker 2`…
        public var role: String
        /// The changes applied to the broken setup (empty for the bug itself).
        public var changes: [Change]
        public var expectation: String
        public var passed: Bool
        /// The main measurements, for the report.
        public var measured: String
        public var seconds: Double
    }

    /// All checks of one scenario.
    public struct Verification: Sendable {
        public var scenarioID: String
        public var checks: [Check]
        public var passed: Bool { checks.allSatisfy(\.passed) }
    }

    let library: DataLibrary
    /// Where each training run reports its epochs (a terminal's progress line).
    public var progress: TrainingProgress?

    public init(library: DataLibrary) {
        self.library = library
    }

    /// Verifies `scenario`; with a `seed`, every run uses it in place of the scenario's own
    /// (initialisation, batches, dropout), to show whether a verdict holds beyond one draw.
    public func verify(_ scenario: Scenario, seed: UInt64? = nil) throws -> Verification {
        let data = try ScenarioData(scenario: scenario, library: library)
        var checks: [Check] = []
        func run(_ setup: Setup) -> (RunReport, Double) {
            var setup = setup
            if let seed { setup.seed = seed }
            let started = Date()
            let report = TrainingRun(setup: setup, data: data.prepared(for: setup), progress: progress).execute()
            return (report, Date().timeIntervalSince(started))
        }
        let (bug, bugSeconds) = run(scenario.setup)
        checks.append(
            Check(
                role: "bug", changes: [],
                expectation: "shows " + scenario.symptom.map(\.description).joined(separator: " and "),
                passed: scenario.showsSymptom(bug), measured: ScenarioVerifier.summary(bug, scenario),
                seconds: bugSeconds))
        for (index, cure) in scenario.cures.enumerated() {
            let (report, seconds) = run(try cure.applied(to: scenario.setup))
            checks.append(
                Check(
                    role: "cure \(index + 1)", changes: cure.changes, expectation: "meets the success criterion",
                    passed: scenario.isSuccessful(report), measured: ScenarioVerifier.summary(report, scenario),
                    seconds: seconds))
        }
        for (index, masker) in scenario.maskers.enumerated() {
            let (report, seconds) = run(try masker.applied(to: scenario.setup))
            let succeeded = scenario.isSuccessful(report)
            checks.append(
                Check(
                    role: "masker \(index + 1)", changes: masker.changes,
                    expectation: masker.judgedByChange
                        ? "judged by the change (may pass)" : "fails the success criterion",
                    passed: masker.judgedByChange || !succeeded,
                    measured: ScenarioVerifier.summary(report, scenario)
                        + (succeeded ? ", meets criterion" : ", fails criterion"),
                    seconds: seconds))
        }
        return Verification(scenarioID: scenario.id, checks: checks)
    }

    /// The metrics a scenario's criteria mention, as `name=value` pairs.
    static func summary(_ report: RunReport, _ scenario: Scenario) -> String {
        var names: [String] = []
        for criterion in scenario.symptom + scenario.success where !names.contains(criterion.metric) {
            names.append(criterion.metric)
        }
        return names.map { name in
            guard let value = report.metric(name) else { return "\(name)=-" }
            return "\(name)=\(String(format: Swift.abs(value) >= 1e4 ? "%.3g" : "%.4g", value))"
        }.joined(separator: " ")
    }
}
