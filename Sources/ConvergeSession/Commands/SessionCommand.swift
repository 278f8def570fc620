/// One command a candidate can type at the session prompt.
///
/// A command is a type: its `spec` says what it is called, its tier, its help and which
/// knobs its output bears on; `run` does it. The command table, dispatch, completion,
/// `help` and the command benchmark all come from `SessionCommands.all`, so adding a
/// command is adding its file and its line in that list.
public protocol SessionCommand: Sendable {
    /// Name, tier, help text, the knobs the output bears on, and the time budget.
    static var spec: CommandSpec { get }
    /// Runs with the words typed after the name. Bad arguments come back as an error
    /// result (`CommandResult.error`) and change nothing.
    static func run(_ arguments: [String], in session: Session) -> CommandResult
}
