import ConvergeSupport
import Foundation

/// A small line plot for the terminal, with a labelled vertical axis and a step axis: where a
/// sparkline shows only that a curve moved, the plot shows how far, when and in what shape.
/// Values spanning more than two decades are drawn on a log scale (said in the title), and
/// values above `clipAbove` (a range test's blow-up) are drawn as clip marks at the top.
struct TerminalPlot {
    var title: String
    var values: [Float]
    /// The label of the horizontal axis ("step", "learning rate").
    var xLabel: String
    /// The label of the first and the last point on the horizontal axis.
    var xRange: (first: String, last: String)
    var clipAbove: Float? = nil
    /// Points to mark under the step axis (by index into `values`): a suggestion, a minimum.
    var marks: [(position: Int, mark: Character)] = []
    var height = 8
    var width = 48

    func rendered(style: TextStyle) -> String {
        let sampled = TextStyle.resample(values, to: width)
        let clipped = sampled.map { value -> Float in
            guard let clipAbove, value.isFinite, value > clipAbove else { return value }
            return .infinity
        }
        let finite = clipped.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), !sampled.isEmpty else {
            return "\(title): no finite value to draw"
        }
        let isLog = low > 0 && high / low > 100
        let scale = { (value: Float) in isLog ? Foundation.log10(value) : value }
        let bottom = scale(low)
        let top = scale(high) > bottom ? scale(high) : bottom + 1
        func row(_ value: Float) -> Int {
            let fraction = (scale(value) - bottom) / (top - bottom)
            return Swift.max(0, Swift.min(height - 1, Int((fraction * Float(height - 1)).rounded())))
        }
        let point: Character = style.unicode ? "•" : "*"
        let joiner: Character = style.unicode ? "·" : "."
        let clipMark: Character = style.unicode ? "↑" : "^"
        var grid = [[Character]](repeating: [Character](repeating: " ", count: sampled.count), count: height)
        var previous: Int?
        for (column, value) in clipped.enumerated() {
            if value == .infinity && sampled[column].isFinite {
                grid[height - 1][column] = clipMark
                previous = nil
                continue
            }
            guard value.isFinite else {
                grid[height - 1][column] = "!"
                previous = nil
                continue
            }
            let current = row(value)
            // Join a jump to the point before, so a fall reads as a line, not scattered dots.
            if let previous, Swift.abs(previous - current) > 1 {
                for between in (Swift.min(previous, current) + 1)..<Swift.max(previous, current) {
                    grid[between][column] = joiner
                }
            }
            grid[current][column] = point
            previous = current
        }
        // Axis labels at the top, the middle and the bottom row.
        let labelled: [Int: String] = [
            height - 1: Format.number(high), (height - 1) / 2: Format.number(unscaled((top + bottom) / 2, isLog)),
            0: Format.number(low),
        ]
        let labelWidth = labelled.values.map(\.count).max() ?? 0
        let rule: Character = style.unicode ? "│" : "|"
        let tick: Character = style.unicode ? "┤" : "+"
        var lines = [title + (isLog ? " (log scale)" : "")]
        for index in stride(from: height - 1, through: 0, by: -1) {
            let label = labelled[index] ?? ""
            lines.append(
                String(repeating: " ", count: labelWidth - label.count) + label + " "
                    + String(labelled[index] == nil ? rule : tick) + String(grid[index]))
        }
        let corner = style.unicode ? "└" : "+"
        let dash = style.unicode ? "─" : "-"
        lines.append(
            String(repeating: " ", count: labelWidth + 1) + corner + String(repeating: dash, count: sampled.count))
        if !marks.isEmpty {
            lines.append(
                String(repeating: " ", count: labelWidth + 2) + style.markers(marks, of: values.count, width: width))
        }
        let gap = Swift.max(1, sampled.count - xRange.first.count - xRange.last.count)
        lines.append(
            String(repeating: " ", count: labelWidth + 2) + xRange.first + String(repeating: " ", count: gap)
                + xRange.last + "  " + xLabel)
        if let clipAbove, clipped.contains(where: { $0 == .infinity }) {
            lines.append("\(clipMark): above \(Format.number(clipAbove)), clipped")
        }
        return lines.joined(separator: "\n")
    }

    private func unscaled(_ value: Float, _ isLog: Bool) -> Float {
        isLog ? Foundation.pow(10, value) : value
    }
}
