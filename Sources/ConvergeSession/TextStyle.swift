import ConvergeSupport
import Foundation

/// How output is drawn: Unicode blocks and colour on a terminal, plain ASCII otherwise
/// (a script, a pipe, a transcript).
public struct TextStyle: Sendable {
    public var unicode: Bool
    public var colour: Bool

    public init(unicode: Bool, colour: Bool) {
        self.unicode = unicode
        self.colour = colour
    }

    /// Plain text: what tests, scripts and transcripts get.
    public static let plain = TextStyle(unicode: false, colour: false)

    /// Unicode and colour when standard output is a terminal and `NO_COLOR` is not set.
    public static func forStandardOutput() -> TextStyle {
        let terminal = isatty(STDOUT_FILENO) != 0
        return TextStyle(unicode: terminal, colour: terminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    /// `text` in bold, when colour is on.
    func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    /// `text` dimmed, when colour is on.
    func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    /// `text` in red (a warning sign), when colour is on.
    func alert(_ text: String) -> String { colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    /// `text` in green, when colour is on.
    func good(_ text: String) -> String { colour ? "\u{1B}[32m\(text)\u{1B}[0m" : text }

    /// A one-line chart of `values` (non-finite values shown as `!`), scaled to their own
    /// range and followed by that range, so a plateau from 2.305 to 2.301 shows its shape
    /// and says how small it is. Values spanning more than two decades are drawn on a log
    /// scale. With `ceiling`, the scale is fixed from 0 to it (accuracies) and no range is
    /// printed. With `clipAbove`, larger values (the blow-up at the end of a range test) are
    /// drawn as `^` and the clip is said.
    func sparkline(_ values: [Float], width: Int = Self.chartWidth, ceiling: Float? = nil, clipAbove: Float? = nil)
        -> String
    {
        let (line, note) = sparklineParts(values, width: width, ceiling: ceiling, clipAbove: clipAbove)
        return line + (note.map { "  (\($0))" } ?? "")
    }

    /// The cells of a chart: 40, so that a label, the chart and its range fit in 80 columns.
    static let chartWidth = 40

    /// A sparkline and its note (the range drawn, the scale, the clip), apart, for a caller
    /// that lays them out itself.
    func sparklineParts(_ values: [Float], width: Int = Self.chartWidth, ceiling: Float? = nil, clipAbove: Float? = nil)
        -> (line: String, note: String?)
    {
        guard !values.isEmpty else { return ("", nil) }
        let levels: [Character] = unicode ? Array("▁▂▃▄▅▆▇█") : Array("_.-=+*#@")
        let clipMark: Character = unicode ? "↑" : "^"
        let sampled = Self.resample(values, to: width)
        let clipped = sampled.map { value -> Float in
            guard let clipAbove, value.isFinite, value > clipAbove else { return value }
            return .infinity
        }
        // The range is the values' own, not that of the cells' means: the note names the
        // loss's first and last values truly ("2.397 to 1.982", where the means ran only from
        // 2.238), and the cells sit within it.
        let finite = values.filter { $0.isFinite && (clipAbove == nil || $0 <= clipAbove!) }
        guard clipped.contains(where: \.isFinite), let rawLow = finite.min(), let rawHigh = finite.max() else {
            return (String(repeating: "!", count: sampled.count), nil)
        }
        let logScale = ceiling == nil && rawLow > 0 && rawHigh / rawLow > 100
        let scale = { (value: Float) in logScale ? Foundation.log10(value) : value }
        let low = ceiling == nil ? scale(rawLow) : Swift.min(0, rawLow)
        let high = ceiling.map(scale) ?? scale(rawHigh)
        let line = String(
            clipped.enumerated().map { index, value -> Character in
                if value == .infinity && sampled[index].isFinite { return clipMark }
                guard value.isFinite else { return "!" }
                let position = high > low ? (scale(value) - low) / (high - low) : 0.5
                return levels[Swift.max(0, Swift.min(levels.count - 1, Int(position * Float(levels.count - 1) + 0.5)))]
            })
        guard ceiling == nil else { return (line, nil) }
        var notes = ["\(Format.number(rawLow)) to \(Format.number(rawHigh))"]
        if logScale { notes.append("log scale") }
        if let clipAbove, clipped.contains(where: { $0 == .infinity }),
            sampled.contains(where: { $0.isFinite && $0 > clipAbove })
        {
            notes.append("\(clipMark) above \(Format.number(clipAbove))")
        }
        return (line, notes.joined(separator: ", "))
    }

    /// A line under a sparkline of `count` points with a mark at each position (in the
    /// original values): a suggested rate, a minimum. A later mark at a taken column wins.
    func markers(_ marks: [(position: Int, mark: Character)], of count: Int, width: Int = Self.chartWidth) -> String {
        guard count > 0, !marks.isEmpty else { return "" }
        let columns = marks.map { (count > width ? $0.position * width / count : $0.position, $0.mark) }
        var line = [Character](repeating: " ", count: (columns.map(\.0).max() ?? 0) + 1)
        for (column, mark) in columns { line[column] = mark }
        return String(line)
    }

    /// A horizontal bar of `fraction` (0…1) of `width` cells.
    func bar(_ fraction: Float, width: Int = 24) -> String {
        let clamped = fraction.isFinite ? Swift.min(Swift.max(fraction, 0), 1) : 0
        let cells = Int((clamped * Float(width)).rounded())
        return String(repeating: unicode ? "█" : "#", count: cells)
            + String(repeating: unicode ? "·" : ".", count: width - cells)
    }

    /// Averages consecutive values down to at most `count` points.
    static func resample(_ values: [Float], to count: Int) -> [Float] {
        guard values.count > count, count > 0 else { return values }
        return (0..<count).map { index in
            let start = index * values.count / count
            let end = Swift.max(start + 1, (index + 1) * values.count / count)
            let slice = values[start..<end]
            if slice.contains(where: { !$0.isFinite }) { return .nan }
            return slice.reduce(0, +) / Float(slice.count)
        }
    }
}
