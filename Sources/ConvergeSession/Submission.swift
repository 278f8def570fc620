import ConvergeScenarios

/// The outcome of `submit`: the candidate's setup retrained from the scenario's seed and
/// judged against the scenario (the full process score comes from the grader).
public struct Submission: Sendable {
    /// Whether the retrained setup meets the success criterion (measured).
    public var converged: Bool
    /// Whether the knobs where the bug lives were changed as one of the cures changes them.
    public var rootCauseFixed: Bool
    /// Whether the symptom was hidden rather than cured: the changes match a known masker,
    /// or the criterion is met without touching the root cause.
    public var masked: Bool
    /// Whether the `diagnose` statement names the bug.
    public var diagnosisCorrect: Bool
    /// How the statement was read: what it states, misses, or gets wrong.
    public var diagnosisReading: DiagnosisReader.Reading
    /// The bug knobs set as a cure sets them, when the root cause is not fixed as a whole:
    /// one of two bugs fixed is progress, not masking.
    public var partlyFixed: [KnobID] = []
    /// The changes from the original setup.
    public var changes: [Change]
    public var report: RunReport

    /// Judges `setup` (already trained into `report`) against `scenario`.
    public init(scenario: Scenario, original: Setup, setup: Setup, report: RunReport, diagnosis: String?) {
        self.report = report
        changes = Knob.all.compactMap { knob in
            let value = knob.value(in: setup)
            return value == knob.value(in: original) ? nil : Change(knob: knob.id, value: value)
        }
        let changedKnobs = Set(changes.map(\.knob))
        // Cures may be alternatives (a residual connection, or batch normalisation, or He
        // initialisation), each touching some of the bug knobs. The root cause is fixed when,
        // for some cure, every bug knob it changes was changed, either to the cure's value or
        // to another value with which the setup converges (lr 0.05 cures a learning rate of 3
        // as well as 0.1 does).
        let converged = scenario.isSuccessful(report)
        self.converged = converged
        rootCauseFixed = scenario.cures.contains { cure in
            guard let cured = try? cure.applied(to: original) else { return false }
            let footprint = scenario.bugKnobs.filter { id in cure.changes.contains { $0.knob == id } }
            guard !footprint.isEmpty, footprint.allSatisfy(changedKnobs.contains) else { return false }
            return converged || footprint.allSatisfy { id in id.knob.value(in: setup) == id.knob.value(in: cured) }
        }
        let matchesMasker = scenario.maskers.contains { masker in
            !masker.changes.isEmpty && masker.changes.allSatisfy { changedKnobs.contains($0.knob) }
        }
        if !rootCauseFixed {
            partlyFixed = scenario.bugKnobs.filter { id in
                changedKnobs.contains(id)
                    && scenario.cures.contains { cure in
                        guard cure.changes.contains(where: { $0.knob == id }),
                            let cured = try? cure.applied(to: original)
                        else { return false }
                        return id.knob.value(in: setup) == id.knob.value(in: cured)
                    }
            }
        }
        masked = !rootCauseFixed && (converged || matchesMasker)
        diagnosisReading = DiagnosisReader.read(
            diagnosis, for: scenario, commandNames: SessionCommands.specs.map(\.name))
        diagnosisCorrect = diagnosisReading.isCorrect
    }
}
