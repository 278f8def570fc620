import Foundation

/// Number and table formatting shared by every part that prints: the session's commands,
/// the grader's scorecard, the interview and the executable.
public enum Format {
    /// A readable number: 4 significant digits, scientific when very large or small.
    public static func number(_ value: Float?) -> String {
        guard let value else { return "-" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.2e", value) }
        return String(format: "%.4g", value)
    }

    /// A share as a percentage with one decimal: `0.25` is `25.0%`.
    public static func percent(_ value: Float?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }

    /// A number as a candidate would type it in a setting: `0.1`, `3`, `1e-05`.
    public static func setting(_ value: Float) -> String {
        if value == value.rounded() && Swift.abs(value) < 1e6 { return String(Int(value)) }
        return "\(value)"
    }

    /// Rows of cells aligned in columns (the first column left, the others right).
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: Swift.max(0, widths[column] - cell.count))
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
