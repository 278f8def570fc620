import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

/// `set`: change one setting; model and loss settings restructure, the others tune.
public struct SetCommand: SessionCommand {
    public static let spec = CommandSpec(
        name: "set", tier: .tune, summary: "change one setting (model and loss settings restructure)",
        usage: "set KNOB VALUE", example: "set lr 0.1")

    /// What the transcript keeps of it.
    public struct Record: Codable, Sendable {
        /// The knob changed.
        public var knob: KnobID
        public var from: String
        public var to: String
        /// 3 for a tuning knob, 4 for one that restructures the model or the loss.
        public var knobTier: Int
    }

    public static func run(_ arguments: [String], in session: Session) -> CommandResult {
        session.set(arguments)
    }
}

extension Session {
    func set(_ arguments: [String]) -> CommandResult {
        guard arguments.count >= 2 else {
            return .error("Usage: set KNOB VALUE, for example `set lr 0.1`. `help set` lists every knob.")
        }
        guard let knob = Knob.named(arguments[0]) else {
            let close = NearestWords.suggestions(for: arguments[0], among: Knob.all.map(\.name)).first
            let hint = close.map { " Did you mean `\($0)`?" } ?? ""
            return .error("Unknown setting `\(arguments[0])`.\(hint) `help set` lists every knob.")
        }
        // Words after the name are one value: "64, 64" is a list of widths, "3 2" is refused.
        let value = arguments.dropFirst().joined(separator: " ")
        let before = knob.value(in: setup)
        var candidate = setup
        do {
            try knob.apply(value, to: &candidate)
        } catch {
            return .error("\(error)")
        }
        // A setting the model does not have would change nothing: say so rather than accept it.
        guard knob.id.isUsed(by: candidate.architecture) else {
            return .error(
                "Not changed: this model (\(candidate.architecture.modelName)) has no `\(knob.name)` setting "
                    + "(`config` lists the ones it uses).")
        }
        if let reason = incompatibility(of: candidate) {
            return .error("Not changed: \(reason).")
        }
        if let refusal = workRefusal(for: candidate, changing: knob) {
            return .error(refusal)
        }
        // Setting the value a knob already has changes nothing, and is not a change for the
        // run's list or the grader.
        if candidate == setup {
            return .error("Not changed: `\(knob.name)` is already \(before).")
        }
        setup = candidate
        let after = knob.value(in: setup)
        // The changes since the last run, net: a knob set twice is listed once, at its last
        // value, and a knob set back to the last run's value is no change at all.
        pendingChanges.removeAll { $0.knob == knob.id }
        if after != knob.value(in: lastRun.setup) { pendingChanges.append(Change(knob: knob.id, value: after)) }
        let tier: Tier = knob.restructures ? .restructure : .tune
        return CommandResult(
            text: "\(knob.name): \(before) -> \(after). `run` to train with it." + warmUpNote(changing: knob.id),
            record: SetCommand.Record(knob: knob.id, from: before, to: after, knobTier: tier.rawValue), tier: tier)
    }
}

extension Session {
    /// A count of multiply-adds in words: "about 320 billion".
    static func multiplyAdds(_ count: Int) -> String {
        let billions = Double(count) / 1e9
        if count == .max || billions >= 1e6 { return "far more than a million billion" }
        if billions >= 1000 { return "about \(Format.number(Float((billions / 100).rounded() / 10))) trillion" }
        return "about \(Int(billions.rounded())) billion"
    }

    /// Why `candidate` is refused as too much work for one run (see `RunWork`), or nil.
    func workRefusal(for candidate: Setup, changing knob: Knob) -> String? {
        // Only the model, the epochs and the batch size change a run's work; every other knob
        // leaves it where the last accepted setup had it, within the limit. Building a model to
        // count it on every `set lr` would be work for nothing.
        guard knob.restructures || [.epochs, .batch].contains(knob.id) else { return nil }
        let work = RunWork.estimate(candidate, preparedData(candidate))
        guard !work.isWithinLimit else { return nil }
        let most = work.mostEpochsWithinLimit
        let advice =
            most > 0
            ? "With this model, `epochs \(most)` or fewer fit."
            : "Even one epoch of this model is too much: make it smaller."
        return "Not changed: one run with `\(knob.name) \(knob.value(in: candidate))` would take "
            + "\(Self.multiplyAdds(work.total)) multiply-adds, past the \(RunWork.limit / 1_000_000_000) billion "
            + "a run may take here (a few seconds). \(advice)"
    }

    /// A warm-up as long as the whole run is legal but never lets the rate reach its base:
    /// said when a change makes it so, since nothing else would show it before the run.
    func warmUpNote(changing knob: KnobID) -> String {
        guard [.warmup, .epochs, .batch].contains(knob), setup.warmup > 0 else { return "" }
        let steps = Swift.max(setup.epochs, 1) * setup.stepsPerEpoch(trainingRows: preparedData().training.count)
        guard setup.warmup >= steps else { return "" }
        return " The run has \(steps) steps, so the warm-up of \(setup.warmup) never reaches the base rate."
    }
}
