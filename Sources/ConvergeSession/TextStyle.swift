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

    /// A one-line chart of `values` (non-finite values shown as `!`). Values spanning more
    /// than two decades are drawn on a log scale, so an explosion does not flatten the rest.
    func sparkline(_ values: [Float], width: Int = 60, ceiling: Float? = nil) -> String {
        guard !values.isEmpty else { return "" }
        let levels: [Character] = unicode ? Array("▁▂▃▄▅▆▇█") : Array("_.-=+*#@")
        var sampled = Self.resample(values, to: width)
        let positive = sampled.filter { $0.isFinite && $0 > 0 }
        if let low = positive.min(), let high = positive.max(), high / low > 100,
            positive.count == sampled.filter(\.isFinite).count
        {
            sampled = sampled.map { $0.isFinite ? Foundation.log10($0) : $0 }
        }
        let finite = sampled.filter(\.isFinite)
        guard var low = finite.min(), let high = ceiling ?? finite.max() else {
            return String(repeating: "!", count: sampled.count)
        }
        // Non-negative values (losses, accuracies) are drawn from 0, so a flat curve looks flat.
        if low >= 0 { low = 0 }
        return String(
            sampled.map { value -> Character in
                guard value.isFinite else { return "!" }
                let position = high > low ? (value - low) / (high - low) : 0
                return levels[Swift.min(levels.count - 1, Int(position * Float(levels.count - 1) + 0.5))]
            })
    }

    /// A line under a sparkline of `count` points with `^` at `position` (0-based, in the
    /// original values), to mark one point such as a suggested learning rate.
    func marker(at position: Int, of count: Int, width: Int = 60) -> String {
        guard count > 0 else { return "" }
        let column = count > width ? position * width / count : position
        return String(repeating: " ", count: Swift.max(0, column)) + "^"
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
