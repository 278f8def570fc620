import ConvergeScenarios

/// One run of a session, kept so that `runs` can list it and `curve N` show it again.
struct PastRun {
    /// The changes made since the run before, as `set KNOB VALUE` (none for the teammate's).
    var changes: [String]
    var setup: Setup
    var report: RunReport
}
