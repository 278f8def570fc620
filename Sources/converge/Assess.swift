import ArgumentParser
import ConvergeEngine
import ConvergeInterview
import ConvergeScenarios
import ConvergeSession
import Foundation

extension Converge {
    /// Assesses one answer read from standard input.
    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assess an answer (read from standard input) to one problem of the bank, as JSON.")

        @Argument(help: "A problem id (see Scenarios/problems).")
        var problem: String

        func run() throws {
            let problem = try InterviewFiles.problem(problem)
            var lines: [String] = []
            while let line = readLine() { lines.append(line) }
            let assessment = AnswerAssessor().assess(lines.joined(separator: "\n"), for: problem)
            print(JSONValue.object([
                ("problem", .string(problem.id)),
                ("covered", .array(assessment.covered.map { .string($0) })),
                ("missed", .array(assessment.missed.map { .string($0) })),
                ("score", .number(Double(assessment.score))),
                ("level", .string(assessment.level)),
            ]).serialized())
        }
    }
}

/// Where the interview's files live in the project.
enum InterviewFiles {
    static func bank() throws -> ProblemBank {
        guard let root = ProjectFiles.root() else {
            throw ValidationError("cannot find the project's Scenarios folder: run converge from the project folder or set CONVERGE_HOME")
        }
        let bank = ProblemBank(folder: root.appendingPathComponent("Scenarios/problems"))
        for error in bank.errors { FileHandleOutput.standardError("warning: skipped \(error)") }
        return bank
    }

    /// The problem called `id`, or an error suggesting the nearest id.
    static func problem(_ id: String) throws -> Problem {
        let bank = try bank()
        if let problem = bank.problem(id) { return problem }
        let close = bank.problems.map(\.id).min { CommandSpec.editDistance(id, $0) < CommandSpec.editDistance(id, $1) }
        throw ValidationError("unknown problem '\(id)'" + (close.map { ". Did you mean '\($0)'?" } ?? ""))
    }
}
