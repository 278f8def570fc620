import ConvergeEngine

/// Draws a `T x T` attention matrix as a heat map with row and column labels: fuller cells
/// for larger weights, and the largest weight of each row marked; with `showsValues`, each
/// cell also prints its weight to two decimals.
struct AttentionHeatMap {
    let weights: [[Float]]
    let labels: [String]
    let style: TextStyle
    var showsValues = false

    /// A weight in three characters: `.82`, `1.0`, `.00`.
    static func value(_ weight: Float) -> String {
        weight >= 0.995 ? "1.0" : "." + String(format: "%02d", Int((weight * 100).rounded()))
    }

    var text: String {
        let shades: [String] = style.unicode ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "+", "#"]
        let labelWidth = (labels.map(\.count).max() ?? 1) + 1
        // More than nine keys take narrower cells, so twelve still fit a 60-column terminal.
        let compact = !showsValues && weights.count > 9
        // With values, a space parts the shade from the weight: ". .15", not "..15".
        let cell = showsValues ? 7 : compact ? 4 : 5
        var lines = [
            String(repeating: " ", count: labelWidth) + " "
                + labels.map { $0.prefix(cell - 1).padding(toLength: cell, withPad: " ", startingAt: 0) }.joined()
        ]
        for (row, values) in weights.enumerated() {
            let strongest = values.indices.max { values[$0] < values[$1] } ?? 0
            var line = labels[row].padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " "
            for (column, value) in values.enumerated() {
                let level = Swift.min(shades.count - 1, Swift.max(0, Int((value * Float(shades.count - 1)).rounded())))
                let mark = column == strongest ? "*" : " "
                if showsValues {
                    line += shades[level] + " " + AttentionHeatMap.value(value) + mark + " "
                } else {
                    line += String(repeating: shades[level], count: 2) + mark + (compact ? " " : "  ")
                }
            }
            lines.append(line)
        }
        // An explicit scale: "darker" means the opposite on a dark terminal.
        let bounds = ["0.125", "0.375", "0.625", "0.875"]
        let legend = (0..<shades.count).map { level -> String in
            let swatch = level == 0 ? "blank" : String(repeating: shades[level], count: showsValues ? 1 : 2)
            let range =
                level == 0
                ? "below \(bounds[0])"
                : level == shades.count - 1 ? "\(bounds[level - 1]) and up" : "\(bounds[level - 1])-\(bounds[level])"
            return "\(swatch) \(range)"
        }
        lines.append("rows: queries; columns: keys; * = each row's strongest link")
        lines.append("weight: " + legend.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// The `index`-th example's matrix from a `B x T x T` attention tensor, or head `head`'s
    /// from a `B x h x T x T` one.
    static func matrix(_ attention: Tensor, example: Int, head: Int = 0) -> [[Float]] {
        let steps = attention.columns
        let heads = attention.shape.count == 4 ? attention.shape[1] : 1
        let start = (example * heads + head) * steps * steps
        return (0..<steps).map { i in (0..<steps).map { j in attention[start + i * steps + j] } }
    }
}
