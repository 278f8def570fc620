/// Where a scenario's data comes from: a CSV file in `Fixtures/datasets/`, or a seeded generator.
public enum DataSpec: Equatable, Sendable, CustomStringConvertible {
    case file(name: String)
    case synthetic(generator: String, samples: Int, classes: Int, noise: Float, seed: UInt64)

    public var description: String {
        switch self {
        case .file(let name): return name
        case let .synthetic(generator, samples, classes, noise, seed):
            return "\(generator) (\(samples) samples, \(classes) classes, noise \(noise), seed \(seed))"
        }
    }
}
