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

    /// A number always in scientific notation with three significant digits (`1.30e-03`), for
    /// a column of ratios read against a power of ten: `number` would print 0.0013 in one row
    /// and 9.65e-04 in the next.
    public static func scientific(_ value: Float?) -> String {
        guard let value, value.isFinite, value != 0 else { return number(value) }
        return String(format: "%.2e", value)
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

    /// Rows of cells aligned in columns: the first column and words on the left, numbers on
    /// the right.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        // Numbers line up on the right, words on the left: a column is numeric when every
        // cell of its body reads as a number ("0.003", "-1.2e-4", "97.5%", "NaN", "-").
        let numeric = header.indices.map { column in
            column > 0 && rows.allSatisfy { row in column >= row.count || isNumeric(row[column]) }
        }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: Swift.max(0, widths[column] - cell.count))
                if numeric[column] { return padding + cell }
                return column == row.count - 1 ? cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Rows aligned in columns as `table` aligns them, without a header line.
    public static func rows(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        return table(Array(repeating: "", count: columns), rows).split(
            separator: "\n", omittingEmptySubsequences: false
        ).dropFirst().joined(separator: "\n")
    }

    /// Whether a table cell reads as a number, for right alignment.
    static func isNumeric(_ cell: String) -> Bool {
        let trimmed = cell.trimmingCharacters(in: CharacterSet(charactersIn: " %*x"))
        if ["NaN", "nan", "inf", "-inf", "-", ""].contains(trimmed) { return true }
        return Double(trimmed) != nil
    }
}
