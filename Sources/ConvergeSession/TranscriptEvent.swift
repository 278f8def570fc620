import ConvergeSupport

/// What kind of line a transcript line is.
public enum TranscriptEventKind: String, Codable, Sendable {
    case start
    case command
}

/// The first line of a transcript: which scenario, with which seed, and the teammate's run.
public struct SessionStart: Codable, Sendable {
    /// The transcript format this session writes. Version 1 had no version field; its
    /// lines have the same fields and still load.
    public static let currentVersion = 3

    public var event = TranscriptEventKind.start
    /// Absent in version-1 transcripts.
    public var version: Int? = SessionStart.currentVersion
    public var time: String
    /// The scenario's id, in transcripts written before version 3. It names the bug, and a
    /// candidate can open their own transcript, so sessions now write the handle alone.
    public var scenario: String?
    /// The scenario's neutral handle, as the candidate saw it: how the grader finds it.
    public var handle: String

    /// The id or handle the catalogue looks the scenario up by.
    public var scenarioKey: String { scenario ?? handle }
    public var seed: UInt64
    /// Training loss per epoch of the teammate's run.
    public var epochLosses: [Double?]
    /// Validation accuracy per epoch of the teammate's run.
    public var epochValAccuracy: [Double?]

    init(time: String, handle: String, seed: UInt64, epochLosses: [Double?], epochValAccuracy: [Double?]) {
        self.time = time
        self.scenario = nil
        self.handle = handle
        self.seed = seed
        self.epochLosses = epochLosses
        self.epochValAccuracy = epochValAccuracy
    }

    /// Only the scenario (its handle, or in older transcripts its id) is required; older or
    /// hand-made transcripts may lack the rest.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version)
        time = try container.decodeIfPresent(String.self, forKey: .time) ?? ""
        scenario = try container.decodeIfPresent(String.self, forKey: .scenario)
        handle = try container.decodeIfPresent(String.self, forKey: .handle) ?? ""
        if scenario == nil && handle.isEmpty {
            throw DecodingError.keyNotFound(
                CodingKeys.handle, .init(codingPath: [], debugDescription: "no scenario and no handle"))
        }
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        epochLosses = try container.decodeIfPresent([Double?].self, forKey: .epochLosses) ?? []
        epochValAccuracy = try container.decodeIfPresent([Double?].self, forKey: .epochValAccuracy) ?? []
    }
}

/// One command of a session: what was typed, the answer, and the command's typed record.
public struct CommandEvent: Codable, Sendable {
    public var event = TranscriptEventKind.command
    public var time: String
    /// 1-based position among the session's commands.
    public var index: Int
    /// The command as typed.
    public var command: String
    public var name: String
    public var tier: Tier
    public var tierName: String
    public var error: Bool
    /// The command's `Record`, in JSON form (decode it with `record(as:)`).
    public var values: JSONValue
    /// The text the candidate saw.
    public var output: String

    init(time: String, index: Int, result: CommandResult) {
        self.time = time
        self.index = index
        command = result.input
        name = result.name
        tier = result.tier
        tierName = result.tier.name
        error = result.isError
        values = result.record
        // Plain text: the transcript is read later, on any terminal, or with NO_COLOR.
        output = result.text.withoutTerminalStyling
    }

    /// Only the command, its name and its tier are required; the rest has defaults, so
    /// hand-made and older transcripts load.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        command = try container.decode(String.self, forKey: .command)
        name = try container.decode(String.self, forKey: .name)
        tier = try container.decode(Tier.self, forKey: .tier)
        time = try container.decodeIfPresent(String.self, forKey: .time) ?? ""
        index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
        tierName = try container.decodeIfPresent(String.self, forKey: .tierName) ?? tier.name
        error = try container.decodeIfPresent(Bool.self, forKey: .error) ?? false
        values = try container.decodeIfPresent(JSONValue.self, forKey: .values) ?? .object([])
        output = try container.decodeIfPresent(String.self, forKey: .output) ?? ""
    }

    /// The command's record as its type, when this event is of that command.
    public func record<Record: Decodable>(as type: Record.Type) -> Record? {
        try? values.decoded(as: type)
    }
}
