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

        @Option(
            help: ArgumentHelp(
                "With --calibration: read the labelled answers in this folder (one <problem>.yaml each, a held-out set) instead of the problem files'.",
                valueName: "folder"))
        var answers: String?

        func validate() throws {
            if calibration == (problem != nil) { throw ValidationError("give a problem id, or --calibration alone") }
            if answers != nil && !calibration { throw ValidationError("--answers goes with --calibration") }
        }

        func run() throws {
            if calibration { return try reportCalibration() }
            let problem = try ProblemBank.load().require(problem ?? "")
            var lines: [String] = []
            var length = 0
            while let line = readLine() {
                length += line.count + 1
                if length > AnswerAssessor.maximumCharacters + 1 {
                    throw ValidationError(
                        "the answer is longer than \(AnswerAssessor.maximumCharacters) characters, the most the assessor reads"
                    )
                }
                lines.append(line)
            }
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
                    (
                        "cancelled",
                        .object(
                            assessment.missed.compactMap { id in assessment.cancelled[id].map { (id, .string($0)) } })
                    ),
                ]).serialized())
        }

        func reportCalibration() throws {
            let bank = try ProblemBank.load()
            for error in bank.errors { StandardError.print("skipped: \(error)") }
            let report =
                try answers.map { CalibrationReport(labelled: try bank.heldOutAnswers(in: URL(fileURLWithPath: $0))) }
                ?? CalibrationReport(bank: bank)
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
