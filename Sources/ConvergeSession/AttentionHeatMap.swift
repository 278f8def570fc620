import ConvergeEngine

/// Draws a `T x T` attention matrix as a heat map with row and column labels: darker cells
/// for larger weights, and the largest weight of each row marked.
struct AttentionHeatMap {
    let weights: [[Float]]
    let labels: [String]
    let style: TextStyle

    var text: String {
        let shades: [String] = style.unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "+", "#"]
        let labelWidth = (labels.map(\.count).max() ?? 1) + 1
        let cell = 5
        var lines = [
            String(repeating: " ", count: labelWidth) + " "
                + labels.map { $0.prefix(cell - 1).padding(toLength: cell, withPad: " ", startingAt: 0) }.joined()
        ]
        for (row, values) in weights.enumerated() {
            let strongest = values.indices.max { values[$0] < values[$1] } ?? 0
            var line = labels[row].padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " "
            for (column, value) in values.enumerated() {
                let level = Swift.min(shades.count - 1, Swift.max(0, Int((value * Float(shades.count - 1)).rounded())))
                let shade = String(repeating: shades[level], count: 2)
                let mark = column == strongest ? "*" : " "
                line += shade + mark + "  "
            }
            lines.append(line)
        }
        lines.append("rows: queries; columns: keys; darker = more weight; * = each row's strongest link")
        return lines.joined(separator: "\n")
    }

    /// The `index`-th example's matrix from a `B x T x T` attention tensor.
    static func matrix(_ attention: Tensor, example: Int) -> [[Float]] {
        let steps = attention.columns
        return (0..<steps).map { i in (0..<steps).map { j in attention[(example * steps + i) * steps + j] } }
    }
}
