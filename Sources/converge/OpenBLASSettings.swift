import ConvergeEngine
import Foundation

/// Starts `converge` again with OpenBLAS's settings in its environment, which OpenBLAS reads
/// only when it loads, before any of our code runs; hence the new start rather than a call.
///
/// - The kernel is pinned (see `BLAS.pinnedKernel`), so that a scenario trains to the same
///   numbers on every machine, the ones its verification and the recorded sessions measured.
/// - The worker threads sleep as soon as a product ends (see `BLAS.workerSpinExponent`).
///
/// A setting the environment already has is kept: a person may choose another on purpose.
enum OpenBLASSettings {
    /// Replaces this process with itself and the missing settings, if any are missing.
    static func ensure() {
        let environment = ProcessInfo.processInfo.environment
        var missing: [(name: String, value: String)] = []
        if environment[BLAS.kernelVariable] == nil && BLAS.cpuRunsPinnedKernel {
            missing.append((BLAS.kernelVariable, BLAS.pinnedKernel))
        }
        if environment[BLAS.workerSpinVariable] == nil {
            missing.append((BLAS.workerSpinVariable, String(BLAS.workerSpinExponent)))
        }
        guard !missing.isEmpty else { return }
        for setting in missing { setenv(setting.name, setting.value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only when it fails: carry on with OpenBLAS's own choices.
        for setting in missing { unsetenv(setting.name) }
    }
}
