import Yams

/// A node of a scenario file with its path and line, so every problem names both:
/// `Scenarios/lr-too-high.yaml:14: setup.lr: '3x' is not a valid lr: expected a number…`.
/// The problem bank's loader reads its files the same way.
public struct YAMLField {
    let node: Node
    public let path: String
    public let file: String

    /// Parses YAML text into its root field; a syntax error names the line.
    public static func root(_ text: String, file: String) throws -> YAMLField {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: nil, field: "(file)", problem: "is empty")
            }
            return YAMLField(node: node, path: "", file: file)
        } catch let error as ScenarioError {
            throw error
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let key = duplicates.sorted().first ?? ""
            throw ScenarioError(
                file: file, line: secondLine(ofKey: key, in: text, after: context.mark) ?? context.mark.line,
                field: key, problem: "appears twice in the same mapping; keep one")
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                throw ScenarioError(
                    file: file, line: mark.line, field: "(file)", problem: "is not valid YAML: \(problem)")
            default:
                throw ScenarioError(file: file, line: nil, field: "(file)", problem: "is not valid YAML: \(error)")
            }
        }
    }

    /// The line where `key` is written a second time at the mapping's indentation, from the
    /// mapping's start: Yams reports the mapping, and an author wants the duplicate.
    private static func secondLine(ofKey key: String, in text: String, after start: Mark) -> Int? {
        let indent = String(repeating: " ", count: max(0, start.column - 1))
        var seen = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 >= start.line && line.hasPrefix(indent + key + ":") {
            seen += 1
            if seen == 2 { return index + 1 }
        }
        return nil
    }

    public var line: Int? { node.mark.map { $0.line } }

    public func failure(_ problem: String) -> ScenarioError {
        ScenarioError(file: file, line: line, field: path.isEmpty ? "(top level)" : path, problem: problem)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The key–value pairs of a mapping, in file order.
    public func pairs() throws -> [(key: String, value: YAMLField)] {
        guard case .mapping(let mapping) = node else { throw failure("expected a mapping of names to values") }
        return try mapping.map { key, value in
            guard let name = key.string else {
                throw YAMLField(node: key, path: path, file: file).failure("keys must be plain names")
            }
            return (name, YAMLField(node: value, path: childPath(name), file: file))
        }
    }

    public func field(_ key: String) throws -> YAMLField {
        guard let child = try optionalField(key) else {
            throw ScenarioError(file: file, line: line, field: childPath(key), problem: "missing")
        }
        return child
    }

    public func optionalField(_ key: String) throws -> YAMLField? {
        try pairs().first { $0.key == key }?.value
    }

    public func list() throws -> [YAMLField] {
        guard case .sequence(let sequence) = node else { throw failure("expected a list") }
        return sequence.enumerated().map { YAMLField(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    public func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw failure("expected text") }
        return scalar.string
    }

    public func nonEmptyString() throws -> String {
        let text = try string().trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw failure("must not be empty") }
        return text
    }

    public func strings() throws -> [String] {
        try list().map { try $0.string() }
    }

    public func double() throws -> Double {
        guard let value = Double(try string()) else { throw failure("expected a number") }
        return value
    }

    public func integer() throws -> Int {
        guard let value = Int(try string()) else { throw failure("expected a whole number") }
        return value
    }

    public func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw failure("expected true or false")
        }
    }
}
