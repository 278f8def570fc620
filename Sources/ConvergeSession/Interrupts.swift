import ConvergeEngine
import Foundation

/// Ctrl-C on a terminal: it stops the running command's training, or clears the line being
/// typed, and never ends the session or the interview.
public enum Interrupts {
    /// Raised by Ctrl-C; a command's training checks it, and the prompt resets it.
    public static let flag = CancellationFlag()

    /// Catches SIGINT instead of letting it end the process.
    public static func install() {
        signal(SIGINT, interruptHandler)
    }
}

/// Only writes a sig_atomic_t, the one thing a signal handler may safely do.
private func interruptHandler(_ signal: Int32) {
    Interrupts.flag.signalSafeAddress.pointee = 1
}
