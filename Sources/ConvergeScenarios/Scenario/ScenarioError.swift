/// A scenario file that cannot be used: the file, the line and the field at fault.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var field: String
    public var problem: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field): \(problem)"
    }
}
