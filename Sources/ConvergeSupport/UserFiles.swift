import Foundation

/// The one place that says where a user's own files go: transcripts, interview records and
/// the prompt's history, under `$XDG_DATA_HOME/converge` (or `$HOME/.local/share/converge`).
///
/// The environment is read rather than the password database, so a test or a sandbox that
/// sets `HOME` or `XDG_DATA_HOME` keeps everything inside its own folder.
public enum UserFiles {
    /// `$XDG_DATA_HOME/converge`, else `$HOME/.local/share/converge`.
    public static var folder: URL {
        let environment = ProcessInfo.processInfo.environment
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return URL(fileURLWithPath: data).appendingPathComponent("converge")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/converge")
    }

    /// Session transcripts, one JSON-lines file per session.
    public static var transcripts: URL { folder.appendingPathComponent("transcripts") }

    /// Interview records, one JSON-lines file per interview.
    public static var interviews: URL { folder.appendingPathComponent("interviews") }

    /// The prompt's line history.
    public static var lineHistory: URL { folder.appendingPathComponent("history") }

    /// `path` with the home folder written `~`, as a person types it: shorter on a narrow
    /// terminal, and still a path a shell opens.
    public static func abbreviated(
        _ path: String, home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) -> String {
        guard let home, home.count > 1, path == home || path.hasPrefix(home + "/")
        else { return path }
        return "~" + path.dropFirst(home.count)
    }

    /// `yyyyMMdd-HHmmss` in UTC: how saved files are named, so they sort by time.
    public static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}
