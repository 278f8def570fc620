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
            // A note in brackets after a chart ("(0.6583 to 0.7462)") reads as one piece: when
            // it does not fit beside the chart but fits on a line, it moves there whole.
            let lastColumn = line.dropFirst(head.count)
            let chart = head.replacing(/\ +$/, with: "")
            if chart.count > indentation, chart.count <= width, lastColumn.hasPrefix("("), lastColumn.hasSuffix(")"),
                indentation + 2 + lastColumn.count <= width
            {
                return chart + "\n" + String(repeating: " ", count: indentation + 2) + lastColumn
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
    /// Python source fitted to `width` so that it still runs: a comment continues as a
    /// comment, a trailing comment moves above its line, and code breaks after a comma or a
    /// space inside brackets (never inside a string), continuing four spaces deeper. Where
    /// no such break exists, a line ends in a backslash.
    public static func wrapCode(_ source: String, width: Int) -> String {
        // Brackets a line leaves open hold for the lines after it: a break there needs no
        // backslash either.
        var open = 0
        return source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let openBefore = open
            open = Swift.max(0, open + bracketBalance(of: String(line)))
            guard line.count > width else { return String(line) }
            let indentation = String(line.prefix { $0 == " " })
            let body = String(line.dropFirst(indentation.count))
            if body.hasPrefix("#") {
                let words = String(body.dropFirst().drop { $0 == " " })
                return wrap(words, width: Swift.max(20, width - indentation.count - 2)).split(separator: "\n").map {
                    indentation + "# " + $0
                }.joined(separator: "\n")
            }
            if let comment = trailingComment(of: body) {
                let code = String(body[..<comment]).replacingOccurrences(
                    of: "\\s+$", with: "", options: .regularExpression)
                let codeLine =
                    indentation.count + code.count > width
                    ? breakCode(code, indentation: indentation, width: width, openBrackets: openBefore)
                    : indentation + code
                return wrapCode(indentation + String(body[comment...]), width: width) + "\n" + codeLine
            }
            return breakCode(body, indentation: indentation, width: width, openBrackets: openBefore)
        }.joined(separator: "\n")
    }

    /// Brackets opened minus brackets closed in a line of code, strings and comments aside.
    static func bracketBalance(of line: String) -> Int {
        var balance = 0
        var quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "#": return balance
            case "(", "[", "{": balance += 1
            case ")", "]", "}": balance -= 1
            default: break
            }
        }
        return balance
    }

    /// Where a trailing `# comment` starts in a line of code, outside any string.
    static func trailingComment(of code: String) -> String.Index? {
        var quote: Character?
        for index in code.indices {
            let character = code[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return index
            }
        }
        return nil
    }

    /// One line of code broken into pieces of at most `width` columns where Python allows.
    static func breakCode(_ body: String, indentation: String, width: Int, openBrackets: Int = 0) -> String {
        var pieces: [String] = []
        var rest = Substring(body)
        var prefix = indentation
        var carriedDepth = openBrackets  // brackets still open where the piece before ended
        while prefix.count + rest.count > width {
            // Candidate breaks: after ", " or at a space, outside strings; inside brackets
            // the break is free, outside it needs a backslash.
            var depth = carriedDepth
            var quote: Character?
            // A cut ends the piece at `end` and starts the next one at `next`.
            var best: (end: String.Index, next: String.Index, depth: Int)?
            // Inside brackets a long string can be cut in two adjacent literals, which Python
            // joins: the last resort, after a space inside it.
            var inString: (end: String.Index, quote: Character, depth: Int)?
            var column = prefix.count
            for index in rest.indices {
                let character = rest[index]
                column += 1
                if let open = quote {
                    if character == open {
                        quote = nil
                    } else if character == " ", depth > 0, column + 1 <= width {
                        inString = (rest.index(after: index), open, depth)
                    }
                    continue
                }
                switch character {
                case "\"", "'": quote = character
                case "(", "[", "{":
                    depth += 1
                    // Right after an opening bracket, as Black breaks a long call.
                    let next = rest.index(after: index)
                    if column <= width || best == nil, next < rest.endIndex, rest[next] != ")", rest[next] != "]" {
                        best = (next, next, depth)
                    }
                case ")", "]", "}": depth -= 1
                case " ":
                    let limit = depth > 0 ? width : width - 2
                    if column - 1 <= limit || best == nil, index > rest.startIndex { best = (index, index, depth) }
                default: break
                }
                if column > width && best != nil { break }
            }
            let overflows = best.map { prefix.count + rest.distance(from: rest.startIndex, to: $0.end) > width } ?? true
            if overflows, let cut = inString {
                pieces.append(prefix + String(rest[..<cut.end]) + String(cut.quote))
                rest = Substring(String(cut.quote)) + rest[cut.end...]
                prefix = indentation + "    "
                carriedDepth = cut.depth
                continue
            }
            guard let cut = best else { break }
            pieces.append(prefix + String(rest[..<cut.end]) + (cut.depth > 0 ? "" : " \\"))
            rest = rest[cut.next...].drop { $0 == " " }
            carriedDepth = cut.depth
            prefix = indentation + "    "
        }
        pieces.append(prefix + rest)
        return pieces.joined(separator: "\n")
    }

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
