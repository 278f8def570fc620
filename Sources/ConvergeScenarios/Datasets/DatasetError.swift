/// A data file that cannot be used, with the file and line at fault.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    public var file: String
    /// 1-based line, or nil for problems with the whole file.
    public var line: Int?
    public var problem: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(problem)"
    }
}
