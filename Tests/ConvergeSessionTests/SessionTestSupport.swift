import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

/// The converge binary built beside the tests (the same configuration), or the release build.
func convergeBinary() throws -> URL {
    let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("converge")
    let found = [beside, projectRoot.appendingPathComponent(".build/release/converge")].first {
        FileManager.default.isExecutableFile(atPath: $0.path)
    }
    guard let found else { throw XCTSkip("the converge binary is not built beside the tests") }
    return found
}

func session(_ id: String, transcript: Transcript? = nil) throws -> Session {
    try Session(scenario: try scenario(id), library: library, transcript: transcript)
}

extension CommandResult {
    /// A field of the command's record, by its JSON name.
    func value(_ name: String) -> JSONValue? {
        record[name]
    }

    /// A field of the record, as a number.
    func number(_ name: String) -> Double? {
        guard case .number(let value)? = record[name] else { return nil }
        return value
    }

    /// A field of the record, as a flag.
    func flag(_ name: String) -> Bool? {
        guard case .bool(let value)? = record[name] else { return nil }
        return value
    }
}
