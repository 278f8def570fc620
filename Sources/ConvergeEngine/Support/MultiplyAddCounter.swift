import Synchronization

/// Counts the multiply-adds of the engine's matrix products and convolutions as they run.
///
/// A count depends only on the shapes, never on the machine or its load, so a bound written
/// in multiply-adds refuses the same settings everywhere: the sessions use it to turn away a
/// setup too large to train in the time a command may take, before any training starts.
/// A 3x3 convolution counts the multiply-adds of the algorithm that computes it: nine per
/// output position and input channel directly, four by Winograd's (see `Convolution3x3`),
/// which is chosen from the shapes alone.
public enum MultiplyAddCounter {
    private static let count = Atomic<Int>(0)

    /// Adds `multiplyAdds` to the count.
    static func add(_ multiplyAdds: Int) {
        count.add(multiplyAdds, ordering: .relaxed)
    }

    /// The multiply-adds `body` does, on the calling thread or the helpers it starts.
    public static func counting(_ body: () -> Void) -> Int {
        let before = count.load(ordering: .relaxed)
        body()
        return count.load(ordering: .relaxed) &- before
    }
}
