import ArgumentParser
import ConvergeEngine
import ConvergeInterview
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

extension Converge {
    /// Assesses one answer read from standard input.
    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assess an answer (read from standard input) to one problem of the bank, as JSON.")

        @Argument(help: "A problem id (see Scenarios/problems).")
        var problem: String

        func run() throws {
            let problem = try ProblemBank.load().require(problem)
            var lines: [String] = []
            while let line = readLine() { lines.append(line) }
            let assessment = AnswerAssessor().assess(lines.joined(separator: "\n"), for: problem)
            print(
                JSONValue.object([
                    ("problem", .string(problem.id)),
                    ("covered", .array(assessment.covered.map { .string($0) })),
                    ("missed", .array(assessment.missed.map { .string($0) })),
                    ("score", .number(Double(assessment.score))),
                    ("level", .string(assessment.level)),
                ]).serialized())
        }
    }
}
