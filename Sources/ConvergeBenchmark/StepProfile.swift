import ConvergeEngine

/// Where one training step of a benchmark case spends its time: each layer's forward and
/// backward pass, the loss, and the optimizer, timed separately over many steps.
///
/// The medians of the parts add up to about the step's time; the minimum says what a part
/// costs when the machine leaves it alone. Used to decide what to make faster next.
public struct StepProfile: Sendable {
    /// One timed part of the step.
    public struct Part: Sendable {
        /// For example `1 relu backward` (layer index, kind, pass), `loss` or `optimizer`.
        public var name: String
        public var medianMicroseconds: Double
        public var minimumMicroseconds: Double
    }

    public var caseName: String
    public var threads: Int
    public var parts: [Part]

    /// Times `steps` steps of `benchmark` at `threads` BLAS threads, after a warm-up.
    public static func measure(_ benchmark: TrainingBenchmark.Case, threads: Int, steps: Int = 300) -> StepProfile {
        BLAS.setThreadCount(threads)
        let model = TrainingBenchmark.makeModel(benchmark.network, seed: 1)
        let data = TrainingBenchmark.makeData(benchmark.network, rows: benchmark.batchSize, seed: 2)
        let optimizer = TrainingBenchmark.makeOptimizer(benchmark.network, parameters: model.parameters)
        let loss = CrossEntropy()
        let layers = model.layers
        var names: [String] = []
        for (index, layer) in layers.enumerated() { names.append("\(index) \(layer.kind) forward") }
        names.append("loss")
        for (index, layer) in layers.enumerated().reversed() { names.append("\(index) \(layer.kind) backward") }
        names.append("optimizer")
        var samples = Array(repeating: [Double](), count: names.count)
        let clock = ContinuousClock()
        for step in 0..<(steps + 10) {
            var part = 0
            var started = clock.now
            func lap() {
                let now = clock.now
                if step >= 10 { samples[part].append(TrainingBenchmark.microseconds(now - started)) }
                part += 1
                started = now
            }
            model.zeroGradients()
            started = clock.now
            var activation = data.inputs
            for layer in layers {
                activation = layer.forward(activation)
                lap()
            }
            _ = loss.forward(activation, targets: data.targets)
            var gradient = loss.backward()
            lap()
            for layer in layers.reversed() {
                gradient = layer.backward(gradient)
                lap()
            }
            optimizer.step()
            lap()
        }
        let parts = zip(names, samples).map { name, times in
            let sorted = times.sorted()
            return Part(name: name, medianMicroseconds: sorted[sorted.count / 2], minimumMicroseconds: sorted[0])
        }
        return StepProfile(caseName: benchmark.name, threads: threads, parts: parts)
    }
}
