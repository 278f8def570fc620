/// `quit` and `reveal` ask before they end a session: the first asks, and a second one in a
/// row (or `yes`) acts. One rule for both, read from the last command.
extension Session {
    /// The command whose question the last command asked ("End the session?", "Give up?"),
    /// or nil when nothing is waiting for an answer.
    var pendingQuestion: String? {
        guard let last = history.last, !last.isError, !last.endsSession,
            [QuitCommand.spec.name, RevealCommand.spec.name].contains(last.name)
        else { return nil }
        return last.name
    }
}
