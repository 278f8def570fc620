import Foundation

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
/// The helpers are threads of our own, started once and parked on a semaphore between loops.
/// Dispatch's `concurrentPerform` grew the heap by about 100 KB over a hundred steps as its
/// pool adjusted; these allocate nothing after the first call.
enum ParallelWork {
    /// Below this many scalar operations a second thread costs more to wake than it saves.
    static let minimumWork = 1 << 15

    /// Calls `body` on contiguous ranges that cover `0..<count`, one range per worker, in
    /// parallel when BLAS may use more than one thread and the work (`count * workPerItem`
    /// scalar operations) is worth it.
    static func forEachRange(_ count: Int, workPerItem: Int, _ body: (Range<Int>) -> Void) {
        let workers = min(BLAS.threadCount, count)
        guard workers > 1 && count * workPerItem >= minimumWork else {
            body(0..<count)
            return
        }
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
private final class HelperThreads: @unchecked Sendable {
    static let shared = HelperThreads()

    private final class Helper: @unchecked Sendable {
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        var work: DisjointWork?
        var range = 0..<0
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
            helper.start.signal()
        }
        work.body(ParallelWork.share(0, of: workers, count: count))
        for worker in 1..<workers {
            helpers[worker - 1].finished.wait()
            helpers[worker - 1].work = nil
        }
        return true
    }

    private func startHelper() -> Helper {
        let helper = Helper()
        let thread = Thread {
            while true {
                helper.start.wait()
                helper.work?.body(helper.range)
                helper.finished.signal()
            }
        }
        thread.start()
        return helper
    }
}
