/// Where a scenario's data comes from: a CSV file in `Fixtures/datasets/`, or a seeded generator.
public enum DataSpec: Equatable, Hashable, Sendable, CustomStringConvertible {
    case file(name: String)
    /// `length` is the sequence length for sequence generators (0 for tabular ones).
    case synthetic(generator: String, samples: Int, classes: Int, noise: Float, length: Int, seed: UInt64)
    /// The examples of some classes of another data set, numbered from 0 in the order given
    /// and keeping their names: a new task for a model that learnt the other classes.
    indirect case classes([Int], of: DataSpec)
    /// A stretch of another data set's rows (`first..<end`), in file order: data kept apart
    /// from the rest, such as what a backbone was pretrained on.
    indirect case rows(Range<Int>, of: DataSpec)

    /// Whether the examples are sequences of different lengths padded with empty steps.
    public var holdsPaddedSequences: Bool {
        switch self {
        case .synthetic(let generator, _, _, _, _, _): return generator == "padded"
        case .file: return false
        case .classes(_, let base), .rows(_, let base): return base.holdsPaddedSequences
        }
    }

    /// Whether every step of the examples is a one-hot token: inputs on a fixed scale, for
    /// which "not standardised" is the right choice rather than a bug.
    public var holdsTokens: Bool {
        switch self {
        case .synthetic(let generator, _, _, _, _, _): return SyntheticData.tokenGenerators.contains(generator)
        case .file: return false
        case .classes(_, let base), .rows(_, let base): return base.holdsTokens
        }
    }

    /// Whether the examples are sentences whose every step has a next-letter target.
    public var holdsLanguage: Bool {
        switch self {
        case .synthetic(let generator, _, _, _, _, _): return generator == "language"
        case .file: return false
        case .classes(_, let base), .rows(_, let base): return base.holdsLanguage
        }
    }

    public var description: String {
        switch self {
        case .file(let name): return name
        case .synthetic(let generator, let samples, let classes, let noise, let length, let seed):
            if SyntheticData.imageGenerators.contains(generator) {
                return "\(generator) (\(samples) images of \(length) x \(length) pixels, seed \(seed))"
            }
            if SyntheticData.sequenceGenerators.contains(generator) {
                let steps =
                    generator == "padded" ? "2 to \(length) tokens padded to \(length) steps" : "\(length) steps"
                return "\(generator) (\(samples) sequences of \(steps), seed \(seed))"
            }
            return "\(generator) (\(samples) samples, \(classes) classes, noise \(noise), seed \(seed))"
        case .classes(let kept, let base):
            return "\(base), classes \(kept.map(String.init).joined(separator: ", "))"
        case .rows(let range, let base):
            return "\(base), rows \(range.lowerBound + 1) to \(range.upperBound)"
        }
    }
}
