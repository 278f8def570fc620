import Foundation
import Synchronization

/// Splits a loop over independent items (the images of a batch, the channels of a layer)
/// between the threads BLAS may use.
///
/// Large matrix products use every BLAS thread, but the engine's own loops (the direct
/// convolutions, im2col, pooling, activations) ran on one, and on a convolutional network
/// they are most of the step. Each item must write only memory of its own: then every value is computed
/// by the same arithmetic in the same order whichever thread runs it, and the results are the
/// same bits at one thread and at two. Sessions run BLAS on one thread, so there this is an
/// ordinary loop.
///
/// The helpers are threads of our own, started once and waiting between loops (see
/// `HelperThreads`). Dispatch's `concurrentPerform` grew the heap by about 100 KB over a
/// hundred steps as its pool adjusted; these allocate nothing after the first call.
enum ParallelWork {
    /// Below this many scalar operations a second thread costs more to wake than it saves.
    static let minimumWork = 1 << 15

    /// Calls `body` on contiguous ranges that cover `0..<count`, in parallel when BLAS may use
    /// more than one thread and the work (`count * workPerItem` scalar operations) is worth it.
    /// The ranges are `chunksPerWorker` for each thread, taken by whichever thread is free.
    static func forEachRange(_ count: Int, workPerItem: Int, _ body: (Range<Int>) -> Void) {
        let threads = BLAS.threadCount
        let workers = min(threads, count)
        guard workers > 1 && count * workPerItem >= minimumWork else {
            body(0..<count)
            return
        }
        // Products inside the loop run on their own thread: OpenBLAS's workers would compete
        // with the helpers for the same cores.
        BLAS.setThreadCount(1)
        defer { BLAS.setThreadCount(threads) }
        withoutActuallyEscaping(body) { body in
            if !HelperThreads.shared.run(DisjointWork(body: body), count: count, workers: workers) {
                body(0..<count)
            }
        }
    }

    /// Chunks a loop is cut into for each thread. Threads take chunks as they come free, so a
    /// thread the system delays leaves its chunks to the others rather than holding them up.
    static let chunksPerWorker = 4

    /// The share of `0..<count` that part `worker` of `workers` covers.
    static func share(_ worker: Int, of workers: Int, count: Int) -> Range<Int> {
        count * worker / workers..<count * (worker + 1) / workers
    }
}

/// The loop body, handed to the helper threads. It is safe to share because each range
/// writes memory no other range touches (the contract of `forEachRange`), which the compiler
/// cannot see through the raw pointers the loops use.
private struct DisjointWork: @unchecked Sendable {
    let body: (Range<Int>) -> Void
}

/// Threads that take chunks of a loop, run them, and count them done.
///
/// A training step runs a dozen such loops, each well under a millisecond, so the handoff has
/// to cost far less than a microsecond. A helper that has run out of chunks watches for the
/// next loop for `watchNanoseconds`, giving way to any other thread that wants its core once
/// every `turnsBetweenYields` looks, and parks on its semaphore only after that. Waking a
/// parked thread takes tens of microseconds on a virtual machine: at a dozen loops a step,
/// parking after every loop cost more than the second core gained.
///
/// The calling thread takes chunks too, one at a time from the front, while helpers take them
/// from the back (`cursor`). When both threads keep pace they meet in the middle, each with
/// the same part of the data as in the previous loop and so in its own cache; when the system
/// holds a helper back (a shared machine takes its core away for milliseconds), the caller
/// runs the helper's chunks as well instead of waiting for it. With a fixed share for each
/// thread, such a loop took as long as the delay.
private final class HelperThreads: @unchecked Sendable {
    static let shared = HelperThreads()

    /// How long an idle helper watches for the next loop before it parks.
    static let watchNanoseconds: UInt64 = 2_000_000
    /// Looks at the loop counter between two yields of the core (and two readings of the clock).
    static let turnsBetweenYields = 1024

    /// The current loop's number (bits 32 and up), the end of its unclaimed chunks (bits 16 to
    /// 31) and their start (bits 0 to 15), in one word, so that a claim names the loop it
    /// belongs to: a helper that wakes after a loop ended cannot take a chunk of it.
    private let cursor = Atomic<Int>(0)
    /// The current loop's chunks that have run.
    private let completed = Atomic<Int>(0)
    /// The current loop, set before its number is published in `cursor` and left alone until
    /// every chunk has run. A helper reads it only after claiming a chunk, so never stale.
    private var work: DisjointWork?
    private var count = 0, chunks = 0

    /// Held while one loop uses the helpers; a loop that finds it taken runs on its own thread.
    private let inUse = NSLock()
    private var helpers: [Helper] = []

    private final class Helper: @unchecked Sendable {
        /// Whether the helper is parked, or about to park, on `wake`.
        let parked = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    /// Runs `work` over `0..<count` with `workers` threads, this one included. Returns false,
    /// having run nothing, when another thread is using the helpers.
    func run(_ work: DisjointWork, count: Int, workers: Int) -> Bool {
        guard inUse.try() else { return false }
        defer { inUse.unlock() }
        while helpers.count < workers - 1 { helpers.append(startHelper()) }
        self.work = work
        self.count = count
        chunks = min(count, workers * ParallelWork.chunksPerWorker)
        completed.store(0, ordering: .relaxed)
        let loop = (cursor.load(ordering: .relaxed) >> 32) + 1
        // Publish, then look for parked helpers: a helper announces its parking, then looks at
        // `cursor` once more, so one of the two sees the other and no loop is missed.
        cursor.store(loop << 32 | chunks << 16, ordering: .sequentiallyConsistent)
        for helper in helpers[0..<(workers - 1)] where helper.parked.load(ordering: .sequentiallyConsistent) {
            helper.wake.signal()
        }
        runChunks(of: loop, fromTheFront: true)
        // Every chunk is claimed; wait for those still running on a helper, yielding now and
        // then in case that helper shares this core.
        var turns = 0
        while completed.load(ordering: .acquiring) != chunks {
            turns += 1
            if turns % HelperThreads.turnsBetweenYields == 0 { sched_yield() }
        }
        self.work = nil
        return true
    }

    /// Claims and runs chunks of loop `loop`, from the front or from the back, until none is left.
    private func runChunks(of loop: Int, fromTheFront: Bool) {
        while true {
            let word = cursor.load(ordering: .acquiring)
            let (start, end) = (word & 0xFFFF, word >> 16 & 0xFFFF)
            guard word >> 32 == loop && start < end else { return }
            let (chunk, claimed) = fromTheFront ? (start, word + 1) : (end - 1, word - (1 << 16))
            guard cursor.compareExchange(expected: word, desired: claimed, ordering: .acquiringAndReleasing).exchanged
            else { continue }
            // Claimed, so the loop cannot end before this chunk has run: `work`, `chunks` and
            // `count` are still this loop's.
            work?.body(ParallelWork.share(chunk, of: chunks, count: count))
            completed.add(1, ordering: .releasing)
        }
    }

    private func startHelper() -> Helper {
        let helper = Helper()
        let thread = Thread { [unowned self] in self.serve(helper) }
        thread.start()
        return helper
    }

    /// A helper's life: watch for a loop, run what chunks are left of it, repeat.
    private func serve(_ helper: Helper) {
        var seen = 0
        while true {
            seen = waitForLoop(after: seen, helper)
            runChunks(of: seen, fromTheFront: false)
        }
    }

    /// Returns the number of the first loop after `seen`, once it is published.
    private func waitForLoop(after seen: Int, _ helper: Helper) -> Int {
        var turns = 0
        var idleSince: UInt64?
        while true {
            let loop = cursor.load(ordering: .acquiring) >> 32
            if loop != seen { return loop }
            turns += 1
            if turns % HelperThreads.turnsBetweenYields != 0 { continue }
            sched_yield()
            let now = DispatchTime.now().uptimeNanoseconds
            guard let since = idleSince else {
                idleSince = now
                continue
            }
            if now - since < HelperThreads.watchNanoseconds { continue }
            helper.parked.store(true, ordering: .sequentiallyConsistent)
            if cursor.load(ordering: .sequentiallyConsistent) >> 32 == seen { helper.wake.wait() }
            helper.parked.store(false, ordering: .sequentiallyConsistent)
            idleSince = nil
        }
    }
}
