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
            "receptive-field", "attention", "generate", "grad-through-time", "data batch",
        ]
        for id in [
            "lr-too-high", "rnn-vanishing", "attention-no-scale", "deep-plain-cnn", "pixel-scale",
            "padding-mask-missing",
            "causal-mask-missing", "transfer-lr-too-high",
        ] {
            let session = try session(id)
            for command in commands {
                let result = session.execute(command)
                // The filters' picture (its indented rows) must fit as it is: wrapping would
                // move a filter under another.
                for line in result.text.split(separator: "\n")
                where command == "filters" && line.hasPrefix("  ") && line.count > 60 {
                    XCTFail("\(id) `filters` draws \(line.count) characters: \(line)")
                }
                for width in [60, 80, 120] {
                    let fitted =
                        command == "report"
                        ? TextWrapping.wrapProse(session.opening, width: width) : result.fitted(width: width)
                    for line in fitted.split(separator: "\n") where line.count > width {
                        XCTFail("\(id) `\(command)` at \(width) columns: \(line.count) characters: \(line)")
                    }
                }
            }
        }
    }
}

/// The training script stays Python when it wraps: comments continue as comments, strings
/// are never split, and nothing is lost.
final class CodeWrappingTests: XCTestCase {
    func testWrappedCodeKeepsItsMeaning() throws {
        for id in ["padding-mask-missing", "transfer-lr-too-high", "causal-mask-missing", "rnn-vanishing"] {
            let result = try session(id).execute("code")
            let wrapped = result.fitted(width: 60)
            // The same characters, whatever moved: a trailing comment goes above its line, and
            // a long string becomes two adjacent literals.
            func essence(_ text: String) -> String {
                String(text.filter { !" \n\\#\"".contains($0) }.sorted())
            }
            XCTAssertEqual(essence(wrapped), essence(result.text), id)
            let original = Set(result.text.split(separator: "\n").map(String.init))
            for line in wrapped.split(separator: "\n") where !original.contains(String(line)) {
                XCTAssertLessThanOrEqual(line.count, 60, "\(id): \(line)")
                let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
                XCTAssertEqual(code.filter { $0 == "\"" }.count % 2, 0, "\(id): a string left open: \(line)")
            }
        }
    }

    func testAChartsNoteMovesUnderTheChartWhole() {
        let chart = String(repeating: "▁", count: 40)
        let line = chart + "  (0.6583 to 0.7462)"
        XCTAssertEqual(TextWrapping.wrapProse(line, width: 55), chart + "\n  (0.6583 to 0.7462)")
        XCTAssertEqual(TextWrapping.wrapProse(line, width: 80), line, "a line that fits is left alone")
        // A last column that is not a bracketed note still wraps as a table's last column.
        let row = "grad-norms   102.0  " + String(repeating: "word ", count: 10)
        XCTAssertTrue(TextWrapping.wrapProse(row, width: 40).split(separator: "\n")[1].hasPrefix("      "))
    }

    func testACommentContinuesAsACommentAndCodeBreaksInsideBrackets() {
        let source = """
                x = load_split("order (1200 sequences of 8 steps, seed 4)", val_fraction=0.2, seed=1234)  # the data
                # X: samples x time steps x features; one prediction per sequence, from the mean over its steps
            """
        let wrapped = TextWrapping.wrapCode(source, width: 60).split(separator: "\n").map(String.init)
        XCTAssertEqual(wrapped.first, "    # the data")
        XCTAssertEqual(wrapped[1], "    x = load_split(")
        XCTAssertTrue(wrapped[2].hasPrefix("        \"order (1200"), wrapped[2])
        XCTAssertTrue(wrapped.allSatisfy { $0.count <= 60 }, wrapped.joined(separator: "\n"))
        let comments = wrapped.filter { !$0.contains("=") && !$0.contains("\"") && !$0.contains("seed") }
        XCTAssertTrue(comments.allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }, "\(comments)")
        XCTAssertEqual(
            TextWrapping.wrapCode("total = first_value + second_value", width: 22),
            "total = first_value \\\n    + second_value")
        XCTAssertEqual(
            TextWrapping.wrapCode("f(\"a long string of words\")", width: 18),
            "f(\n    \"a long \"\n    \"string of \"\n    \"words\")")
    }
}

/// A saved file's path is shown with the home folder as `~`, and only a whole folder name
/// is abbreviated.
final class AbbreviatedPathTests: XCTestCase {
    func testTheHomeFolderBecomesATilde() {
        XCTAssertEqual(
            UserFiles.abbreviated("/home/ana/.local/share/converge/transcripts", home: "/home/ana"),
            "~/.local/share/converge/transcripts")
        XCTAssertEqual(UserFiles.abbreviated("/home/ana", home: "/home/ana"), "~")
        XCTAssertEqual(UserFiles.abbreviated("/home/anastasia/x", home: "/home/ana"), "/home/anastasia/x")
        XCTAssertEqual(UserFiles.abbreviated("/tmp/x", home: "/"), "/tmp/x")
        XCTAssertEqual(UserFiles.abbreviated("/tmp/x", home: nil), "/tmp/x")
    }
}
