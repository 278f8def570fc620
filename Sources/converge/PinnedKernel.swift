import ConvergeEngine
import Foundation

/// Starts `converge` again with OpenBLAS's kernel pinned (see `BLAS.pinnedKernel`), so that a
/// scenario trains to the same numbers on every machine, the ones its verification and the
/// recorded sessions measured. OpenBLAS reads the choice only when it loads, before any of
/// our code runs; hence the new start rather than a call.
enum PinnedKernel {
    /// Replaces this process with itself and the kernel set, unless the environment already
    /// names one (a person may choose another on purpose) or the CPU cannot run it.
    static func ensure() {
        guard ProcessInfo.processInfo.environment[BLAS.kernelVariable] == nil, BLAS.cpuRunsPinnedKernel else {
            return
        }
        setenv(BLAS.kernelVariable, BLAS.pinnedKernel, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only when it fails: carry on with the kernel OpenBLAS chose.
        unsetenv(BLAS.kernelVariable)
    }
}
