import Foundation

/// A JSON document as a plain Swift value: read with field paths for clear error messages,
/// written with keys in a fixed order so the same result always prints the same bytes.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys keep the order they were given in (written in that order).
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Parses JSON text.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The value of `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// Compact JSON text. Non-finite numbers, which JSON cannot spell, are written as `null`.
    public func serialized() -> String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .null:
            text += "null"
        case .bool(let value):
            text += value ? "true" : "false"
        case .number(let value):
            if !value.isFinite {
                text += "null"
            } else if value == value.rounded() && Swift.abs(value) < 1e15 {
                text += String(Int64(value))
            } else {
                text += "\(value)"
            }
        case .string(let value):
            text += JSONValue.quoted(value)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += ", " }
                value.write(to: &text)
            }
            text += "]"
        case .object(let pairs):
            text += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { text += ", " }
                text += JSONValue.quoted(pair.0) + ": "
                pair.1.write(to: &text)
            }
            text += "}"
        }
    }

    private static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let c where c.value < 0x20: result += String(format: "\\u%04x", c.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            let dictionary = try container.decode([String: JSONValue].self)
            self = .object(dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): value.isFinite ? try container.encode(value) : try container.encodeNil()
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let pairs): try container.encode(Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
        }
    }
}

extension JSONValue {
    /// The JSON form of any `Encodable` value, with snake_case keys in sorted order and
    /// non-finite numbers as `null`: how typed records enter a transcript.
    public init(encoding value: some Encodable) throws {
        self = try JSONValue.parse(JSONCoding.encoder.encode(value)).replacingNonFiniteMarks()
    }

    /// This value read back as a typed record (the reverse of `init(encoding:)`).
    public func decoded<Value: Decodable>(as type: Value.Type) throws -> Value {
        try JSONCoding.decoder.decode(type, from: Data(serialized().utf8))
    }

    /// The encoder spells NaN and infinities as a mark no real text contains; JSON has no
    /// spelling for them, so they become `null` (and read back as a missing value).
    private func replacingNonFiniteMarks() -> JSONValue {
        switch self {
        case .string(let text) where text == JSONCoding.nonFiniteMark: return .null
        case .array(let values): return .array(values.map { $0.replacingNonFiniteMarks() })
        case .object(let pairs): return .object(pairs.map { ($0.0, $0.1.replacingNonFiniteMarks()) })
        default: return self
        }
    }
}

/// The one encoder and decoder configuration for every typed record Converge writes.
public enum JSONCoding {
    static let nonFiniteMark = "\u{0}non-finite"

    /// snake_case keys, sorted, so the same record always gives the same bytes.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFiniteMark, negativeInfinity: nonFiniteMark, nan: nonFiniteMark)
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
