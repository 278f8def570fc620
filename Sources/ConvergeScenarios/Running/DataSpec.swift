/// Where a scenario's data comes from: a CSV file in `Fixtures/datasets/`, or a seeded generator.
public enum DataSpec: Equatable, Hashable, Sendable, CustomStringConvertible {
    case file(name: String)
    /// `length` is the sequence length for sequence generators (0 for tabular ones).
    case synthetic(generator: String, samples: Int, classes: Int, noise: Float, length: Int, seed: UInt64)

    public var description: String {
        switch self {
        case .file(let name): return name
        case .synthetic(let generator, let samples, let classes, let noise, let length, let seed):
            if SyntheticData.imageGenerators.contains(generator) {
                return "\(generator) (\(samples) images of \(length) x \(length) pixels, seed \(seed))"
            }
            if SyntheticData.sequenceGenerators.contains(generator) {
                return "\(generator) (\(samples) sequences of \(length) steps, seed \(seed))"
            }
            return "\(generator) (\(samples) samples, \(classes) classes, noise \(noise), seed \(seed))"
        }
    }
}
