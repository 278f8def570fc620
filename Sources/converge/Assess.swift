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
            abstract:
                "Assess an answer (read from standard input) to one problem of the bank, as JSON; or measure the assessor."
        )

        @Argument(help: "A problem id (see Scenarios/problems).")
        var problem: String?

        @Flag(help: "Read every calibration answer of the bank and report how the assessor agrees with its labels.")
        var calibration = false

        func validate() throws {
            if calibration == (problem != nil) { throw ValidationError("give a problem id, or --calibration alone") }
        }

        func run() throws {
            if calibration { return try reportCalibration() }
            let problem = try ProblemBank.load().require(problem ?? "")
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
                    ("bare_list", .bool(assessment.isBareList)),
                    (
                        "evidence",
                        .object(assessment.covered.map { ($0, .string(assessment.evidence[$0] ?? "")) })
                    ),
                ]).serialized())
        }

        func reportCalibration() throws {
            let report = CalibrationReport(bank: try ProblemBank.load())
            print("calibration answers: \(report.answers)")
            print(String(format: "concept precision %.3f, recall %.3f", report.precision, report.recall))
            print("wrong answers scoring 50 or more: \(report.wrongAtFiftyOrMore)")
            print("keyword lists scoring 50 or more: \(report.listsAtFiftyOrMore)")
            print("strong answers below 70: \(report.strongBelowSeventy)")
            print("answers outside their label (\(report.disagreements.count)):")
            for item in report.disagreements {
                print(
                    "  \(item.problem) \(item.kind.rawValue): \(item.score) (band \(item.band.lowerBound)-\(item.band.upperBound))"
                        + (item.wronglyCredited.isEmpty
                            ? "" : "; credited \(item.wronglyCredited.joined(separator: ", "))")
                        + (item.wronglyMissed.isEmpty ? "" : "; missed \(item.wronglyMissed.joined(separator: ", "))"))
            }
        }
    }
}
