import ConvergeEngine
import ConvergeSession
import ConvergeSupport
import Foundation

/// One command of a transcript, as the grader reads it.
public struct Action: Sendable {
    /// 1-based position among the session's commands: what the scorecard cites.
    public var index: Int
    public var input: String
    public var name: String
    public var tier: Tier
    public var isError: Bool
    public var values: JSONValue
    /// The text the candidate saw.
    public var output: String

    /// The knob a `set` changed, if this is one.
    public var changedKnob: String? {
        guard name == "set", !isError, case .string(let knob)? = values["knob"] else { return nil }
        return knob
    }

    func flag(_ key: String) -> Bool {
        if case .bool(let value)? = values[key] { return value }
        return false
    }

    func number(_ key: String) -> Double? {
        if case .number(let value)? = values[key] { return value }
        return nil
    }
}

/// A transcript parsed for grading: the scenario it belongs to and its commands in order.
public struct ActionLog: Sendable {
    public var scenarioID: String
    public var handle: String
    public var seed: Int
    public var startTime: String
    public var actions: [Action]
    /// The teammate's run at the start: training loss and validation accuracy per epoch.
    public var initialCurve: (losses: [Double?], accuracies: [Double?])

    /// The `submit` action, if the session was submitted.
    public var submission: Action? { actions.last { $0.name == "submit" && !$0.isError } }

    /// Reads a transcript file. Every problem names the line: a torn or corrupted line, or a
    /// file that is not a Converge transcript.
    public static func read(contentsOf url: URL) throws -> ActionLog {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TranscriptError(file: url.path, line: nil, problem: "cannot be read")
        }
        return try parse(text, file: url.path)
    }

    /// Parses transcript text; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws -> ActionLog {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var log: ActionLog?
        var actions: [Action] = []
        for (offset, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = offset + 1
            guard let event = try? JSONValue.parse(Data(line.utf8)), case .object = event else {
                let torn = offset == lines.count - 1 || (offset == lines.count - 2 && lines.last == "")
                throw TranscriptError(file: file, line: number, problem: torn
                    ? "is not a complete JSON object (the transcript looks truncated)"
                    : "is not a JSON object (the transcript is corrupted)")
            }
            guard case .string(let kind)? = event["event"] else {
                throw TranscriptError(file: file, line: number, problem: "has no \"event\" field: this is not a Converge transcript")
            }
            switch kind {
            case "start":
                guard case .string(let scenario)? = event["scenario"] else {
                    throw TranscriptError(file: file, line: number, problem: "the start event names no scenario")
                }
                func numbers(_ key: String) -> [Double?] {
                    guard case .array(let items)? = event[key] else { return [] }
                    return items.map { if case .number(let value) = $0 { return value } else { return nil } }
                }
                var handle = "", start = "", seed = 0
                if case .string(let value)? = event["handle"] { handle = value }
                if case .string(let value)? = event["time"] { start = value }
                if case .number(let value)? = event["seed"] { seed = Int(value) }
                log = ActionLog(scenarioID: scenario, handle: handle, seed: seed, startTime: start, actions: [],
                                initialCurve: (numbers("epoch_losses"), numbers("epoch_val_accuracy")))
            case "command":
                guard log != nil else {
                    throw TranscriptError(file: file, line: number, problem: "a command before the start event: this is not a Converge transcript")
                }
                guard case .string(let input)? = event["command"], case .string(let name)? = event["name"],
                      case .number(let tierNumber)? = event["tier"], let tier = Tier(rawValue: Int(tierNumber)) else {
                    throw TranscriptError(file: file, line: number, problem: "a command event without command, name or a known tier")
                }
                var isError = false, output = ""
                if case .bool(let value)? = event["error"] { isError = value }
                if case .string(let value)? = event["output"] { output = value }
                actions.append(Action(index: actions.count + 1, input: input, name: name, tier: tier,
                                      isError: isError, values: event["values"] ?? .object([]), output: output))
            default:
                throw TranscriptError(file: file, line: number, problem: "unknown event \"\(kind)\"")
            }
        }
        guard var result = log else {
            throw TranscriptError(file: file, line: nil, problem: "has no start event: it is empty or not a Converge transcript")
        }
        result.actions = actions
        return result
    }
}

/// A transcript that cannot be graded, with the line at fault.
public struct TranscriptError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var problem: String
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(problem)" }
}
