import ConvergeSupport

extension Format {
    /// A measured number as JSON: `null` when it is missing or not finite.
    static func json(_ value: Float?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(Double(value))
    }
}
