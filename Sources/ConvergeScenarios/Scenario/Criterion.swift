import ConvergeSupport

/// A measurable statement about a run, `val_accuracy >= 0.95`: how a scenario says what
/// its symptom is and what success is.
public struct Criterion: Equatable, Sendable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = ">="
        case atMost = "<="
        case greater = ">"
        case less = "<"
        case equal = "=="
    }

    /// A name from `RunReport.metricNames`.
    public var metric: String
    public var comparison: Comparison
    public var threshold: Double

    /// Parses `metric OP number`, with OP one of `>=`, `<=`, `>`, `<`, `==`.
    public init?(_ text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 3, RunReport.metricNames.contains(words[0]),
            let comparison = Comparison(rawValue: words[1]), let threshold = Double(words[2])
        else { return nil }
        self.metric = words[0]
        self.comparison = comparison
        self.threshold = threshold
    }

    /// Whether `report` satisfies the statement. An unmeasured metric never does.
    public func isMet(by report: RunReport) -> Bool {
        guard let value = report.metric(metric), !value.isNaN else { return false }
        switch comparison {
        case .atLeast: return value >= threshold
        case .atMost: return value <= threshold
        case .greater: return value > threshold
        case .less: return value < threshold
        case .equal: return value == threshold
        }
    }

    /// As a scenario file writes it, the threshold as typed: `non_finite == 0`, not `0.0`.
    public var description: String { "\(metric) \(comparison.rawValue) \(Format.setting(Float(threshold)))" }
}
