import ConvergeScenarios
import ConvergeSession
import Foundation

/// Scores a debugging session from its transcript and its scenario alone, so any transcript
/// can be graded again later with the same result.
///
/// Each dimension starts from a base and explicit rules add or take points; every rule that
/// fires is kept with the command that triggered it, for the scorecard to cite.
public struct Grader {
    let scenario: Scenario

    public init(scenario: Scenario) {
        self.scenario = scenario
    }

    /// Commands that investigate (tiers 0-2, and the LR range test).
    /// A check of the setup or its runs. `help` and `compare` are not: one reads the manual,
    /// the other looks again at runs already made.
    static func isDiagnostic(_ action: Action) -> Bool {
        !action.isError && (action.tier <= .instrument || action.is(LRFindCommand.self)) && !action.is(HelpCommand.self)
            && !action.is(CompareCommand.self)
    }

    public func grade(_ log: ActionLog) -> Grade {
        let actions = log.actions.filter { !$0.isError }
        var firings: [RuleFiring] = []
        firings += orderRules(actions)
        firings += evidenceRules(actions)
        firings += disciplineRules(actions)
        let reading = readDiagnosis(log)
        firings += outcomeRules(log, diagnosis: reading)
        firings += efficiencyRules(actions, submitted: log.submission != nil)
        let solved = log.submitted.map { $0.converged && $0.rootCauseFixed } ?? false
        firings += independenceRules(actions, solved: solved)
        var scores: [Dimension: Double] = [:]
        for dimension in Dimension.allCases {
            let base: Double = dimension == .outcome ? 0 : 100
            let total = firings.filter { $0.dimension == dimension }.reduce(base) { $0 + $1.points }
            scores[dimension] = Swift.min(100, Swift.max(0, total.rounded()))
        }
        return Grade(
            scenario: scenario, log: log, scores: scores, firings: firings,
            caps: caps(log, actions, diagnosis: reading),
            diagnosis: reading)
    }

    // MARK: Caps: what a session cannot be, whatever its points

    func caps(_ log: ActionLog, _ actions: [Action], diagnosis: DiagnosisReader.Reading) -> [Cap] {
        var caps: [Cap] = []
        let changes = actions.filter { $0.changedKnob != nil }
        if let first = changes.first {
            let looked = actions.filter { $0.index < first.index && Grader.isDiagnostic($0) }.count
            if looked < 2 {
                caps.append(
                    Cap(
                        rule: "fix-without-investigation", overall: 55, practical: .novice, commandIndex: first.index,
                        observation:
                            "changed the setup after \(looked == 0 ? "no check at all" : "a single check"): a fix found without investigating is a guess"
                    ))
            }
            // Several settings changed at once before any look: a shotgun.
            var pending: Set<KnobID> = []
            for action in actions {
                if let knob = action.changedKnob { pending.insert(knob) }
                if action.is(RunCommand.self) || action.is(SubmitCommand.self) {
                    if pending.count >= 3, looked == 0 {
                        caps.append(
                            Cap(
                                rule: "shotgun", overall: 40, practical: .novice, commandIndex: action.index,
                                observation: "changed \(pending.count) settings at once without looking first"))
                        break
                    }
                    if action.is(RunCommand.self) { pending = [] }
                }
            }
        }
        // A change that no finding pointed at is a guess, even when it works and the other
        // changes were well founded; an expert's every change has a reason on the record.
        let investigatedBeforeFirstChange = changes.first.map { first in
            actions.filter { $0.index < first.index && Grader.isDiagnostic($0) }.count >= 2
        }
        if investigatedBeforeFirstChange == true,
            let guess = changes.first(where: { change in
                guard let knob = change.changedKnob else { return false }
                return !actions.contains { $0.index < change.index && $0.pointsAt(knob) }
            })
        {
            caps.append(
                Cap(
                    rule: "guessed-change", overall: 75, practical: .intermediate, commandIndex: guess.index,
                    observation:
                        "`\(guess.input)` followed no finding that points at \(guess.changedKnob?.rawValue ?? "it")"
                ))
        }
        let hints = actions.compactMap { action in
            action.record(HintCommand.Record.self).map { (index: action.index, level: $0.level) }
        }.filter { hint in actions.contains { $0.index == hint.index && $0.is(HintCommand.self) } }
        if let answer = hints.first(where: { $0.level >= 4 }) {
            let investigatedFirst = actions.contains { Grader.isDiagnostic($0) && $0.index < hints[0].index }
            caps.append(
                Cap(
                    rule: "answer-from-hints", overall: investigatedFirst ? 50 : 45,
                    practical: investigatedFirst ? .intermediate : .novice, fundamentals: .intermediate,
                    commandIndex: answer.index,
                    observation: "took the last hint, which gives the answer"
                        + (investigatedFirst ? "" : ", and every hint before investigating")))
        } else if let deep = hints.first(where: { $0.level >= 3 }) {
            caps.append(
                Cap(
                    rule: "deep-hint", overall: 100, practical: .intermediate, fundamentals: .intermediate,
                    commandIndex: deep.index,
                    observation: "took the third hint, which points at the bug"))
        }
        if let submitted = log.submitted {
            if submitted.masked && submitted.converged {
                caps.append(
                    Cap(
                        rule: "masked", overall: 65, practical: .intermediate, commandIndex: log.submission?.index,
                        observation: "the submitted fix hides the symptom without curing its cause"))
                // Masked and misread: the root cause was neither fixed nor found, however well
                // the session went; no better than a setup that still fails.
                if !diagnosis.isCorrect {
                    caps.append(
                        Cap(
                            rule: "masked-and-misread", overall: 55, practical: .intermediate,
                            commandIndex: log.submission?.index,
                            observation:
                                "the submitted fix hides the symptom, and the diagnosis names another cause"))
                }
            } else if !submitted.rootCauseFixed {
                caps.append(
                    Cap(
                        rule: "root-cause-not-fixed", overall: 65, practical: .intermediate,
                        commandIndex: log.submission?.index,
                        observation: "the submitted setup does not fix the root cause"))
            }
            // Nothing achieved: the setup still fails and the statement names another cause.
            if !submitted.converged && !submitted.rootCauseFixed && !diagnosis.isCorrect {
                caps.append(
                    Cap(
                        rule: "nothing-fixed", overall: 55, practical: .intermediate,
                        commandIndex: log.submission?.index,
                        observation: "submitted a setup that still fails, with a diagnosis that names another cause"))
            }
            if !diagnosis.isCorrect {
                caps.append(
                    Cap(
                        rule: "root-cause-not-named", overall: 84, practical: .intermediate, commandIndex: nil,
                        observation: "the diagnosis does not name the root cause"))
            }
        } else {
            // Left open after trying something is an unfinished investigation; left open
            // without changing anything is no debugging at all, however tidy the looks were.
            let tried = actions.contains { $0.changedKnob != nil }
            caps.append(
                Cap(
                    rule: "not-submitted", overall: tried ? 65 : 30, practical: tried ? .intermediate : .novice,
                    commandIndex: nil,
                    observation: tried
                        ? "the session ended without a submission"
                        : "the session ended without a submission or any change to the setup"))
        }
        let expertChecks = scenario.expertPath.filter { step in
            let name = String(step.split(separator: " ").first ?? "")
            return SessionCommands.spec(named: name).map { $0.tier <= .instrument || name == LRFindCommand.spec.name }
                ?? false
        }.count
        let checks = actions.filter(Grader.isDiagnostic).count
        if checks > Swift.max(2 * expertChecks, expertChecks + 4) {
            caps.append(
                Cap(
                    rule: "checklist", overall: 80, practical: .intermediate, commandIndex: nil,
                    observation:
                        "ran \(checks) checks where about \(expertChecks) answer the question: a checklist, not a hypothesis"
                ))
        }
        return caps
    }

    // MARK: Order: simple before complex

    func orderRules(_ actions: [Action]) -> [RuleFiring] {
        var firings: [RuleFiring] = []
        // Only a `set` changes the setup: `run` reproduces, and session commands (`hint`,
        // `diff`, `reset`) change nothing.
        let firstChange = actions.first { $0.changedKnob != nil }
        let firstSimple = actions.first { Grader.isDiagnostic($0) && $0.tier <= .sanity }
        if let change = firstChange, firstSimple.map({ $0.index > change.index }) ?? true {
            let restructure = change.tier == .restructure
            firings.append(
                RuleFiring(
                    rule: "jumped-to-change", dimension: .order, points: restructure ? -100 : -90,
                    commandIndex: change.index,
                    observation:
                        "\(restructure ? "restructured" : "changed") the setup (`\(change.input)`) before any look or sanity check",
                    advice:
                        "start with the cheapest checks (`data`, `curve`, `init-loss`, `overfit-batch`): they rule out whole classes of bug in seconds, before any change"
                ))
        } else if let simple = firstSimple {
            firings.append(
                RuleFiring(
                    rule: "started-simple", dimension: .order, points: 0, commandIndex: simple.index,
                    observation: "began with `\(simple.name)`, a \(simple.tier.name) check, before changing anything"))
        }
        if let instrument = actions.first(where: { $0.tier == .instrument }),
            let sanity = actions.first(where: { $0.tier == .sanity }).map(\.index) ?? Optional(Int.max),
            instrument.index < sanity,
            firstChange.map({ instrument.index < $0.index }) ?? true
        {
            firings.append(
                RuleFiring(
                    rule: "instrument-before-sanity", dimension: .order, points: -10, commandIndex: instrument.index,
                    observation: "reached for `\(instrument.name)` before any sanity check",
                    advice:
                        "run a sanity check such as `init-loss` or `overfit-batch` before instrumenting: it tells you which part of the pipeline to instrument"
                ))
        }
        if let restructure = actions.first(where: { $0.tier == .restructure }),
            !actions.contains(where: { Grader.isDiagnostic($0) && $0.tier >= .sanity && $0.index < restructure.index })
        {
            firings.append(
                RuleFiring(
                    rule: "restructured-without-measuring", dimension: .order, points: -20,
                    commandIndex: restructure.index,
                    observation:
                        "changed the model or loss (`\(restructure.input)`) without a sanity check or instrument first",
                    advice:
                        "measure before restructuring: a bigger or different model is the most expensive experiment, and the bug is usually simpler"
                ))
        }
        return firings
    }

    // MARK: Evidence: each change follows a diagnostic that pointed at it

    func evidenceRules(_ actions: [Action]) -> [RuleFiring] {
        var firings: [RuleFiring] = []
        let changes = actions.filter { $0.changedKnob != nil }
        guard !changes.isEmpty else {
            return [
                RuleFiring(
                    rule: "no-changes", dimension: .evidence, points: -50, commandIndex: nil,
                    observation: "made no change to the setup",
                    advice: "turn what the diagnostics show into one targeted change, then re-run to test it")
            ]
        }
        let penalty = 90 / Double(changes.count)
        for change in changes {
            guard let knobID = change.changedKnob else { continue }
            let knob = knobID.rawValue
            let support = actions.last { action in
                action.index < change.index && action.pointsAt(knobID)
            }
            if let support {
                firings.append(
                    RuleFiring(
                        rule: "supported-change", dimension: .evidence, points: 0, commandIndex: change.index,
                        observation:
                            "`\(change.input)` followed `\(support.name)` (command \(support.index)), which showed "
                            + support.evidence(for: knobID)
                    ))
            } else {
                firings.append(
                    RuleFiring(
                        rule: "unsupported-change", dimension: .evidence, points: -penalty, commandIndex: change.index,
                        observation: "`\(change.input)` was not preceded by any finding that points at \(knob)",
                        advice:
                            "before changing \(knob), run the check that would show it is wrong; a change without evidence is a guess, and guesses that happen to work teach nothing"
                    ))
            }
        }
        // A discriminating check: any diagnostic whose abnormal finding points at where the
        // bug lives, before the first change there. Any route counts, not only the expert path.
        let firstFix = changes.first { $0.changedKnob.map(scenario.bugKnobs.contains) ?? false }?.index ?? Int.max
        // Of several, cite the most specific: the finding that implicates the fewest knobs.
        let discriminating = actions.filter { action in
            action.index < firstFix && scenario.bugKnobs.contains { action.pointsAt($0) }
        }.min { specificity($0) < specificity($1) }
        if let discriminating {
            firings.append(
                RuleFiring(
                    rule: "discriminating-check", dimension: .evidence, points: 10, commandIndex: discriminating.index,
                    observation:
                        "ran `\(discriminating.name)`, which showed where the bug lives ("
                        + (scenario.bugKnobs.first { discriminating.pointsAt($0) }.map {
                            discriminating.evidence(for: $0)
                        } ?? "")
                        + "), before the fix"
                ))
        } else {
            firings.append(
                RuleFiring(
                    rule: "no-discriminating-check", dimension: .evidence, points: -10, commandIndex: nil,
                    observation: "fixed without a check that separates this bug from its look-alikes",
                    advice:
                        "before fixing, run the one check that would come out differently if you were wrong (for example `data` to tell unscaled inputs from dead ReLUs)"
                ))
        }
        return firings
    }

    /// How many knobs the action's most specific finding about the bug implicates (fewer is
    /// more telling: `dead-units` says more than `loss-flat`).
    func specificity(_ action: Action) -> Int {
        action.abnormalFindings.filter { !$0.signal.implicates.isDisjoint(with: scenario.bugKnobs) }
            .map(\.signal.implicates.count).min() ?? Int.max
    }

    // MARK: Discipline: one change at a time, re-measured after each

    func disciplineRules(_ actions: [Action]) -> [RuleFiring] {
        var firings: [RuleFiring] = []
        var pending: [Action] = []
        for action in actions {
            if action.changedKnob != nil {
                pending.append(action)
            } else if action.is(RunCommand.self) || action.is(SubmitCommand.self) {
                let knobs = Set(pending.compactMap(\.changedKnob))
                // Two bugs need two fixes before anything trains: changes that each follow a
                // finding pointing at them are a plan, not a shotgun.
                let unsupported = pending.filter { change in
                    guard let knob = change.changedKnob else { return false }
                    return !actions.contains { $0.index < change.index && $0.pointsAt(knob) }
                }
                if knobs.count > 1 && unsupported.isEmpty {
                    firings.append(
                        RuleFiring(
                            rule: "supported-changes-together", dimension: .discipline, points: 0,
                            commandIndex: action.index,
                            observation:
                                "changed \(knobs.count) settings before one run, each after a finding that pointed at it"
                        ))
                } else if knobs.count > 1 {
                    firings.append(
                        RuleFiring(
                            rule: "shotgun-change", dimension: .discipline, points: -20 * Double(knobs.count - 1),
                            commandIndex: action.index,
                            observation:
                                "\(action.is(RunCommand.self) ? "re-ran" : "submitted") with \(knobs.count) settings changed at once (\(knobs.sorted().map(\.rawValue).joined(separator: ", ")))",
                            advice:
                                "change one thing, re-run, and compare: with several changes at once you cannot tell which one mattered, or whether one undid another"
                        ))
                } else if knobs.count == 1, action.is(RunCommand.self) {
                    firings.append(
                        RuleFiring(
                            rule: "one-change-then-run", dimension: .discipline, points: 0, commandIndex: action.index,
                            observation: "re-ran after a single change (\(knobs.first?.rawValue ?? ""))"))
                }
                if action.is(RunCommand.self) { pending = [] }
            }
        }
        let changes = actions.filter { $0.changedKnob != nil }
        if let lastChange = changes.last {
            let remeasure = actions.first {
                $0.index > lastChange.index
                    && ($0.is(RunCommand.self) || ($0.tier <= .instrument && Grader.isDiagnostic($0)))
            }
            if let remeasure, actions.contains(where: { $0.is(RunCommand.self) && $0.index > lastChange.index }) {
                firings.append(
                    RuleFiring(
                        rule: "remeasured-after-fix", dimension: .discipline, points: 0, commandIndex: remeasure.index,
                        observation: "re-measured after the last change before submitting"))
                // A fix re-run on another seed is a fix that does not depend on one lucky start.
                let firstSeed = actions.compactMap(\.runSeed).first
                if let confirmation = actions.first(where: { action in
                    action.index > lastChange.index && action.runSeed.map { $0 != firstSeed } == true
                }) {
                    firings.append(
                        RuleFiring(
                            rule: "confirmed-on-another-seed", dimension: .discipline, points: 0,
                            commandIndex: confirmation.index,
                            observation: "confirmed the fix on another seed (seed \(confirmation.runSeed ?? 0))"))
                }
            } else if let measured = Grader.runThatTrained(settingsAt: lastChange.index, actions) {
                // Back to a setup an earlier run trained: that run measured it.
                firings.append(
                    RuleFiring(
                        rule: "submitted-measured-setup", dimension: .discipline, points: 0,
                        commandIndex: measured.index,
                        observation:
                            "submitted the setup that `\(measured.input)` (command \(measured.index)) had trained"))
            } else {
                firings.append(
                    RuleFiring(
                        rule: "submitted-unmeasured", dimension: .discipline, points: -30,
                        commandIndex: lastChange.index,
                        observation: "submitted without re-running after the last change (`\(lastChange.input)`)",
                        advice:
                            "re-run after every fix and check the symptom is gone; a fix you have not measured is a hypothesis"
                    ))
            }
        }
        return firings
    }

    /// The last completed run that trained the settings in force after command `index`, if
    /// any: the settings are replayed from the `set` and `reset` records (the seed aside,
    /// which re-measures rather than changes), so a candidate who goes back to a setup they
    /// already ran need not train it again.
    static func runThatTrained(settingsAt index: Int, _ actions: [Action]) -> Action? {
        var original: [KnobID: String] = [:]
        var changed: [KnobID: String] = [:]
        var trained: [(run: Action, settings: [KnobID: String])] = []
        for action in actions where action.index <= index && !action.isError {
            if action.is(ResetCommand.self) { changed = [:] }
            if let knob = action.changedKnob, let set = action.record(SetCommand.Record.self) {
                if original[knob] == nil { original[knob] = set.from }
                changed[knob] = set.to == original[knob] ? nil : set.to
            }
            if action.is(RunCommand.self), action.record(RunCommand.Record.self)?.cancelled != true {
                trained.append((action, changed))
            }
        }
        return trained.last { $0.settings == changed }?.run
    }

    // MARK: Outcome: converged when retrained, root cause rather than mask, correct diagnosis

    func outcomeRules(_ log: ActionLog, diagnosis reading: DiagnosisReader.Reading) -> [RuleFiring] {
        guard let submit = log.submission, let submitted = log.submitted else {
            return [
                RuleFiring(
                    rule: "not-submitted", dimension: .outcome, points: 0, commandIndex: nil,
                    observation: "the session ended without a submission",
                    advice: "finish with `diagnose` and `submit`: an investigation is judged on the fix it produces")
            ]
        }
        var firings: [RuleFiring] = []
        if submitted.converged {
            firings.append(
                RuleFiring(
                    rule: "converged", dimension: .outcome, points: 40, commandIndex: submit.index,
                    observation: "the submitted setup met the success criterion when retrained"))
        } else {
            firings.append(
                RuleFiring(
                    rule: "not-converged", dimension: .outcome, points: 0, commandIndex: submit.index,
                    observation: "the submitted setup did not meet the success criterion when retrained",
                    advice: "before submitting, run the fixed setup and check the metric the report complained about"))
        }
        if submitted.rootCauseFixed {
            // Cite the change that touched the bug, not the submission that carried it.
            let fix = log.actions.last { $0.changedKnob.map(scenario.bugKnobs.contains) ?? false }
            firings.append(
                RuleFiring(
                    rule: "root-cause-fixed", dimension: .outcome, points: 30, commandIndex: fix?.index ?? submit.index,
                    observation: "changed the root cause rather than its symptom"
                        + (fix.map { " (`\($0.input)`)" } ?? "")))
        } else if submitted.masked && submitted.converged {
            firings.append(
                RuleFiring(
                    rule: "masked", dimension: .outcome, points: 0, commandIndex: submit.index,
                    observation: "hid the symptom without fixing its cause",
                    advice:
                        "ask why the symptom appears, not only how to make it go away: clipping, a smaller rate or more regularisation often hide a bug that is still there"
                ))
        } else {
            firings.append(
                RuleFiring(
                    rule: "root-cause-missed", dimension: .outcome, points: 0, commandIndex: submit.index,
                    observation: "did not change the setting where the bug lives",
                    advice: "follow the evidence to the setting that produces the symptom before changing anything"))
        }
        let diagnosis = log.actions.last { $0.is(DiagnoseCommand.self) && !$0.isError }
        if reading.isCorrect {
            firings.append(
                RuleFiring(
                    rule: "diagnosis-correct", dimension: .outcome, points: 30, commandIndex: diagnosis?.index,
                    observation: "named the bug in the diagnosis: " + reading.stated.joined(separator: "; ")))
        } else {
            firings.append(
                RuleFiring(
                    rule: "diagnosis-" + reading.verdict.rawValue, dimension: .outcome, points: 0,
                    commandIndex: diagnosis?.index,
                    observation: diagnosis == nil ? "gave no diagnosis" : "the diagnosis " + reading.explanation,
                    advice: advice(for: reading.verdict)))
        }
        return firings
    }

    /// What to do differently after a diagnosis that did not name the bug.
    func advice(for verdict: DiagnosisReader.Verdict) -> String {
        switch verdict {
        case .scattershot:
            return "name the one cause your evidence supports: a list of possible causes is a guess, not a diagnosis"
        case .termList:
            return
                "say in a sentence what went wrong and how it produces the symptom: terms strung together name topics, not a cause"
        case .correct, .missing, .incomplete, .misconception:
            return
                "state the root cause in one sentence before you submit: saying it forces you to check that the evidence supports it"
        }
    }

    /// The last `diagnose` statement, read against the scenario's mechanism.
    func readDiagnosis(_ log: ActionLog) -> DiagnosisReader.Reading {
        let statement = log.actions.last { $0.is(DiagnoseCommand.self) && !$0.isError }?
            .record(DiagnoseCommand.Record.self)?.statement
        return DiagnosisReader.read(statement, for: scenario, commandNames: SessionCommands.specs.map(\.name))
    }

    // MARK: Efficiency: the essential steps without waste

    func efficiencyRules(_ actions: [Action], submitted: Bool) -> [RuleFiring] {
        var firings: [RuleFiring] = []
        let expert = scenario.expertPath
        // Checks that could not bear on this model at all.
        for action in actions where action.findingsRecord?.applies == false {
            firings.append(
                RuleFiring(
                    rule: "irrelevant-check", dimension: .efficiency, points: -10, commandIndex: action.index,
                    observation: "ran `\(action.name)`, which cannot bear on this model",
                    advice: "read the model before instrumenting it: `config` or `code` says which checks apply"))
        }
        // The same check twice with nothing changed in between shows nothing new.
        var seenSinceChange: Set<String> = []
        for action in actions {
            if action.changedKnob != nil || action.is(RunCommand.self) || action.is(ResetCommand.self) {
                seenSinceChange = []
            } else if Grader.isDiagnostic(action) {
                // The same command with other arguments (`data batch` after `data`) asks another question.
                let question = action.input.lowercased().split(separator: " ").joined(separator: " ")
                if seenSinceChange.contains(question) {
                    firings.append(
                        RuleFiring(
                            rule: "repeated-check", dimension: .efficiency, points: -10, commandIndex: action.index,
                            observation: "ran `\(question)` again on an unchanged setup",
                            advice:
                                "a check on an unchanged setup gives the same answer: change something, or ask another question"
                        ))
                }
                seenSinceChange.insert(question)
            }
        }
        let uncounted: [any SessionCommand.Type] = [
            HelpCommand.self, HintCommand.self, ReportCommand.self, DiffCommand.self, ConfigCommand.self,
        ]
        let counted = actions.filter { action in !uncounted.contains { action.is($0) } }.count
        let ratio = Double(counted) / Double(Swift.max(expert.count, 1))
        if ratio > 1.5 {
            firings.append(
                RuleFiring(
                    rule: "extra-commands", dimension: .efficiency, points: -Swift.min(70, (ratio - 1.5) * 40),
                    commandIndex: nil,
                    observation:
                        "used \(counted) commands where a direct investigation takes about \(expert.count)"
                        + (counted < actions.count
                            ? " (not counting \(actions.count - counted) for help, hints, the report, diff and config)"
                            : ""),
                    advice:
                        "pick the next check by the question it answers; running every instrument in turn costs time in a real investigation, where each run takes hours"
                ))
        }
        let runs = actions.filter { $0.is(RunCommand.self) }.count
        let expertRuns = expert.filter { $0 == RunCommand.spec.name }.count
        if runs > expertRuns + 1 {
            firings.append(
                RuleFiring(
                    rule: "extra-runs", dimension: .efficiency, points: -Double(runs - expertRuns - 1) * 10,
                    commandIndex: nil,
                    observation: "trained \(runs) times where \(expertRuns) would do",
                    advice: "let each training run test one hypothesis you chose in advance"))
        }
        // Few commands are not efficiency when none of them looked: skipping the checks is a
        // guess, however quickly it is made.
        if !actions.contains(where: Grader.isDiagnostic) {
            firings.append(
                RuleFiring(
                    rule: "no-checks", dimension: .efficiency, points: -60, commandIndex: nil,
                    observation: "ran no check at all",
                    advice:
                        "a short path is one that goes straight to the evidence, not one that skips it: one or two well-chosen checks cost seconds"
                ))
        }
        // A direct path is a path to a fix: a session left open took none.
        if firings.isEmpty && submitted {
            firings.append(
                RuleFiring(
                    rule: "direct-path", dimension: .efficiency, points: 0, commandIndex: nil,
                    observation: "took a direct path: relevant checks and little else"))
        }
        return firings
    }

    // MARK: Independence: hints by level and timing

    func independenceRules(_ actions: [Action], solved: Bool) -> [RuleFiring] {
        let hints = actions.filter { $0.is(HintCommand.self) }.compactMap { action in
            action.record(HintCommand.Record.self).map { (index: action.index, level: $0.level) }
        }
        guard !hints.isEmpty else {
            // Praise for independence needs a case solved: an unsolved one without hints
            // shows nothing about leaning on them.
            guard solved else { return [] }
            return [
                RuleFiring(
                    rule: "no-hints", dimension: .independence, points: 0, commandIndex: nil,
                    observation: "solved it without hints")
            ]
        }
        return hints.map { hint in
            let level = hint.level
            let cost: Double = [10, 15, 25, 40][Swift.min(Swift.max(level, 1), 4) - 1]
            let early = !actions.contains { Grader.isDiagnostic($0) && $0.index < hint.index }
            return RuleFiring(
                rule: early ? "early-hint" : "hint", dimension: .independence, points: -(early ? cost * 1.5 : cost),
                commandIndex: hint.index,
                observation: "asked for hint level \(level)" + (early ? " before investigating" : ""),
                advice: early
                    ? "try two or three checks of your own before asking: the first hint is most useful once you have a hypothesis"
                    : "before asking for a hint, write down your current hypothesis and the check that would confirm it"
            )
        }
    }
}
