import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import Foundation

/// Times every investigation command on every scenario, as a candidate would meet them:
/// each command on a freshly opened session, the slowest scenario reported per command.
public struct CommandBenchmark {
    /// The commands timed, with their budgets in milliseconds: every command whose spec has one.
    public static var budgets: [(command: String, milliseconds: Double)] {
        SessionCommands.specs.compactMap { spec in spec.budget.map { (spec.name, $0.rawValue) } }
    }

    /// The slowest time of one command over all scenarios.
    public struct Measurement: Sendable {
        public var command: String
        public var slowestMilliseconds: Double
        public var slowestScenario: String
        public var budgetMilliseconds: Double
        public var withinBudget: Bool { slowestMilliseconds < budgetMilliseconds }
    }

    let scenarios: [Scenario]
    let library: DataLibrary

    public init(scenarios: [Scenario], library: DataLibrary) {
        self.scenarios = scenarios
        self.library = library
    }

    /// Runs every command once per scenario (best of `repetitions`) and keeps the slowest scenario.
    public func measure(repetitions: Int = 3) throws -> [Measurement] {
        var slowest: [String: (Double, String)] = [:]
        for scenario in scenarios {
            let session = try Session(scenario: scenario, library: library)
            for (command, _) in CommandBenchmark.budgets {
                var best = Double.infinity
                for _ in 0..<Swift.max(repetitions, 1) {
                    let started = DispatchTime.now().uptimeNanoseconds
                    session.execute(command)
                    best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                }
                if best > (slowest[command]?.0 ?? -1) { slowest[command] = (best, scenario.id) }
            }
        }
        return CommandBenchmark.budgets.map { command, budget in
            let (time, scenario) = slowest[command] ?? (0, "-")
            return Measurement(
                command: command, slowestMilliseconds: time, slowestScenario: scenario, budgetMilliseconds: budget)
        }
    }
}
