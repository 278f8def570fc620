import CBLAS
import Foundation

/// The engine's only door to OpenBLAS: row-major single-precision matrix products.
///
/// Transposes are passed to BLAS as flags and never materialised: `Linear` computes
/// `Y = X Wᵀ` by telling `sgemm` to read `W` transposed.
public enum BLAS {
    /// Sets how many threads OpenBLAS may use.
    ///
    /// Results are bit-identical from run to run only at a fixed thread count: one and two
    /// threads sum in a different order. Call this once at start-up when reproducibility matters.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// Number of threads OpenBLAS will use.
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }

    /// The kernel family every number of the project is recorded and verified with.
    ///
    /// OpenBLAS chooses its kernels by CPU when it loads, and kernels block their sums
    /// differently, so the same seeded run ends elsewhere on another machine, by several
    /// points of accuracy (Scenarios/README.md, "The BLAS kernel", has the measurements).
    /// Haswell's are AVX2 and FMA, which every x86-64 server CPU since 2013 runs, AMD's Zen
    /// included.
    public static let pinnedKernel = "Haswell"

    /// The environment variable OpenBLAS reads, once, when it loads.
    public static let kernelVariable = "OPENBLAS_CORETYPE"

    /// The environment variable that sets how long OpenBLAS's worker threads spin, yielding,
    /// after a product before they sleep: 2^N cycles, N = 28 by default (a tenth of a second).
    public static let workerSpinVariable = "OPENBLAS_THREAD_TIMEOUT"

    /// `converge`'s choice for `workerSpinVariable`: the smallest, so workers sleep at once.
    ///
    /// The engine's own helper threads (`ParallelWork`) need the second core between products,
    /// and a spinning worker took it from them: conv-digits at two threads read 912-1507 µs a
    /// step with the default and 900-927 µs with this, eight runs each, taken in turns.
    /// mnist, wide and transformer-tiny did not change.
    public static let workerSpinExponent = 4

    /// The kernel family OpenBLAS is using.
    public static var kernel: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// Whether this CPU runs the pinned kernel: it needs AVX2 and FMA (read from
    /// `/proc/cpuinfo`, so false on other systems and other architectures).
    public static var cpuRunsPinnedKernel: Bool {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let names = Set(flags.split(separator: " "))
        return names.contains("avx2") && names.contains("fma")
    }

    /// The fewest multiply-adds (`m·n·k`) a product needs before OpenBLAS may split it between
    /// threads. Timed here at two threads, with workers that sleep at once
    /// (`workerSpinExponent`): 64x10x512 took 15 µs on one thread and 22-71 µs on two. Called
    /// back to back, 64x64x256 (a million) broke even and 128x256x128 (four million) took
    /// 56 µs on two against 83 µs on one; inside a training step the worker has gone back to
    /// sleep, and waking it costs tens of microseconds more, so the line sits at four million.
    static let smallestThreadedProduct = 1 << 22

    /// `C = alpha * op(A) * op(B) + beta * C` with row-major `C` of `m x n`.
    ///
    /// `op(A)` is `m x k`: `A` is stored `m x k`, or `k x m` when `transposeA`.
    /// `op(B)` is `k x n`: `B` is stored `k x n`, or `n x k` when `transposeB`.
    static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool,
        _ b: UnsafePointer<Float>, transposeB: Bool,
        into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        multiply(
            a, transposeA: transposeA, leading: transposeA ? m : k,
            b, transposeB: transposeB, leading: transposeB ? k : n,
            into: c, leading: n, m: m, n: n, k: k, alpha: alpha, beta: beta)
    }

    /// The same product with explicit row strides ("leading dimensions"), for matrices that
    /// are every T-th row of a larger buffer: one time step of a batch-first sequence.
    static func multiply(
        _ a: UnsafePointer<Float>, transposeA: Bool, leading lda: Int,
        _ b: UnsafePointer<Float>, transposeB: Bool, leading ldb: Int,
        into c: UnsafeMutablePointer<Float>, leading ldc: Int,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0 && n > 0 else { return }
        guard k > 0 else {
            // An empty sum: C is just scaled.
            for row in 0..<m {
                for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] }
            }
            return
        }
        MultiplyAddCounter.add(m * n * k)
        // A small product runs on one thread: waking OpenBLAS's worker cost more than it saved.
        let threads = openblas_get_num_threads()
        let single = threads > 1 && m * n * k < smallestThreadedProduct
        if single { openblas_set_num_threads(1) }
        defer { if single { openblas_set_num_threads(threads) } }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha,
            a, Int32(lda),
            b, Int32(ldb),
            beta,
            c, Int32(ldc)
        )
    }

    /// `y = alpha * op(A) * x + beta * y` for a row-major `A` of `rows x columns`.
    static func multiply(
        _ a: UnsafePointer<Float>, transposed: Bool, rows: Int, columns: Int,
        vector x: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>,
        alpha: Float = 1, beta: Float = 0
    ) {
        guard rows > 0 && columns > 0 else { return }
        MultiplyAddCounter.add(rows * columns)
        cblas_sgemv(
            CblasRowMajor, transposed ? CblasTrans : CblasNoTrans,
            Int32(rows), Int32(columns),
            alpha, a, Int32(columns), x, 1, beta, y, 1
        )
    }
}
