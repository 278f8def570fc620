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

    /// `text` with every line fitted to `width` under a hanging indent: a prose line under its
    /// own indentation plus a leading `+ `, `- `, `* ` or `> ` marker; a line laid out in
    /// columns (two spaces inside it) under its last column, which is the one that wraps.
    public static func wrapProse(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            let indentation = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indentation)
            var head = String(line.prefix(indentation))
            if let gap = body.range(of: "  ", options: .backwards) {
                // The last column starts after the last run of spaces.
                var start = gap.upperBound
                while start < body.endIndex && body[start] == " " { start = body.index(after: start) }
                head += String(body[..<start])
            } else {
                head += ["+ ", "- ", "* ", "> "].first { body.hasPrefix($0) } ?? ""
            }
            // A table row too wide for its last column to wrap keeps its spacing, so the
            // columns stay aligned up to the break, and continues indented below.
            let longestWord = line.dropFirst(head.count).split(separator: " ").map(\.count).max() ?? 0
            if (head.count > width - 15 || head.count + longestWord > width) && body.contains("  ") {
                return breakKeepingSpaces(String(line), width: width)
            }
            // A last column too narrow to read wraps as prose instead.
            if head.count > width - 15 { head = String(line.prefix(indentation)) }
            let hanging = String(repeating: " ", count: head.count)
            let wrapped = wrap(String(line.dropFirst(head.count)), width: width - head.count)
            return wrapped.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, part in
                (index == 0 ? head : hanging) + part
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

extension TextWrapping {
    /// `line` cut at the last space that fits each piece into `width`, its own spacing
    /// kept; pieces after the first are indented by four spaces.
    static func breakKeepingSpaces(_ line: String, width: Int) -> String {
        var pieces: [String] = []
        var rest = Substring(line)
        var limit = width
        while rest.count > limit {
            let window = rest.prefix(limit + 1)
            guard let space = window.lastIndex(of: " "), space > rest.startIndex else { break }
            pieces.append(
                String(rest[..<space]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            rest = rest[space...].drop { $0 == " " }
            limit = width - 4
        }
        pieces.append(String(rest))
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : "    " + $0.element }.joined(separator: "\n")
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
