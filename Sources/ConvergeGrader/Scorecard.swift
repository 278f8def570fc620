import ConvergeScenarios
import ConvergeSession
import Foundation

/// The end-of-session scorecard, as text for the terminal and as Markdown for a report.
/// The tone is coaching: each improvement says what to do next time and why.
public struct Scorecard {
    public let grade: Grade

    public init(grade: Grade) {
        self.grade = grade
    }

    /// The scorecard as plain text (a terminal, a transcript, a test).
    public var text: String {
        var lines = ["Scorecard: \(grade.log.handle.isEmpty ? grade.scenario.id : grade.log.handle) (\(grade.scenario.id)), overall \(Int(grade.overall))/100", ""]
        let areaWidth = 20
        for entry in grade.rubric {
            lines.append(entry.area.padding(toLength: areaWidth, withPad: " ", startingAt: 0)
                + entry.level.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + entry.justification)
        }
        lines.append("")
        for dimension in Dimension.allCases {
            let score = Int(grade.score(dimension))
            lines.append("  " + dimension.title.padding(toLength: 13, withPad: " ", startingAt: 0)
                + String(format: "%3d", score) + "  " + String(repeating: "#", count: score / 5)
                + String(repeating: ".", count: 20 - score / 5) + "  " + dimension.meaning)
        }
        lines.append("\nStrengths")
        lines += grade.strengths.map { "  + \($0)" }
        lines.append("\nTo work on")
        lines += grade.improvements.map { "  - \($0)" }
        lines.append("\nReading")
        lines += grade.resources.map { "  * \($0.title): \($0.why)" }
        return lines.joined(separator: "\n")
    }

    /// The scorecard as Markdown, for `--report`.
    public var markdown: String {
        var lines = ["## Scorecard: overall \(Int(grade.overall))/100", ""]
        lines.append("| area | level | why |")
        lines.append("|---|---|---|")
        for entry in grade.rubric { lines.append("| \(entry.area) | **\(entry.level.rawValue)** | \(Scorecard.escape(entry.justification)) |") }
        lines.append("")
        lines.append("| dimension | score | weight | what it rewards |")
        lines.append("|---|---|---|---|")
        for dimension in Dimension.allCases {
            lines.append("| \(dimension.title) | \(Int(grade.score(dimension))) | \(Int(dimension.weight)) | \(dimension.meaning) |")
        }
        lines.append("\n### Strengths\n")
        lines += grade.strengths.map { "- \(Scorecard.escape($0))" }
        lines.append("\n### To work on\n")
        lines += grade.improvements.map { "- \(Scorecard.escape($0))" }
        lines.append("\n### Reading\n")
        lines += grade.resources.map { "- \($0.title): \($0.why)" }
        return lines.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
