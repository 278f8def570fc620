import Foundation

/// One training run as the report draws it: what was changed, and its curves per epoch.
struct ChartRun: Equatable {
    /// What the run tried, in the candidate's terms ("lr 0.01, init he"), or "original setup".
    var label: String
    var losses: [Double?]
    var accuracies: [Double?]
    /// The scenario's own setup, drawn in grey under the candidate's runs.
    var isOriginal = false

    /// The first epoch (1-based) whose loss was not a finite number, if any.
    var firstNonFiniteEpoch: Int? {
        losses.firstIndex { !($0?.isFinite ?? false) }.map { $0 + 1 }
    }
}

/// The report's picture of a session's runs: a training-loss panel and a validation-accuracy
/// panel with axes, ticks and units, one colour per run (the original in grey), a legend
/// beside the plots naming what each run changed, and a cross where a loss went non-finite.
/// Runs whose curves are identical are drawn once, with every name in the legend.
struct SVGChart {
    let runs: [ChartRun]

    /// Colours for the candidate's runs (colour-blind-safe, Okabe and Ito), and the original's.
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let originalColour = "#999999"

    /// Runs with identical curves merged into one entry, first appearance first.
    var distinct: [(run: ChartRun, labels: [String], colour: String)] {
        var merged: [(run: ChartRun, labels: [String], colour: String)] = []
        var nextColour = 0
        for run in runs {
            if let index = merged.firstIndex(where: {
                $0.run.losses == run.losses && $0.run.accuracies == run.accuracies
            }) {
                merged[index].labels.append(run.label)
                continue
            }
            let colour = run.isOriginal ? Self.originalColour : Self.colours[nextColour % Self.colours.count]
            if !run.isOriginal { nextColour += 1 }
            merged.append((run, [run.label], colour))
        }
        return merged
    }

    // Layout, in pixels.
    static let width = 780.0
    static let plotLeft = 70.0
    static let plotRight = 500.0
    static let legendLeft = 525.0
    static let panelHeight = 190.0
    static let panelGap = 60.0
    static let top = 40.0

    var svg: String {
        let entries = distinct
        let hasAccuracy = runs.contains { $0.accuracies.contains { $0 != nil } }
        let epochs = Swift.max(runs.map(\.losses.count).max() ?? 1, 2)
        let panels = hasAccuracy ? 2 : 1
        let plotsHeight = Self.top + Double(panels) * (Self.panelHeight + Self.panelGap)
        let legendLines = entries.map { Self.legendLines(for: $0.labels, nonFinite: $0.run.firstNonFiniteEpoch) }
        let legendHeight =
            Self.top + 20 + Double(legendLines.map(\.count).reduce(0, +)) * 15
            + Double(entries.count) * 8
        let height = Swift.max(plotsHeight, legendHeight)
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(height))\" "
                + "font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        let losses = entries.flatMap { $0.run.losses.compactMap { $0 } }.filter { $0.isFinite && $0 > 0 }
        // A blow-up would flatten every other curve: the axis stops at ten thousand times the
        // smallest first-epoch loss, and what rises above is drawn at the top edge.
        let starts = entries.compactMap { $0.run.losses.first ?? nil }.filter { $0.isFinite && $0 > 0 }
        let cap = (starts.min() ?? losses.max() ?? 1) * 10_000
        let lossAxis = Axis(values: losses.filter { $0 <= cap }, logWhenSpanning: 20)
        let clipped = losses.contains { $0 > cap }
        parts += panel(
            title: "Training loss per epoch" + (lossAxis.isLog ? " (log scale)" : "")
                + (clipped ? ", clipped at the top edge" : ""), top: Self.top, axis: lossAxis,
            epochs: epochs, entries: entries, values: \.losses, unit: "")
        if hasAccuracy {
            let accuracyAxis = Axis(fixedFrom: 0, to: 1)
            parts += panel(
                title: "Validation accuracy per epoch", top: Self.top + Self.panelHeight + Self.panelGap,
                axis: accuracyAxis, epochs: epochs, entries: entries, values: \.accuracies, unit: "%")
        }
        // The legend, outside the plots: a swatch, then what the run changed.
        var y = Self.top + 4
        parts.append("<text x=\"\(Self.legendLeft)\" y=\"\(y)\" font-weight=\"bold\">Runs</text>")
        y += 20
        for (entry, lines) in zip(entries, legendLines) {
            parts.append(
                "<rect x=\"\(Self.legendLeft)\" y=\"\(format(y - 10))\" width=\"14\" height=\"10\" fill=\"\(entry.colour)\"/>"
            )
            for line in lines {
                parts.append("<text x=\"\(Self.legendLeft + 20)\" y=\"\(format(y))\">\(Self.escape(line))</text>")
                y += 15
            }
            y += 8
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A legend entry wrapped to the legend's width: the run's names, and where its loss
    /// went non-finite.
    static func legendLines(for labels: [String], nonFinite: Int?) -> [String] {
        var text = labels.joined(separator: "; ")
        if labels.count > 1 { text = "identical curves: " + text }
        if let nonFinite { text += " (non-finite from epoch \(nonFinite))" }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + word.count + 1 > 33 {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        lines.append(current)
        return lines
    }

    /// One panel: frame, gridlines and tick labels, the axis titles, one line per entry, and
    /// a cross at the top of the panel where an entry's loss stopped being finite.
    func panel(
        title: String, top: Double, axis: Axis, epochs: Int,
        entries: [(run: ChartRun, labels: [String], colour: String)], values: KeyPath<ChartRun, [Double?]>,
        unit: String
    ) -> [String] {
        let bottom = top + Self.panelHeight
        func x(_ epoch: Int) -> Double {
            Self.plotLeft + Double(epoch - 1) / Double(epochs - 1) * (Self.plotRight - Self.plotLeft)
        }
        func y(_ value: Double) -> Double { bottom - axis.fraction(of: value) * Self.panelHeight }
        var parts = [
            "<text x=\"\(Self.plotLeft)\" y=\"\(format(top - 12))\" font-size=\"13\" font-weight=\"bold\">\(Self.escape(title))</text>",
            "<rect x=\"\(Self.plotLeft)\" y=\"\(top)\" width=\"\(Self.plotRight - Self.plotLeft)\" height=\"\(Self.panelHeight)\" fill=\"none\" stroke=\"#444\"/>",
        ]
        for tick in axis.ticks {
            let ty = y(tick)
            parts.append(
                "<line x1=\"\(Self.plotLeft)\" y1=\"\(format(ty))\" x2=\"\(Self.plotRight)\" y2=\"\(format(ty))\" stroke=\"#e4e4e4\"/>"
            )
            parts.append(
                "<text x=\"\(Self.plotLeft - 6)\" y=\"\(format(ty + 4))\" text-anchor=\"end\">\(axis.label(tick, unit: unit))</text>"
            )
        }
        let step = Swift.max(1, Int((Double(epochs) / 10).rounded(.up)))
        for epoch in stride(from: 1, through: epochs, by: step) {
            parts.append(
                "<line x1=\"\(format(x(epoch)))\" y1=\"\(bottom)\" x2=\"\(format(x(epoch)))\" y2=\"\(bottom + 4)\" stroke=\"#444\"/>"
            )
            parts.append(
                "<text x=\"\(format(x(epoch)))\" y=\"\(bottom + 17)\" text-anchor=\"middle\">\(epoch)</text>")
        }
        parts.append(
            "<text x=\"\(format((Self.plotLeft + Self.plotRight) / 2))\" y=\"\(bottom + 33)\" text-anchor=\"middle\">epoch</text>"
        )
        // The original first, so the candidate's runs draw over it.
        for entry in entries.sorted(by: { $0.run.isOriginal && !$1.run.isOriginal }) {
            let series = entry.run[keyPath: values]
            let points = series.enumerated().compactMap { index, value -> String? in
                guard let value, value.isFinite, !axis.isLog || value > 0 else { return nil }
                return "\(format(x(index + 1))),\(format(y(axis.clamped(value))))"
            }
            if points.count > 1 {
                parts.append(
                    "<polyline fill=\"none\" stroke=\"\(entry.colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
                )
            }
            for point in points.count == 1 ? points : [] {
                let xy = point.split(separator: ",")
                parts.append("<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(entry.colour)\"/>")
            }
            if values == \ChartRun.losses, let epoch = entry.run.firstNonFiniteEpoch {
                let cx = x(epoch)
                parts.append(
                    "<path d=\"M\(format(cx - 5)),\(format(top + 3)) l10,10 m0,-10 l-10,10\" stroke=\"\(entry.colour)\" stroke-width=\"2.5\"/>"
                )
                parts.append(
                    "<text x=\"\(format(cx + 8))\" y=\"\(format(top + 13))\" fill=\"\(entry.colour)\">non-finite</text>"
                )
            }
        }
        return parts
    }

    func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A panel's vertical axis: linear or logarithmic, with round ticks.
struct Axis {
    var low: Double
    var high: Double
    var isLog: Bool

    /// An axis over `values`, logarithmic when the largest is more than `logWhenSpanning`
    /// times the smallest, so a curve that falls by decades keeps its shape.
    init(values: [Double], logWhenSpanning ratio: Double) {
        let smallest = values.min() ?? 0.1
        let largest = values.max() ?? 1
        isLog = smallest > 0 && largest / smallest > ratio
        if isLog {
            low = Foundation.pow(10, Foundation.log10(smallest).rounded(.down))
            high = Foundation.pow(10, Foundation.log10(largest).rounded(.up))
        } else {
            let pad = Swift.max((largest - smallest) * 0.08, Swift.abs(largest) * 1e-6, 1e-9)
            low = Swift.max(0, smallest - pad)
            high = largest + pad
        }
    }

    init(fixedFrom low: Double, to high: Double) {
        self.low = low
        self.high = high
        isLog = false
    }

    func clamped(_ value: Double) -> Double { Swift.min(Swift.max(value, low), high) }

    /// Where `value` sits between the bottom (0) and the top (1).
    func fraction(of value: Double) -> Double {
        let value = clamped(value)
        if isLog {
            return (Foundation.log10(value) - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low))
        }
        return (value - low) / Swift.max(high - low, 1e-12)
    }

    /// Round values to mark: every decade on a log axis, about five steps of 1, 2 or 5 times
    /// a power of ten on a linear one.
    var ticks: [Double] {
        if isLog {
            let first = Int(Foundation.log10(low).rounded())
            let last = Swift.max(first, Int(Foundation.log10(high).rounded()))
            // At most about seven labels: every decade, or every second, third... decade.
            let step = Swift.max(1, (last - first + 6) / 7)
            return stride(from: first, through: last, by: step).map { Foundation.pow(10, Double($0)) }
        }
        let raw = (high - low) / 5
        let magnitude = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var tick = (low / step).rounded(.up) * step
        while tick <= high + step * 1e-9 {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    /// A tick's label. Never converts a huge value to an integer (a diverged loss can be
    /// 1e30): powers of ten beyond 1e4 are written as such, and every tick of a log axis in
    /// the same form when any needs it.
    func label(_ value: Double, unit: String) -> String {
        if unit == "%" { return String(format: "%.0f%%", value * 100) }
        if isLog {
            let plain = ticks.allSatisfy { $0 >= 0.01 && $0 < 1e4 }
            return plain ? String(format: "%g", value) : String(format: "1e%.0f", Foundation.log10(value))
        }
        return value.magnitude >= 1e5 ? String(format: "%.2g", value) : String(format: "%g", value)
    }
}
