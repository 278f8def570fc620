import ConvergeSupport
import Foundation

/// A small line plot for the terminal, with a labelled vertical axis and a step axis: where a
/// sparkline shows only that a curve moved, the plot shows how far, when and in what shape.
/// Values spanning more than two decades are drawn on a log scale (said in the title), and
/// values above `clipAbove` (a range test's blow-up) are drawn as clip marks at the top.
struct TerminalPlot {
    /// One curve of the plot and the mark it is drawn with.
    struct Series {
        var values: [Float]
        /// The point mark, or nil for the style's own (`•`, or `*` in plain text).
        var mark: Character?
    }

    var title: String
    var series: [Series]
    /// The label of the horizontal axis ("step", "learning rate").
    var xLabel: String
    /// The label of the first and the last point on the horizontal axis.
    var xRange: (first: String, last: String)
    var clipAbove: Float? = nil
    /// Points to mark under the step axis (by index into `values`): a suggestion, a minimum.
    var marks: [(position: Int, mark: Character)] = []
    var height = 8
    var width = 48

    /// A plot of one curve.
    init(
        title: String, values: [Float], xLabel: String, xRange: (first: String, last: String),
        clipAbove: Float? = nil, marks: [(position: Int, mark: Character)] = []
    ) {
        self.init(
            title: title, series: [Series(values: values, mark: nil)], xLabel: xLabel, xRange: xRange,
            clipAbove: clipAbove, marks: marks)
    }

    /// A plot of several curves over the same steps (they are stretched to the longest).
    init(
        title: String, series: [Series], xLabel: String, xRange: (first: String, last: String),
        clipAbove: Float? = nil, marks: [(position: Int, mark: Character)] = []
    ) {
        self.title = title
        self.series = series
        self.xLabel = xLabel
        self.xRange = xRange
        self.clipAbove = clipAbove
        self.marks = marks
    }

    /// The points of the longest curve, which set the step axis.
    var pointCount: Int { series.map(\.values.count).max() ?? 0 }

    func rendered(style: TextStyle) -> String {
        let columns = Swift.min(width, pointCount)
        // Every curve averaged over the same bins of steps, so a run that stopped early ends
        // early on the shared axis; a bin past a curve's end stays empty.
        let sampled = series.map { Self.binned($0.values, total: pointCount, columns: columns) }
        let clipped = sampled.map { values in
            values.map { value -> Float? in
                guard let value, let clipAbove, value.isFinite, value > clipAbove else { return value }
                return .infinity
            }
        }
        let finite = clipped.flatMap { $0.compactMap { $0 }.filter(\.isFinite) }
        guard let low = finite.min(), let high = finite.max(), columns > 0 else {
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
        let joiner: Character = style.unicode ? "·" : "."
        let clipMark: Character = style.unicode ? "↑" : "^"
        var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: height)
        for (index, curve) in clipped.enumerated() {
            let point = series[index].mark ?? (style.unicode ? "•" : "*")
            var previous: Int?
            for (column, slot) in curve.enumerated() {
                guard let value = slot else {
                    previous = nil
                    continue
                }
                if value == .infinity && sampled[index][column]?.isFinite == true {
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
                // Join a jump to the point before, so a fall reads as a line, not scattered
                // dots (only where no other curve has drawn).
                if let previous, Swift.abs(previous - current) > 1 {
                    for between in (Swift.min(previous, current) + 1)..<Swift.max(previous, current)
                    where grid[between][column] == " " {
                        grid[between][column] = joiner
                    }
                }
                grid[current][column] = point
                previous = current
            }
        }
        // Axis labels at the top, the middle and the bottom row.
        let labelled: [Int: String] = [
            height - 1: Format.number(high), (height - 1) / 2: Format.number(unscaled((top + bottom) / 2, isLog)),
            0: Format.number(low),
        ]
        let labelWidth = labelled.values.map(\.count).max() ?? 0
        let rule: Character = style.unicode ? "│" : "|"
        let tick: Character = style.unicode ? "┤" : "+"
        // Say what a column is when it averages several points: a single step can lie outside
        // the axis the means span.
        let averaged = pointCount > columns
        let perColumn = Swift.max(2, Int((Double(pointCount) / Double(Swift.max(columns, 1))).rounded()))
        var notes: [String] = []
        if isLog { notes.append("log scale") }
        if averaged { notes.append("a column is the mean of about \(perColumn) points") }
        var lines = [title + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")]
        for index in stride(from: height - 1, through: 0, by: -1) {
            let label = labelled[index] ?? ""
            lines.append(
                String(repeating: " ", count: labelWidth - label.count) + label + " "
                    + String(labelled[index] == nil ? rule : tick) + String(grid[index]))
        }
        let corner = style.unicode ? "└" : "+"
        let dash = style.unicode ? "─" : "-"
        lines.append(
            String(repeating: " ", count: labelWidth + 1) + corner + String(repeating: dash, count: columns))
        if !marks.isEmpty {
            lines.append(
                String(repeating: " ", count: labelWidth + 2) + style.markers(marks, of: pointCount, width: width))
        }
        let gap = Swift.max(1, columns - xRange.first.count - xRange.last.count)
        lines.append(
            String(repeating: " ", count: labelWidth + 2) + xRange.first + String(repeating: " ", count: gap)
                + xRange.last + "  " + xLabel)
        if let clipAbove, clipped.contains(where: { $0.contains(.infinity) }) {
            lines.append("\(clipMark): above \(Format.number(clipAbove)), clipped")
        }
        return lines.joined(separator: "\n")
    }

    /// `values` averaged into `columns` bins of a `total`-step axis; nil where the curve has
    /// no step (it ended before the bin), NaN where a bin holds a non-finite value.
    static func binned(_ values: [Float], total: Int, columns: Int) -> [Float?] {
        (0..<columns).map { column in
            let start = column * total / columns
            let end = Swift.max(start + 1, (column + 1) * total / columns)
            guard start < values.count else { return nil }
            let slice = values[start..<Swift.min(end, values.count)]
            if slice.contains(where: { !$0.isFinite }) { return .nan }
            return slice.reduce(0, +) / Float(slice.count)
        }
    }

    private func unscaled(_ value: Float, _ isLog: Bool) -> Float {
        isLog ? Foundation.pow(10, value) : value
    }
}
