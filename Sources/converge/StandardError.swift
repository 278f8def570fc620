import Foundation

/// Warnings and skipped files go to standard error, so standard output stays parseable.
enum StandardError {
    static func print(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Standard output's buffering.
enum StandardOutput {
    /// Flushes every output stream (`fflush(NULL)`): after each JSON line, so a run killed
    /// midway keeps every line it printed.
    static func flush() {
        fflush(nil)
    }

    /// Writes `text` with no line end, at once (a progress line rewritten in place).
    static func write(_ text: String) {
        print(text, terminator: "")
        fflush(nil)
    }
}
