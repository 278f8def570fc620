import ConvergeSupport
import XCTest

@testable import ConvergeSession

/// Everything a session prints fits terminals of 60, 80 and 120 columns once fitted the way
/// `converge run` fits it: prose wraps between words, table rows wrap their last column.
final class TerminalWidthTests: XCTestCase {
    func testEveryCommandFitsNarrowAndWideTerminals() throws {
        let commands = [
            "report", "code", "config", "curve", "data", "init-loss", "overfit-batch", "eval", "predict", "grad-norms",
            "activations", "weights", "update-ratio", "nan-check", "lr-find", "help", "help set", "runs", "filters",
            "receptive-field",
        ]
        for id in ["lr-too-high", "rnn-vanishing", "attention-no-scale", "deep-plain-cnn", "pixel-scale"] {
            let session = try session(id)
            for command in commands {
                let text = command == "report" ? session.opening : session.execute(command).text
                for width in [60, 80, 120] {
                    for line in TextWrapping.wrapProse(text, width: width).split(separator: "\n")
                    where line.count > width {
                        XCTFail("\(id) `\(command)` at \(width) columns: \(line.count) characters: \(line)")
                    }
                }
            }
        }
    }
}
