import XCTest

@testable import ConvergeEngine

/// The tests compare live training with sessions recorded on the pinned kernel, so they must
/// run on it wherever the CPU can.
final class PinnedKernelTests: XCTestCase {
    func testTheTestsRunOnThePinnedKernel() throws {
        try XCTSkipUnless(BLAS.cpuRunsPinnedKernel, "this CPU cannot run \(BLAS.pinnedKernel)'s kernels")
        XCTAssertEqual(
            BLAS.kernel.lowercased(), BLAS.pinnedKernel.lowercased(),
            "OpenBLAS chose \(BLAS.kernel): run the tests with `make test`, which sets \(BLAS.kernelVariable)")
    }
}
