import ConvergeEngine
import ConvergeSupport

/// A fixture file that cannot be used, with the field at fault.
public struct ReferenceCaseError: Error, CustomStringConvertible, Sendable {
    /// The file, when the case came from one.
    public var file: String?
    /// Path of the field at fault, `layers[2].weight`.
    public var field: String
    /// What is wrong with it, as a plain sentence.
    public var problem: String
    /// Whether the file is well formed but names something the engine does not build yet.
    public var isUnsupported: Bool = false

    public var description: String {
        let location = file.map { "\($0): " } ?? ""
        return "\(location)\(field): \(problem)"
    }
}
