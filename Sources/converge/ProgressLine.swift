import ConvergeEngine
import ConvergeSupport
import Foundation

/// The progress line of long work on a terminal: "epoch 4 of 10, loss 0.83", rewritten in
/// place, shown only once the work has taken half a second, and cleared when it ends, so
/// short commands and their output look exactly as before. Unchecked Sendable: the session
/// reports from the thread that runs the command, the only one that touches it.
final class ProgressLine: TrainingProgress, @unchecked Sendable {
    private var started = Date()
    private var shown = false

    /// Work of a new command begins.
    func begin() {
        started = Date()
        shown = false
    }

    func report(_ done: Int, of total: Int, unit: String, loss: Float) {
        guard Date().timeIntervalSince(started) > 0.5 else { return }
        shown = true
        StandardOutput.write("\r\u{1B}[K  \(unit) \(done) of \(total), loss \(Format.number(loss)) (Ctrl-C stops it)")
    }

    /// The work ended: the line goes, and the output starts where it stood.
    func finish() {
        guard shown else { return }
        StandardOutput.write("\r\u{1B}[K")
        shown = false
    }
}
