import ConvergeScenarios
import Foundation

/// The project folder, found from this file's location, so tests run from anywhere.
public let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The project's `Fixtures/` folder.
public let fixturesFolder = projectRoot.appendingPathComponent("Fixtures")

/// The data sets every scenario test reads, loaded once per test process.
public let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))

/// The scenario catalogue, loaded once per test process.
public let catalog = ScenarioLoader.loadAll(from: projectRoot.appendingPathComponent("Scenarios")).scenarios

/// One scenario of the catalogue, by id, read from its file.
public func scenario(_ id: String) throws -> Scenario {
    try ScenarioLoader.load(contentsOf: projectRoot.appendingPathComponent("Scenarios/\(id).yaml"))
}
