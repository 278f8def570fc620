import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

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
