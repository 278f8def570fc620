import ConvergeScenarios
import ConvergeSession
import Foundation

/// A small line chart as SVG: one line per training run, log-scaled, with a legend. Enough
/// for an interviewer to see at a glance which run diverged, plateaued or converged.
struct SVGChart {
    let title: String
    let series: [(title: String, losses: [Double?])]

    static let colours = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    var svg: String {
        let width = 640.0
        let height = 360.0
        let left = 60.0
        let right = 20.0
        let top = 30.0
        let bottom = 40.0
        let finite = series.flatMap { $0.losses.compactMap { $0 } }.filter { $0.isFinite && $0 > 0 }
        let low = log10(finite.min() ?? 1e-3)
        let high = log10(finite.max() ?? 10)
        let span = Swift.max(high - low, 1e-6)
        let epochs = Swift.max(series.map(\.losses.count).max() ?? 1, 2)
        func x(_ epoch: Int) -> Double { left + Double(epoch) / Double(epochs - 1) * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - log10(value)) / span * (height - top - bottom) }
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(Int(left))\" y=\"18\" font-size=\"13\">\(SVGChart.escape(title))</text>",
            "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"black\"/>",
            "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"black\"/>",
            "<text x=\"\(Int(width / 2))\" y=\"\(Int(height - 8))\">epoch</text>",
        ]
        for decade in Int(low.rounded(.down))...Int(high.rounded(.up)) {
            let value = pow(10, Double(decade))
            guard value >= pow(10, low) * 0.999, value <= pow(10, high) * 1.001 else { continue }
            parts.append("<text x=\"4\" y=\"\(String(format: "%.1f", y(value) + 4))\">1e\(decade)</text>")
            parts.append(
                "<line x1=\"\(left)\" y1=\"\(String(format: "%.1f", y(value)))\" x2=\"\(width - right)\" y2=\"\(String(format: "%.1f", y(value)))\" stroke=\"#ddd\"/>"
            )
        }
        for (index, run) in series.enumerated() {
            let colour = SVGChart.colours[index % SVGChart.colours.count]
            let points = run.losses.enumerated().compactMap { epoch, loss -> String? in
                guard let loss, loss.isFinite, loss > 0 else { return nil }
                return String(format: "%.1f,%.1f", x(epoch), y(loss))
            }
            if !points.isEmpty {
                parts.append(
                    "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
                )
            }
            let diverged = run.losses.contains { $0 == nil || !($0 ?? 0).isFinite }
            parts.append(
                "<text x=\"\(Int(width - 250))\" y=\"\(Int(top) + 14 * index + 4)\" fill=\"\(colour)\">\(SVGChart.escape(run.title + (diverged ? " (diverged)" : "")))</text>"
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
