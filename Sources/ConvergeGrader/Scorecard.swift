import Foundation

/// The end-of-session scorecard, as text for the terminal and as Markdown for a report:
/// one list of sections, drawn in either form. The tone is coaching: each improvement says
/// what to do next time and why.
public struct Scorecard {
    public let grade: Grade
    /// Whether the scorecard may name the bug: the scenario's id and the readings picked
    /// for it. False for a case still open, unless an interviewer asks (`grade --reveal`).
    public let revealsAnswer: Bool

    public init(grade: Grade, revealsAnswer: Bool? = nil) {
        self.grade = grade
        self.revealsAnswer = revealsAnswer ?? grade.log.showedAnswer
    }

    /// The two forms a scorecard is drawn in.
    enum Form {
        /// Plain text: a terminal, a transcript, a test.
        case text
        /// Markdown, for `--report`.
        case markdown
        /// HTML, for the report's web page.
        case html
    }

    /// The scorecard as plain text.
    public var text: String { drawn(as: .text) }

    /// The scorecard as Markdown.
    public var markdown: String { drawn(as: .markdown) }

    /// The scorecard as an HTML fragment.
    public var html: String { drawn(as: .html) }

    func drawn(as form: Form) -> String {
        var lines: [String] = []
        let overall = "overall \(Int(grade.overall))/100"
        switch form {
        case .text:
            let name = grade.log.handle.isEmpty ? grade.scenario.id : grade.log.handle
            lines += ["Scorecard: \(name)\(revealsAnswer ? " (\(grade.scenario.id))" : ""), \(overall)", ""]
            for entry in grade.rubric {
                lines.append(
                    entry.area.padding(toLength: 21, withPad: " ", startingAt: 0)
                        + entry.level.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0) + entry.justification)
            }
            // One ceiling, the lowest of each kind, and every reason for it: two caps of 55 with
            // different levels read as a contradiction when each line gives its own.
            if let lowest = grade.caps.map(\.overall).min(), let level = grade.caps.map(\.practical).min() {
                lines.append("  capped at \(Int(lowest)) overall, Practical Debugging \(level.rawValue) at most:")
                lines += grade.caps.map { "    - \($0.citation)" }
            }
            lines.append("")
            for dimension in Dimension.allCases {
                let score = Int(grade.score(dimension))
                lines.append(
                    "  " + dimension.title.padding(toLength: 13, withPad: " ", startingAt: 0)
                        + String(format: "%3d", score) + "  " + String(repeating: "#", count: score / 5)
                        + String(repeating: ".", count: 20 - score / 5) + "  " + dimension.meaning)
            }
        case .markdown:
            lines += ["## Scorecard: \(overall)", "", "| area | level | why |", "|---|---|---|"]
            for entry in grade.rubric {
                lines.append(
                    "| \(entry.area) | **\(entry.level.rawValue)** | \(Scorecard.escape(entry.justification)) |")
            }
            if !grade.caps.isEmpty {
                lines += ["", "| cap | overall at most | Practical Debugging at most | why |", "|---|---|---|---|"]
                for cap in grade.caps {
                    lines.append(
                        "| \(cap.rule) | \(Int(cap.overall)) | \(cap.practical.rawValue) | \(Scorecard.escape(cap.citation)) |"
                    )
                }
            }
            lines += ["", "| dimension | score | weight | what it rewards |", "|---|---|---|---|"]
            for dimension in Dimension.allCases {
                lines.append(
                    "| \(dimension.title) | \(Int(grade.score(dimension))) | \(Int(dimension.weight)) | \(dimension.meaning) |"
                )
            }
        case .html:
            func cell(_ text: String) -> String { "<td>\(SVGChart.escape(text))</td>" }
            lines += ["<h2>Scorecard: \(overall)</h2>", "<table><tr><th>area</th><th>level</th><th>why</th></tr>"]
            for entry in grade.rubric {
                lines.append(
                    "<tr>\(cell(entry.area))<td><strong>\(entry.level.rawValue)</strong></td>\(cell(entry.justification))</tr>"
                )
            }
            lines.append("</table>")
            if !grade.caps.isEmpty {
                lines.append(
                    "<table><tr><th>cap</th><th>overall at most</th><th>Practical Debugging at most</th><th>why</th></tr>"
                )
                for cap in grade.caps {
                    lines.append(
                        "<tr>\(cell(cap.rule))\(cell(String(Int(cap.overall))))\(cell(cap.practical.rawValue))"
                            + "\(cell(cap.citation))</tr>")
                }
                lines.append("</table>")
            }
            lines.append("<table><tr><th>dimension</th><th>score</th><th>weight</th><th>what it rewards</th></tr>")
            for dimension in Dimension.allCases {
                lines.append(
                    "<tr>\(cell(dimension.title))\(cell(String(Int(grade.score(dimension)))))"
                        + "\(cell(String(Int(dimension.weight))))\(cell(dimension.meaning))</tr>")
            }
            lines.append("</table>")
        }
        let sections: [(title: String, textBullet: String, items: [String])] = [
            ("Strengths", "+", grade.strengths),
            ("To work on", "-", grade.improvements),
            (
                "Reading", "*",
                revealsAnswer
                    ? grade.resources.map { "\($0.title): \($0.why)" }
                    : ["picked for this case once it is submitted or revealed: they would point at the bug"]
            ),
        ]
        for section in sections {
            switch form {
            case .text:
                lines.append("\n\(section.title)")
                lines += section.items.map { "  \(section.textBullet) \($0)" }
            case .markdown:
                lines.append("\n### \(section.title)\n")
                lines += section.items.map { "- \(Scorecard.escape($0))" }
            case .html:
                lines.append("<h3>\(section.title)</h3><ul>")
                lines += section.items.map { "<li>\(SVGChart.escape($0))</li>" }
                lines.append("</ul>")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
