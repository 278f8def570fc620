import Foundation

/// Finds the project's data folders (`Fixtures/`, `Scenarios/`) from wherever converge runs:
/// `$CONVERGE_HOME`, the current folder or one above it, or the folders above the executable
/// (`.build/release/converge` sits three levels below the project).
public enum ProjectFiles {
    /// The project folder: the first candidate that holds `Fixtures/`.
    public static func root() -> URL? {
        var candidates: [URL] = []
        if let home = ProcessInfo.processInfo.environment["CONVERGE_HOME"] {
            candidates.append(URL(fileURLWithPath: home))
        }
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<3 {
            candidates.append(folder)
            folder.deleteLastPathComponent()
        }
        var executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for _ in 0..<5 {
            executable.deleteLastPathComponent()
            candidates.append(executable)
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Fixtures").path) }
    }

    /// `Fixtures/datasets/<name>.csv`, or nil when the project folder cannot be found.
    public static func dataset(named name: String) -> URL? {
        root()?.appendingPathComponent("Fixtures/datasets/\(name).csv")
    }
}
