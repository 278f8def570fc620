import ConvergeLanguage
import Foundation

/// Reads a `diagnose` statement the way an interviewer would: does it state the bug's
/// mechanism (every concept of the scenario's `DiagnosisKey`, in any words, not negated),
/// without a misconception, without a scatter of unrelated causes, and as a statement
/// rather than a list of terms?
public enum DiagnosisReader {
    /// What the reader concluded.
    public enum Verdict: String, Codable, Sendable {
        /// States the mechanism.
        case correct
        /// No statement was made.
        case missing
        /// Misses a concept of the mechanism.
        case incomplete
        /// States a wrong explanation.
        case misconception
        /// Asserts several causes unrelated to the bug: a list of guesses.
        case scattershot
        /// Strings the right terms together without saying what happened ("learning rate too
        /// high, catastrophic forgetting, backbone, freeze"): vocabulary, not a diagnosis.
        case termList = "term-list"
    }

    /// The verdict with what it rests on, for the scorecard.
    public struct Reading: Sendable, Equatable {
        public var verdict: Verdict
        /// Concepts of the mechanism the statement states, and those it misses.
        public var stated: [String]
        public var missed: [String]
        /// Misconceptions it states.
        public var misconceptions: [String]
        /// Unrelated causes it asserts.
        public var unrelatedCauses: [String]

        public var isCorrect: Bool { verdict == .correct }

        /// One clause for the candidate: why the statement does or does not name the bug.
        public var explanation: String {
            switch verdict {
            case .correct: return "names the bug"
            case .missing: return "is empty"
            case .incomplete:
                return "does not name the bug: it does not say that "
                    + missed.map { "\"\($0)\"" }.joined(separator: " or that ")
            case .misconception:
                return "does not name the bug: it states a wrong cause (" + misconceptions.joined(separator: ", ") + ")"
            case .scattershot:
                return "does not name the bug: it lists unrelated causes (" + unrelatedCauses.joined(separator: ", ")
                    + ")"
            case .termList:
                return "does not name the bug: it lists terms without saying how they produce the symptom"
            }
        }
    }

    /// The most unrelated causes a correct diagnosis may also mention ("I first suspected the
    /// learning rate"); more than this is a list of guesses.
    static let unrelatedCauseAllowance = 1

    /// Reads `statement` against the scenario's key. A mention of one of `commandNames` names
    /// a check, not a cause ("overfit-batch passed" does not blame overfitting), so those
    /// words are set aside first.
    public static func read(_ statement: String?, for scenario: Scenario, commandNames: [String] = []) -> Reading {
        var text = statement ?? ""
        for name in commandNames where name.contains("-") {
            text = text.replacingOccurrences(of: name, with: " ", options: .caseInsensitive)
        }
        let words = TextAnalysis.stems(text)
        guard words.contains(where: { $0 != TextAnalysis.boundary && $0 != TextAnalysis.pause }) else {
            return Reading(
                verdict: .missing, stated: [], missed: scenario.diagnosis.mechanism.map(\.name),
                misconceptions: [], unrelatedCauses: [])
        }
        let key = scenario.diagnosis
        let stated = key.mechanism.filter { concept in
            concept.phrasings.contains { PhraseMatcher.matches($0, in: words) }
        }
        let missed = key.mechanism.filter { concept in !stated.contains { $0.name == concept.name } }
        let misconceptions = key.misconceptions.filter { PhraseMatcher.matches($0, in: words) }
        let bugKnobs = Set(scenario.bugKnobs)
        let unrelated = BugCause.all.filter { cause in
            cause.knobs.isDisjoint(with: bugKnobs) && cause.phrasings.contains { PhraseMatcher.matches($0, in: words) }
        }
        let verdict: Verdict
        if unrelated.count > unrelatedCauseAllowance {
            verdict = .scattershot
        } else if !misconceptions.isEmpty {
            verdict = .misconception
        } else if !missed.isEmpty {
            verdict = .incomplete
        } else if TextAnalysis.isBareList(text) {
            verdict = .termList
        } else {
            verdict = .correct
        }
        return Reading(
            verdict: verdict, stated: stated.map(\.name), missed: missed.map(\.name),
            misconceptions: misconceptions, unrelatedCauses: unrelated.map(\.name))
    }
}
