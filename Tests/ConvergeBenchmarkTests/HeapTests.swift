import ConvergeBenchmark
import ConvergeEngine
import ConvergeTestSupport
import XCTest

/// A training step keeps no allocation: the benchmark's heap reading proves it.
final class HeapTests: XCTestCase {
    func testASteadyStateStepKeepsNoAllocation() {
        let model = TrainingBenchmark.makeModel(widths: [16, 32, 32, 4], seed: 1)
        let data = TrainingBenchmark.makeData(widths: [16, 32, 32, 4], rows: 24, seed: 2)
        let trainer = Trainer(
            model: model, loss: CrossEntropy(),
            optimizer: SGD(parameters: model.parameters, learningRate: 0.01, momentum: 0.9))
        for _ in 0..<5 { trainer.step(inputs: data.inputs, targets: data.targets) }
        // Two windows of 500 steps: a one-off allocation by the runtime or OpenBLAS may land in
        // the first; anything a step kept would grow both.
        let start = HeapUsage.bytesInUse()
        for _ in 0..<500 { trainer.step(inputs: data.inputs, targets: data.targets) }
        let middle = HeapUsage.bytesInUse()
        for _ in 0..<500 { trainer.step(inputs: data.inputs, targets: data.targets) }
        let end = withExtendedLifetime(trainer) { HeapUsage.bytesInUse() }
        XCTAssertLessThan(middle - start, 4096, "heap grew over the first 500 steps")
        XCTAssertEqual(end, middle, "heap bytes in use grew over the second 500 steps")
    }
}
