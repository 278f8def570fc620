import ConvergeEngine
import ConvergeSession
import ConvergeSupport
import Foundation

/// The interview's saved progress: JSON lines appended and flushed after every answer, so a
/// closed terminal loses nothing; the scorecard is appended at the end. Past records feed
/// `continue`, which offers to work on the weakest topics.
public final class InterviewRecord {
    public let url: URL
    private let transcript: Transcript

    public init(url: URL) throws {
        self.url = url
        transcript = try Transcript(url: url)
    }

    /// Appends one event, stamped with the time.
    public func append(_ event: String, _ fields: [(String, JSONValue)]) {
        transcript.append(
            JSONValue.object(
                [("event", .string(event)), ("time", .string(ISO8601DateFormatter().string(from: Date())))] + fields))
    }

    /// `<time>.jsonl` in the user's interviews folder (`UserFiles.interviews`).
    public static func defaultURL(date: Date = Date()) -> URL {
        UserFiles.interviews.appendingPathComponent("\(UserFiles.timestamp(date)).jsonl")
    }

    /// Topics whose questions were answered below 50 in past records in `folder`, weakest first.
    public static func weakTopics(in folder: URL, bank: ProblemBank) -> [(topic: String, average: Int)] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var scores: [String: [Int]] = [:]
        for file in files where file.pathExtension == "jsonl" {
            for event in (try? Transcript.events(at: file)) ?? [] {
                guard event["event"] == .string("assessment"), case .string(let id)? = event["problem"],
                    case .number(let score)? = event["score"], let problem = bank.problem(id),
                    // A record edited by hand ("score": 1e30) is skipped, never trusted.
                    (0...100).contains(score)
                else { continue }
                scores[problem.topic, default: []].append(Int(score))
            }
        }
        return scores.map { (topic: $0.key, average: $0.value.reduce(0, +) / Swift.max($0.value.count, 1)) }
            .sorted { ($0.average, $0.topic) < ($1.average, $1.topic) }
    }
}
