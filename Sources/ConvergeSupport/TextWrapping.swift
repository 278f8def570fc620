/// Word wrapping for prose on a terminal: lines break between words, never inside one.
public enum TextWrapping {
    /// `text` with every line broken at word boundaries to at most `width` characters
    /// (a single word longer than `width` stays whole). Existing line breaks are kept.
    public static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty && current.count + word.count + 1 > width {
                    lines.append(current)
                    current = ""
                }
                current += (current.isEmpty ? "" : " ") + word
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// The width of the terminal standard output goes to.
public enum TerminalWidth {
    /// Columns of the terminal, or `fallback` when standard output is not a terminal.
    public static func columns(fallback: Int = 80) -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return fallback }
        return Int(size.ws_col)
    }
}
