import CEditLine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// The prompt on a terminal: line editing, history kept between sessions, and tab
/// completion of command names and `set` knobs, through libedit's readline interface.
public final class LineEditor {
    private let historyPath: String

    /// Sets up completion and loads the history file (created on first save).
    public init(historyURL: URL) {
        historyPath = historyURL.path
        try? FileManager.default.createDirectory(
            at: historyURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        LineEditor.readUTF8()
        converge_set_completion_entry(completionEntry)
        _ = read_history(historyPath)
    }

    /// libedit decodes what is typed by the C library's character type, which a program
    /// starts in "C", ASCII only: typed "é" or "日本" vanished from the line. Takes the
    /// environment's character type, or C.UTF-8 where that is not UTF-8 (no `LANG` at all,
    /// as on a fresh machine). Only `LC_CTYPE`: numbers keep their decimal point.
    private static func readUTF8() {
        if let name = setlocale(LC_CTYPE, ""),
            String(cString: name).uppercased().replacingOccurrences(of: "-", with: "").contains("UTF8")
        {
            return
        }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    /// Whether the last `readLine` was cut short by Ctrl-C (it then returned an empty line).
    public private(set) var wasInterrupted = false

    /// Reads one line, or nil at end of input (Ctrl-D). Ctrl-C abandons the line being typed
    /// and returns an empty one, as a shell does: it never ends the session.
    public func readLine(prompt: String) -> String? {
        wasInterrupted = false
        guard let pointer = readline(prompt) else {
            guard Interrupts.flag.isRaised else { return nil }
            Interrupts.flag.reset()
            wasInterrupted = true
            print("^C")
            return ""
        }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            _ = add_history(line)
            _ = write_history(historyPath)
        }
        return line
    }

    /// The prompt's history file (`UserFiles.lineHistory`).
    public static var defaultHistoryURL: URL { UserFiles.lineHistory }

    /// Every word completion offers: command names, then knob names (for `set`).
    static let completionWords: [String] = SessionCommands.specs.map(\.name) + Knob.all.map(\.name)
}

/// Called by libedit with the word under the cursor and a state counting up from 0 for the
/// same word; returns one match per call (malloc'd, libedit frees it), then nil.
private func completionEntry(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    guard let text else { return nil }
    let prefix = String(cString: text).lowercased()
    let matches = LineEditor.completionWords.filter { $0.hasPrefix(prefix) }
    guard Int(state) < matches.count else { return nil }
    return strdup(matches[Int(state)])
}
