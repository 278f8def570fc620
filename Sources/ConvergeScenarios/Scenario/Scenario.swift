import Foundation

/// A broken training run: the setup with its seeded bug, what the candidate is told, how
/// the bug shows, what fixes it and what only hides it. Written as a YAML file in `Scenarios/`.
public struct Scenario: Sendable {
    public enum Difficulty: String, Sendable, CaseIterable, Comparable {
        case easy, medium, hard
        var rank: Int { self == .easy ? 0 : self == .medium ? 1 : 2 }
        public static func < (a: Difficulty, b: Difficulty) -> Bool { a.rank < b.rank }
    }

    /// The author's name for the scenario, which names the bug (never shown to a candidate
    /// before submitting).
    public var id: String
    /// The symptom, as a candidate may see it.
    public var title: String
    public var difficulty: Difficulty
    /// The teammate's message the candidate starts from: a symptom, never the answer.
    public var report: String
    /// The report's paragraphs, each on one line: the author's line breaks suit the file, and
    /// a terminal of any width re-wraps a whole paragraph rather than each broken line.
    public var reportParagraphs: [String] {
        report.components(separatedBy: "\n\n").map { paragraph in
            paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }.filter { !$0.isEmpty }
    }
    public var data: DataSpec
    /// How many training rows keep their labels (nil: all): a small labelled set.
    public var labelledRows: Int?
    /// Validation sequences padded with empty steps to this length (nil: as generated): a
    /// serving pipeline that pads further than training did.
    public var validationSteps: Int?
    /// The data a backbone was pretrained on before the scenario starts, if any.
    public var pretraining: PretrainingSpec?
    /// The broken setup.
    public var setup: Setup
    /// The bug, in the author's words.
    public var bugSummary: String
    /// Knobs where the root cause lives: a cure changes each of them.
    public var bugKnobs: [KnobID]
    /// What a correct `diagnose` statement says (read by `DiagnosisReader`).
    public var diagnosis: DiagnosisKey
    /// What the broken setup must show.
    public var symptom: [Criterion]
    /// What a fixed setup must meet.
    public var success: [Criterion]
    public var cures: [Remedy]
    public var maskers: [Remedy]
    /// The commands a strong engineer would run, for efficiency scoring.
    public var expertPath: [String]
    /// Four hints, from a nudge to the full answer.
    public var hints: [String]
    /// Published detectors or references the scenario's criteria follow.
    public var sources: [String]
    /// The file it was read from.
    public var file: String

    /// A neutral name that does not give the bug away: `case-` and four letters derived from the id.
    public var handle: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let letters = Array("abcdefghjkmnpqrstuvwxyz")
        var name = ""
        for _ in 0..<4 {
            name.append(letters[Int(hash % UInt64(letters.count))])
            hash /= UInt64(letters.count)
        }
        return "case-\(name)"
    }

    /// Whether `report` meets every success criterion.
    public func isSuccessful(_ report: RunReport) -> Bool {
        success.allSatisfy { $0.isMet(by: report) }
    }

    /// Whether `report` shows every symptom criterion.
    public func showsSymptom(_ report: RunReport) -> Bool {
        symptom.allSatisfy { $0.isMet(by: report) }
    }
}
