import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import Foundation
import XCTest

let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))

func scenario(_ id: String) throws -> Scenario {
    try ScenarioLoader.load(contentsOf: projectRoot.appendingPathComponent("Scenarios/\(id).yaml"))
}

func session(_ id: String, transcript: Transcript? = nil) throws -> Session {
    try Session(scenario: try scenario(id), library: library, transcript: transcript)
}

extension CommandResult {
    /// A measured value by name, as a number.
    func number(_ name: String) -> Double? {
        guard case .number(let value)? = values.first(where: { $0.0 == name })?.1 else { return nil }
        return value
    }

    func flag(_ name: String) -> Bool? {
        guard case .bool(let value)? = values.first(where: { $0.0 == name })?.1 else { return nil }
        return value
    }

    func value(_ name: String) -> JSONValue? {
        values.first { $0.0 == name }?.1
    }
}
