import ConvergeEngine
import ConvergeSupport
import Foundation

/// The session's record: JSON lines, one event per command, appended and flushed as each
/// command finishes, so a crash, a kill or Ctrl-C loses nothing already answered.
public final class Transcript {
    public let url: URL
    private let handle: FileHandle

    /// Opens (creating it and its folder when needed) a transcript file for appending. A
    /// folder or file that cannot be made is a plain sentence naming the path.
    public init(url: URL) throws {
        self.url = url
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw TranscriptFileError(
                description:
                    "cannot create the folder \(folder.path) (\(Self.reason(error))). "
                    + "Use a writable folder: set XDG_DATA_HOME, or give a path of your own.")
        }
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw TranscriptFileError(
                description:
                    "cannot write \(url.path) (\(Self.reason(error))). Choose a writable folder for it.")
        }
    }

    /// The operating system's reason for a file error ("Not a directory", "Permission
    /// denied"), without Foundation's domain and user-info dump.
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? Error { return reason(underlying) }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileNoSuchFileError {
            return "No such file or directory"
        }
        return nsError.localizedDescription
    }

    deinit {
        try? handle.close()
    }

    /// Set once a write has failed (a full disk, a removed folder): the session goes on, and
    /// says once that its transcript stopped.
    public private(set) var writeFailure: String?

    /// Appends one event (a `SessionStart` or a `CommandEvent`) and forces it to disk. Never
    /// throws: a failure is kept in `writeFailure`, and what was written before stays.
    public func append(_ event: some Encodable) {
        guard writeFailure == nil, let line = try? JSONValue(encoding: event).serialized() else { return }
        do {
            try handle.write(contentsOf: Data((line + "\n").utf8))
            try handle.synchronize()
        } catch {
            writeFailure = "\(error.localizedDescription)"
        }
    }

    /// Reads every line of a transcript file as JSON; a torn last line (from a kill
    /// mid-write) is skipped.
    public static func events(at url: URL) throws -> [JSONValue] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
    }

    /// `<time>-<name>.jsonl` in the user's transcripts folder (`UserFiles.transcripts`);
    /// sessions pass the scenario's neutral handle as the name, so a file name names no bug.
    /// `defaultURL`, or with `-2`, `-3`… added when a session started in the same second
    /// already holds that name: two sessions never share a file.
    public static func unusedDefaultURL(scenarioID: String, date: Date = Date()) -> URL {
        let first = defaultURL(scenarioID: scenarioID, date: date)
        var candidate = first
        var number = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = first.deletingLastPathComponent()
                .appendingPathComponent(first.deletingPathExtension().lastPathComponent + "-\(number).jsonl")
            number += 1
        }
        return candidate
    }

    public static func defaultURL(scenarioID: String, date: Date = Date()) -> URL {
        UserFiles.transcripts.appendingPathComponent("\(UserFiles.timestamp(date))-\(scenarioID).jsonl")
    }
}

/// A transcript or record file that cannot be opened for writing, said in a plain sentence.
public struct TranscriptFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
