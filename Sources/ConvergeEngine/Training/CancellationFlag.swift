import Foundation

/// A flag another context (a signal handler, another thread) can raise to stop a training
/// run between two steps: Ctrl-C cancels the run, not the program.
///
/// Backed by a `sig_atomic_t`, the one type a signal handler may write safely.
public final class CancellationFlag: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<sig_atomic_t>

    public init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: 0)
    }

    deinit {
        storage.deallocate()
    }

    /// Whether a stop was asked for since the last `reset()`.
    public var isRaised: Bool { storage.pointee != 0 }

    /// Asks running training to stop at its next step.
    public func raise() { storage.pointee = 1 }

    /// Clears the request, before the next command.
    public func reset() { storage.pointee = 0 }

    /// The raw storage, for a C signal handler that cannot call Swift methods safely.
    public var signalSafeAddress: UnsafeMutablePointer<sig_atomic_t> { storage }
}
