import ArgumentParser
import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

extension Converge {
    /// Commands for scenario authors.
    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the scenario catalogue.",
            subcommands: [Verify.self])
    }
}

extension Converge.Scenarios {
    /// Trains every scenario three ways and reports whether each is what it claims.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train every scenario: the bug shows its symptom, cures succeed, maskers fail.",
            discussion: "Exits with status 1 if any scenario fails or any file is malformed.")

        @Argument(help: "Scenario ids to verify (all when none are given).")
        var ids: [String] = []

        @Flag(help: "Print one JSON object per scenario.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "Train every run with this seed instead of the scenario's own.",
                discussion: "A cure or masker whose verdict changes with the seed sits too close to the success line."
            ))
        var seed: UInt64?

        func validate() throws {
            if let seed, seed > Setup.largestSeed {
                throw ValidationError("--seed must be a whole number from 0 to \(Setup.largestSeed).")
            }
        }

        func run() throws {
            BLAS.setThreadCount(1)
            let catalog = try Catalog.loadForSessions()
            for error in catalog.errors { StandardError.print("error: \(error)") }
            let unknown = ids.filter { id in !catalog.scenarios.contains { $0.id == id } }
            if !unknown.isEmpty { throw ValidationError("unknown scenario: \(unknown.joined(separator: ", "))") }
            var verifier = ScenarioVerifier(library: DataLibrary())
            // A person at a terminal sees how far each scenario's runs have got.
            let progressLine = ProgressLine()
            if !json && isatty(STDOUT_FILENO) != 0 { verifier.progress = progressLine }
            var passed = 0
            var failed = catalog.errors.count
            for scenario in catalog.scenarios where ids.isEmpty || ids.contains(scenario.id) {
                progressLine.begin()
                let verification = try verifier.verify(scenario, seed: seed)
                progressLine.finish()
                if verification.passed { passed += 1 } else { failed += 1 }
                if json {
                    print(
                        JSONValue.object([
                            ("id", .string(scenario.id)),
                            ("passed", .bool(verification.passed)),
                            (
                                "checks",
                                .array(
                                    verification.checks.map { check in
                                        .object([
                                            ("role", .string(check.role)),
                                            ("changes", .array(check.changes.map { .string($0.description) })),
                                            ("expectation", .string(check.expectation)),
                                            ("passed", .bool(check.passed)),
                                            ("measured", .string(check.measured)),
                                            ("seconds", .number((check.seconds * 1000).rounded() / 1000)),
                                        ])
                                    })
                            ),
                        ]).serialized())
                } else {
                    print("\(verification.passed ? "PASS" : "FAIL") \(scenario.id) (\(scenario.difficulty.rawValue))")
                    for check in verification.checks {
                        let changes =
                            check.changes.isEmpty
                            ? "" : " [\(check.changes.map(\.description).joined(separator: "; "))]"
                        print(
                            String(
                                format: "  %@ %@%@: %@ (%.2f s)", check.passed ? "ok  " : "FAIL", check.role, changes,
                                check.measured, check.seconds))
                    }
                }
            }
            if !json { print("scenarios: \(passed) passed, \(failed) failed") }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
