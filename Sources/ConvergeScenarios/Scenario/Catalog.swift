import ConvergeSupport
import Foundation

/// The scenarios of the project's `Scenarios/` folder, with the files that failed to load.
public struct Catalog: Sendable {
    public var scenarios: [Scenario]
    public var errors: [ScenarioError]

    /// A catalogue of scenarios already loaded.
    public init(scenarios: [Scenario], errors: [ScenarioError]) {
        self.scenarios = scenarios
        self.errors = errors
    }

    /// Loads the catalogue from `folder`.
    public init(folder: URL) {
        (scenarios, errors) = ScenarioLoader.loadAll(from: folder)
    }

    /// Loads the project's catalogue, wherever converge runs from.
    public static func load() throws -> Catalog {
        Catalog(folder: try ProjectFiles.require(.scenarios))
    }

    /// The scenario with this id or neutral handle.
    public func scenario(_ idOrHandle: String) -> Scenario? {
        scenarios.first { $0.id == idOrHandle || $0.handle == idOrHandle }
    }

    /// The scenario with this id or handle, or an error that suggests the nearest handle (never an id).
    public func require(_ idOrHandle: String) throws -> Scenario {
        if let scenario = scenario(idOrHandle) { return scenario }
        // Handles only, and only for what looks like one: an id names its bug, and a candidate
        // may type anything here.
        let close =
            idOrHandle.hasPrefix("case-") ? NearestWords.nearest(to: idOrHandle, among: scenarios.map(\.handle)) : nil
        throw CatalogError(
            description: "unknown scenario '\(idOrHandle)'." + (close.map { " Did you mean '\($0)'?" } ?? "")
                + " `converge list` shows them all.")
    }
}

/// A scenario that is not in the catalogue.
public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
