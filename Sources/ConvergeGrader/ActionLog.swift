import ConvergeEngine
import ConvergeScenarios
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
    /// The command's record, in JSON form; read it with `record(_:)`.
    public var values: JSONValue
    /// The text the candidate saw.
    public var output: String

    init(_ event: CommandEvent, index: Int) {
        self.index = index
        input = event.command
        name = event.name
        tier = event.tier
        isError = event.error
        values = event.values
        output = event.output
    }

    /// Whether this is the command `command`.
    public func `is`(_ command: any SessionCommand.Type) -> Bool {
        name == command.spec.name
    }

    /// The command's spec, when it is a known command.
    public var spec: CommandSpec? { SessionCommands.spec(named: name) }

    /// This action's record as the command's `Record` type (nil when it is another command
    /// or recorded nothing).
    public func record<Record: Decodable>(_ type: Record.Type) -> Record? {
        try? values.decoded(as: type)
    }

    /// What a diagnostic showed, when this is one that reports findings.
    public var findingsRecord: DiagnosticFindings? {
        isError ? nil : record(DiagnosticFindings.self)
    }

    /// Whether this command's output pointed at `knob`: an abnormal finding that implicates
    /// it. Version-1 transcripts recorded no findings; there a diagnostic points at the knobs
    /// its spec bears on, as the grader of that version judged.
    public func pointsAt(_ knob: KnobID) -> Bool {
        guard !isError else { return false }
        guard let findings = findingsRecord?.findings else {
            return tier <= .instrument && (spec?.pointsAt.contains(knob) ?? false)
        }
        return findings.contains { $0.abnormal && $0.signal.implicates.contains(knob) }
    }

    /// The signal that pointed at `knob`, in words for the scorecard ("loss flat", not the
    /// transcript's "loss-flat"), or the command's name in a version-1 transcript.
    public func evidence(for knob: KnobID) -> String {
        abnormalFindings.first { $0.signal.implicates.contains(knob) }.map {
            $0.signal.rawValue.replacingOccurrences(of: "-", with: " ")
        } ?? name
    }

    /// The findings that came out abnormal.
    public var abnormalFindings: [Finding] {
        (findingsRecord?.findings ?? []).filter(\.abnormal)
    }

    /// The knob a `set` changed, if this is one. A new seed is not a change to the setup: it
    /// re-measures the same setup (`run --seed N` confirms a fix).
    public var changedKnob: KnobID? {
        guard self.is(SetCommand.self), !isError, let knob = record(SetCommand.Record.self)?.knob, knob != .seed
        else { return nil }
        return knob
    }

    /// The seed of a run, when it was not the session's first.
    public var runSeed: UInt64? {
        guard self.is(RunCommand.self), !isError else { return nil }
        return record(RunCommand.Record.self)?.seed
    }
}

/// A transcript parsed for grading: the scenario it belongs to and its commands in order.
public struct ActionLog: Sendable {
    /// The scenario's handle (or, in transcripts before version 3, its id).
    public var scenarioID: String
    public var handle: String
    public var seed: UInt64
    public var startTime: String
    public var actions: [Action]
    /// The teammate's run at the start: training loss and validation accuracy per epoch.
    public var initialCurve: (losses: [Double?], accuracies: [Double?])
    /// The last line, when a kill or a full disk cut it off mid-write: everything before it
    /// is read and graded, and the reader is told.
    public var incompleteLine: Int?

    /// The `submit` action, if the session was submitted.
    public var submission: Action? { actions.last { $0.is(SubmitCommand.self) && !$0.isError } }

    /// The submission's record, if the session was submitted.
    public var submitted: SubmitCommand.Record? { submission?.record(SubmitCommand.Record.self) }

    /// Whether the session ended with the bug shown: submitted, or revealed with `reveal`. A
    /// case left open keeps its answer: no scorecard, replay or report of it names the bug.
    public var showedAnswer: Bool {
        submission != nil
            || actions.contains {
                $0.is(RevealCommand.self) && !$0.isError && $0.record(RevealCommand.Record.self)?.revealed != false
            }
    }

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
        var incompleteLine: Int?
        var actions: [Action] = []
        let decoder = JSONCoding.decoder
        for (offset, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = offset + 1
            let data = Data(line.utf8)
            guard let event = try? JSONValue.parse(data), case .object = event else {
                let torn = offset == lines.count - 1 || (offset == lines.count - 2 && lines.last == "")
                if torn && log != nil {
                    incompleteLine = number
                    break
                }
                throw TranscriptError(
                    file: file, line: number,
                    problem: torn
                        ? "is not a complete JSON object (the transcript looks truncated)"
                        : "is not a JSON object (the transcript is corrupted)")
            }
            guard case .string(let kindName)? = event["event"] else {
                throw TranscriptError(
                    file: file, line: number, problem: "has no \"event\" field: this is not a Converge transcript")
            }
            switch TranscriptEventKind(rawValue: kindName) {
            case .start?:
                if log != nil {
                    throw TranscriptError(
                        file: file, line: number,
                        problem:
                            "a second session starts here: a transcript holds one session (write each to its own file)")
                }
                guard let start = try? decoder.decode(SessionStart.self, from: data) else {
                    throw TranscriptError(file: file, line: number, problem: "the start event names no scenario")
                }
                log = ActionLog(
                    scenarioID: start.scenarioKey, handle: start.handle, seed: start.seed, startTime: start.time,
                    actions: [],
                    initialCurve: (start.epochLosses, start.epochValAccuracy))
            case .command?:
                guard log != nil else {
                    throw TranscriptError(
                        file: file, line: number,
                        problem: "a command before the start event: this is not a Converge transcript")
                }
                guard let command = try? decoder.decode(CommandEvent.self, from: data) else {
                    throw TranscriptError(
                        file: file, line: number, problem: "a command event without command, name or a known tier")
                }
                actions.append(Action(command, index: actions.count + 1))
            case nil:
                throw TranscriptError(file: file, line: number, problem: "unknown event \"\(kindName)\"")
            }
        }
        guard var result = log else {
            throw TranscriptError(
                file: file, line: nil, problem: "has no start event: it is empty or not a Converge transcript")
        }
        result.actions = actions
        result.incompleteLine = incompleteLine
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
