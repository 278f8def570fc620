import Foundation
import XCTest

@testable import ConvergeSession

/// The prompt's line editor (libedit).
final class LineEditorTests: XCTestCase {
    /// libedit drops every character it cannot decode, and a program starts in the ASCII-only
    /// "C" character type: a diagnosis typed with "é" or "日本" lost them. The editor switches
    /// the character type to UTF-8, even when the environment names none.
    func testTheEditorReadsUTF8EvenWithoutALocaleInTheEnvironment() throws {
        _ = setlocale(LC_CTYPE, "C")
        let saved = ProcessInfo.processInfo.environment["LANG"]
        unsetenv("LANG")
        defer { if let saved { setenv("LANG", saved, 1) } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = LineEditor(historyURL: folder.appendingPathComponent("history"))
        let name = String(cString: try XCTUnwrap(setlocale(LC_CTYPE, nil)))
        XCTAssertTrue(name.uppercased().replacingOccurrences(of: "-", with: "").contains("UTF8"), name)
        XCTAssertEqual(String(cString: try XCTUnwrap(setlocale(LC_NUMERIC, nil))), "C", "numbers keep their point")
    }
}
