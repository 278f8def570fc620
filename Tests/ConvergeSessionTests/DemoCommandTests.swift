import ConvergeTestSupport
import Foundation
import XCTest

/// `converge demo`: what it says of the second run comes from the run.
final class DemoCommandTests: XCTestCase {
    private func demo(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = try convergeBinary()
        process.arguments = ["demo"] + arguments
        process.environment = ["CONVERGE_HOME": projectRoot.path, "HOME": NSTemporaryDirectory()]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// The output with its wrapped lines joined, to look for a sentence in it.
    private func joined(_ output: String) -> String {
        output.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// It said the loss blew up even when a mild rate trained as well as the healthy run.
    func testTheVerdictFollowsTheSecondRun() throws {
        let broken = try demo([])
        XCTAssertTrue(joined(broken.output).contains("no longer a number"), broken.output)
        let mild = try demo(["--broken-learning-rate", "0.05"])
        XCTAssertFalse(joined(mild.output).contains("no longer a number"), mild.output)
        XCTAssertTrue(joined(mild.output).contains("does not break the network"), mild.output)
        for line in broken.output.split(separator: "\n") { XCTAssertLessThan(line.count, 80, String(line)) }
    }

    func testANegativeRateIsRefused() throws {
        let refused = try demo(["--broken-learning-rate=-1"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.output.contains("above 0"), refused.output)
    }
}
