import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest

/// Ordinary candidate actions that used to end a session.
final class RobustnessTests: XCTestCase {
    /// After a change of layers and before `run`, the last run's model has other layers: the
    /// instruments leave its readings out instead of reading them misaligned.
    func testInstrumentsAfterALayerChangingSet() throws {
        for change in ["set hidden 64,64,64", "set norm batchnorm", "set norm layernorm", "set dropout 0.5"] {
            let s = try session("dead-relu")
            XCTAssertFalse(s.execute(change).isError, change)
            for instrument in ["grad-norms", "activations", "weights"] {
                let result = s.execute(instrument)
                XCTAssertFalse(result.isError, "\(change) then \(instrument)")
            }
        }
    }

    func testAModelOrLossThatDoesNotFitTheDataIsRefused() throws {
        let mlp = try session("dead-relu")
        for change in ["set architecture lstm", "set architecture attention", "set loss mse"] {
            let result = mlp.execute(change)
            XCTAssertTrue(result.isError, change)
            XCTAssertTrue(result.text.hasPrefix("Not changed:"), result.text)
        }
        XCTAssertEqual(mlp.setup, mlp.originalSetup, "a refused set changes nothing")
        let recurrent = try session("rnn-vanishing")
        XCTAssertTrue(recurrent.execute("set architecture mlp").isError)
        XCTAssertTrue(recurrent.execute("set loss cross_entropy").isError)
        XCTAssertFalse(recurrent.execute("set architecture lstm").isError)
    }

    /// A full disk stops the transcript, not the session, and the candidate is told once.
    func testAFullDiskKeepsTheSessionAlive() throws {
        let transcript = try Transcript(url: URL(fileURLWithPath: "/dev/full"))
        let s = try Session(scenario: try scenario("dead-relu"), library: library, transcript: transcript)
        let first = s.execute("curve")
        XCTAssertNotNil(transcript.writeFailure)
        XCTAssertTrue(first.text.contains("The transcript can no longer be written"))
        XCTAssertFalse(s.execute("init-loss").text.contains("can no longer be written"), "said once")
        XCTAssertFalse(s.isFinished)
    }
}
