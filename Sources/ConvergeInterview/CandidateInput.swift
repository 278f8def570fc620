import ConvergeSession
import Foundation

/// The candidate's side of the conversation: answers of several lines (ended by a blank line
/// or a lone '.'), or one-word commands, from the terminal, a script or standard input.
public final class CandidateInput {
    private var lines: [String]?
    private let editor: LineEditor?

    /// Reads from `script` when given, else from the terminal (with line editing) when
    /// `interactive`, else from standard input.
    public init(script: String?, interactive: Bool) throws {
        if let script {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                throw CandidateInputError(path: script)
            }
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        editor = interactive && script == nil ? LineEditor(historyURL: LineEditor.defaultHistoryURL) : nil
    }

    /// Reads from the given lines (a script already in memory).
    public init(lines: [String]) {
        self.lines = lines
        editor = nil
    }

    private func readOne(prompt: String) -> String? {
        if var remaining = lines {
            guard !remaining.isEmpty else { return nil }
            let line = remaining.removeFirst()
            lines = remaining
            return line
        }
        if let editor { return editor.readLine(prompt: prompt) }
        return Swift.readLine()
    }

    /// The next answer or command; nil at the end of input.
    public func next(singleLines: Bool) -> String? {
        var collected: [String] = []
        while let line = readOne(prompt: collected.isEmpty ? "> " : "  ") {
            // Ctrl-C abandons the answer being typed.
            if editor?.wasInterrupted == true {
                collected = []
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if collected.isEmpty {
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                if singleLines || Interviewer.isCommand(trimmed)
                    || SessionCommands.spec(named: trimmed.lowercased()) != nil
                {
                    return trimmed
                }
            }
            if trimmed.isEmpty || trimmed == "." { return collected.joined(separator: "\n") }
            collected.append(line)
        }
        return collected.isEmpty ? nil : collected.joined(separator: "\n")
    }
}

/// A script file that cannot be read.
public struct CandidateInputError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "cannot read the script \(path)" }
}
