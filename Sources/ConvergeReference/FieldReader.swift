import ConvergeEngine
import ConvergeSupport

/// Reads typed values out of a `JSONValue`, keeping the path to each field so that any
/// problem is reported as `layers[2].weight: expected 8 rows, found 7`.
struct FieldReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    func failure(_ problem: String, unsupported: Bool = false) -> ReferenceCaseError {
        ReferenceCaseError(field: path.isEmpty ? "(top level)" : path, problem: problem, isUnsupported: unsupported)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The field `key`, which must be present.
    func field(_ key: String) throws -> FieldReader {
        guard case .object = value else { throw failure("expected an object") }
        guard let child = value[key] else {
            throw ReferenceCaseError(field: childPath(key), problem: "missing")
        }
        return FieldReader(child, path: childPath(key))
    }

    /// The field `key`, or nil when it is absent or null.
    func optionalField(_ key: String) throws -> FieldReader? {
        guard case .object = value else { throw failure("expected an object") }
        guard let child = value[key], child != .null else { return nil }
        return FieldReader(child, path: childPath(key))
    }

    var isNull: Bool { value == .null }

    func elements() throws -> [FieldReader] {
        guard case .array(let values) = value else { throw failure("expected an array") }
        return values.enumerated().map { FieldReader($1, path: "\(path)[\($0)]") }
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw failure("expected a string") }
        return text
    }

    func number() throws -> Double {
        guard case .number(let number) = value else { throw failure("expected a number") }
        return number
    }

    func float() throws -> Float { Float(try number()) }

    func integer() throws -> Int {
        let number = try number()
        guard number == number.rounded(), Swift.abs(number) < 1e15 else {
            throw failure("expected an integer, found \(number)")
        }
        return Int(number)
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw failure("expected true or false") }
        return flag
    }

    /// A nested array of numbers of any depth, as a tensor. `expectedShape`, when given, must match.
    func tensor(expectedShape: [Int]? = nil) throws -> Tensor {
        var shape: [Int] = []
        var scalars: [Float] = []
        try collect(depth: 0, shape: &shape, scalars: &scalars)
        if shape.isEmpty { throw failure("expected an array of numbers") }
        if scalars.count != shape.reduce(1, *) { throw failure("ragged array: rows of different depths") }
        if let expectedShape, expectedShape != shape {
            throw failure("expected shape \(expectedShape), found \(shape)")
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    private func collect(depth: Int, shape: inout [Int], scalars: inout [Float]) throws {
        switch value {
        case .number(let number):
            if depth != shape.count { throw failure("ragged array: a number where a list was expected") }
            scalars.append(Float(number))
        case .array(let values):
            if depth == shape.count {
                shape.append(values.count)
            } else if depth > shape.count || shape[depth] != values.count {
                throw failure(
                    "ragged array: length \(values.count) where \(depth < shape.count ? shape[depth] : 0) was expected")
            }
            for child in try elements() { try child.collect(depth: depth + 1, shape: &shape, scalars: &scalars) }
        default:
            throw failure("expected a number or an array of numbers")
        }
    }
}
