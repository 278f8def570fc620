import Foundation

/// The one place that finds the project's files (`Scenarios/`, `Scenarios/problems/`,
/// `Fixtures/datasets/`, `Fixtures/pytorch/`) from wherever converge runs:
/// `$CONVERGE_HOME`, the current folder or one of the two above it, or the folders above
/// the executable (`.build/release/converge` sits three levels below the project).
public enum ProjectFiles {
    /// A folder of the project, by what it holds.
    public enum Folder: String, Sendable {
        case scenarios = "Scenarios"
        case problems = "Scenarios/problems"
        case datasets = "Fixtures/datasets"
        case fixtures = "Fixtures/pytorch"
    }

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

    /// One of the project's folders, or nil when the project cannot be found.
    public static func url(_ folder: Folder) -> URL? {
        root()?.appendingPathComponent(folder.rawValue)
    }

    /// One of the project's folders, or an error that says how to point converge at it.
    public static func require(_ folder: Folder) throws -> URL {
        guard let url = url(folder) else { throw ProjectFilesError(folder: folder) }
        return url
    }

    /// `Fixtures/datasets/<name>.csv`, or nil when the project folder cannot be found.
    public static func dataset(named name: String) -> URL? {
        url(.datasets)?.appendingPathComponent("\(name).csv")
    }
}

/// The project's files are not where converge looked.
public struct ProjectFilesError: Error, CustomStringConvertible, Sendable {
    public var folder: ProjectFiles.Folder
    public var description: String {
        "cannot find the project's \(folder.rawValue) folder: run converge from the project folder or set CONVERGE_HOME"
    }
}
