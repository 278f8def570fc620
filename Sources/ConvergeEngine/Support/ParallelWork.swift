import Foundation
import Synchronization

/// Splits a loop over independent items (the images of a batch, the channels of a layer)
/// between the threads BLAS may use.
///
/// The matrix products already use every BLAS thread, but the loops around them (im2col,
/// pooling, the transposes) ran on one, and on a convolutional network they took as long as
/// the products. Each item must write only memory of its own: then every value is computed
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

    /// Calls `body` on contiguous ranges that cover `0..<count`, one range per worker, in
    /// parallel when BLAS may use more than one thread and the work (`count * workPerItem`
    /// scalar operations) is worth it.
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

    /// The share of `0..<count` that worker `worker` of `workers` takes.
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

/// Threads that wait for a share of a loop, run it, and report back.
///
/// A training step runs a dozen such loops, each well under a millisecond, so the handoff has
/// to cost far less than a microsecond. A helper that has finished a share watches for the
/// next loop for `watchNanoseconds`, giving way to any other thread that wants its core once
/// every `turnsBetweenYields` looks, and parks on its semaphore only after that. Waking a
/// parked thread takes tens of microseconds on a virtual machine: at a dozen loops a step,
/// parking after every loop cost more than the second core gained.
private final class HelperThreads: @unchecked Sendable {
    static let shared = HelperThreads()

    /// How long an idle helper watches for the next loop before it parks.
    static let watchNanoseconds: UInt64 = 2_000_000
    /// Looks at the loop counter between two yields of the core (and two readings of the clock).
    static let turnsBetweenYields = 1024

    private final class Helper: @unchecked Sendable {
        /// The number of loops handed to this helper so far, and of those it has finished.
        let posted = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        /// Whether the helper is parked, or about to park, on `wake`.
        let parked = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
        var work: DisjointWork?
        var range = 0..<0

        /// The helper's life: watch for a loop, run its share, report, repeat.
        func serve() {
            var seen = 0
            while true {
                waitForLoop(after: seen)
                seen = posted.load(ordering: .acquiring)
                work?.body(range)
                finished.store(seen, ordering: .releasing)
            }
        }

        /// Returns once `posted` has moved past `seen`.
        private func waitForLoop(after seen: Int) {
            var turns = 0
            var idleSince: UInt64?
            while posted.load(ordering: .acquiring) == seen {
                turns += 1
                if turns % HelperThreads.turnsBetweenYields != 0 { continue }
                sched_yield()
                let now = DispatchTime.now().uptimeNanoseconds
                guard let since = idleSince else {
                    idleSince = now
                    continue
                }
                if now - since < HelperThreads.watchNanoseconds { continue }
                // Announce the parking before the last look, as the poster stores before it
                // looks at `parked`: one of the two sees the other, so no loop is missed. A
                // wake that finds the helper awake leaves a count that costs one extra turn.
                parked.store(true, ordering: .sequentiallyConsistent)
                if posted.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                parked.store(false, ordering: .sequentiallyConsistent)
                idleSince = nil
            }
        }
    }

    /// Held while one loop uses the helpers; a loop that finds it taken runs on its own thread.
    private let inUse = NSLock()
    private var helpers: [Helper] = []

    /// Runs `work` split `workers` ways, the calling thread taking the first share. Returns
    /// false, having run nothing, when another thread is using the helpers.
    func run(_ work: DisjointWork, count: Int, workers: Int) -> Bool {
        guard inUse.try() else { return false }
        defer { inUse.unlock() }
        while helpers.count < workers - 1 { helpers.append(startHelper()) }
        for worker in 1..<workers {
            let helper = helpers[worker - 1]
            helper.work = work
            helper.range = ParallelWork.share(worker, of: workers, count: count)
            helper.posted.add(1, ordering: .sequentiallyConsistent)
            if helper.parked.load(ordering: .sequentiallyConsistent) { helper.wake.signal() }
        }
        work.body(ParallelWork.share(0, of: workers, count: count))
        for worker in 1..<workers {
            let helper = helpers[worker - 1]
            let loop = helper.posted.load(ordering: .relaxed)
            // Yield now and then: should the helper share this core, spinning alone would
            // keep it from finishing until the scheduler stepped in, milliseconds later.
            var turns = 0
            while helper.finished.load(ordering: .acquiring) != loop {
                turns += 1
                if turns % HelperThreads.turnsBetweenYields == 0 { sched_yield() }
            }
            helper.work = nil
        }
        return true
    }

    private func startHelper() -> Helper {
        let helper = Helper()
        let thread = Thread { helper.serve() }
        thread.start()
        return helper
    }
}
