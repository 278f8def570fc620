import ConvergeEngine
import Foundation

/// Seeded two-dimensional classification sets, for scenarios that want a picture-sized
/// problem instead of a real data set.
public enum SyntheticData {
    /// The generators by name, as scenario files spell them.
    public static let generators = ["spirals", "moons", "blobs", "xor"] + sequenceGenerators + imageGenerators
    /// Generators of images, `samples x 1 x length x length` (see `SyntheticImages`).
    public static let imageGenerators = SyntheticImages.generators
    /// Generators of sequences, `samples x length x features`.
    public static let sequenceGenerators = ["adding", "language", "majority", "order", "padded"]
    /// Sequence generators whose steps are one-hot tokens (or empty pads): inputs that are
    /// already on a fixed scale, which nobody standardises.
    public static let tokenGenerators: Set<String> = ["language", "majority", "order", "padded"]

    /// Makes `samples` rows of the named set, `classes` classes where the set allows it, and
    /// sequences of `length` steps for the sequence generators.
    public static func make(_ name: String, samples: Int, classes: Int, noise: Float, length: Int = 0, seed: UInt64)
        -> Dataset?
    {
        if imageGenerators.contains(name) {
            return SyntheticImages.make(
                name, samples: samples, classes: classes, noise: noise, size: length, seed: seed)
        }
        if name == "adding" { return adding(samples: samples, length: length, seed: seed) }
        if name == "order" {
            return order(samples: samples, vocabulary: Swift.max(classes, 4), length: length, seed: seed)
        }
        if name == "language" {
            return language(samples: samples, vocabulary: Swift.max(classes, 4), length: length, seed: seed)
        }
        if name == "padded" {
            return padded(samples: samples, vocabulary: Swift.max(classes, 4), length: length, seed: seed)
        }
        if name == "majority" {
            return majority(samples: samples, vocabulary: Swift.max(classes, 2), length: length, seed: seed)
        }
        var generator = RandomGenerator(seed: seed)
        let inputs = Tensor(shape: [samples, 2])
        let targets = Tensor(shape: [samples])
        let classCount: Int
        switch name {
        case "spirals":
            classCount = Swift.max(2, classes)
            for row in 0..<samples {
                let label = row % classCount
                let radius = Float(row / classCount) / Float(Swift.max(samples / classCount, 1))
                let angle =
                    Float(label) * 2 * .pi / Float(classCount) + radius * 4
                    + generator.nextNormal(standardDeviation: noise)
                inputs[row, 0] = radius * Foundation.cos(angle)
                inputs[row, 1] = radius * Foundation.sin(angle)
                targets[row] = Float(label)
            }
        case "moons":
            classCount = 2
            for row in 0..<samples {
                let label = row % 2
                let angle = Float.pi * generator.nextUnitFloat()
                inputs[row, 0] =
                    (label == 0 ? Foundation.cos(angle) : 1 - Foundation.cos(angle))
                    + generator.nextNormal(standardDeviation: noise)
                inputs[row, 1] =
                    (label == 0 ? Foundation.sin(angle) : 0.5 - Foundation.sin(angle))
                    + generator.nextNormal(standardDeviation: noise)
                targets[row] = Float(label)
            }
        case "blobs":
            classCount = Swift.max(2, classes)
            for row in 0..<samples {
                let label = row % classCount
                let angle = Float(label) * 2 * .pi / Float(classCount)
                inputs[row, 0] = 3 * Foundation.cos(angle) + generator.nextNormal(standardDeviation: 1 + noise)
                inputs[row, 1] = 3 * Foundation.sin(angle) + generator.nextNormal(standardDeviation: 1 + noise)
                targets[row] = Float(label)
            }
        case "xor":
            classCount = 2
            for row in 0..<samples {
                let x = generator.nextUniform(-1, 1)
                let y = generator.nextUniform(-1, 1)
                inputs[row, 0] = x + generator.nextNormal(standardDeviation: noise)
                inputs[row, 1] = y + generator.nextNormal(standardDeviation: noise)
                targets[row] = (x > 0) != (y > 0) ? 1 : 0
            }
        default:
            return nil
        }
        return Dataset(inputs: inputs, targets: targets, classNames: (0..<classCount).map { "class \($0)" })
    }

    /// The adding problem (Hochreiter and Schmidhuber, 1997): each step carries a random value
    /// in [0, 1) and a marker; exactly two steps are marked, one in each half, and the target
    /// is the sum of their values. Predicting the mean (1.0) scores an MSE of about 1/6; doing
    /// better needs a memory that reaches back to the first marker.
    public static func adding(samples: Int, length: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let steps = Swift.max(length, 2)
        let inputs = Tensor(shape: [samples, steps, 2])
        let targets = Tensor(shape: [samples, 1])
        for row in 0..<samples {
            let first = generator.nextIndex(below: Swift.max(steps / 2, 1))
            let second = steps / 2 + generator.nextIndex(below: Swift.max(steps - steps / 2, 1))
            var sum: Float = 0
            for t in 0..<steps {
                let value = generator.nextUnitFloat()
                inputs[(row * steps + t) * 2] = value
                if t == first || t == second {
                    inputs[(row * steps + t) * 2 + 1] = 1
                    sum += value
                }
            }
            targets[row] = sum
        }
        return Dataset(inputs: inputs, targets: targets)
    }

    /// Majority vote: a sequence of tokens (`classes` kinds), each step a one-hot token followed
    /// by a one-hot position, labelled with the token that occurs most often (ties broken
    /// towards the smaller index). An attention layer that spreads evenly over the sequence
    /// sees the counts and solves it; one whose softmax has saturated onto a single step sees
    /// one token and guesses.
    public static func majority(samples: Int, vocabulary: Int, length: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let steps = Swift.max(length, 2)
        let width = vocabulary + steps
        let inputs = Tensor(shape: [samples, steps, width])
        let targets = Tensor(shape: [samples])
        for row in 0..<samples {
            var counts = [Int](repeating: 0, count: vocabulary)
            for t in 0..<steps {
                let token = generator.nextIndex(below: vocabulary)
                counts[token] += 1
                inputs[(row * steps + t) * width + token] = 1
                inputs[(row * steps + t) * width + vocabulary + t] = 1
            }
            targets[row] = Float(counts.indices.max { (counts[$0], -$0) < (counts[$1], -$1) } ?? 0)
        }
        return Dataset(inputs: inputs, targets: targets, classNames: (0..<vocabulary).map { "token \($0)" })
    }

    /// A tiny language for next-token prediction: each sentence counts around a ring of
    /// `vocabulary` letters from a random letter with a random stride, `c f i l a d ...`
    /// (`x[t+1] = x[t] + s mod V`). Inputs are the first `length` letters, one-hot; targets
    /// are the same sentence one letter later (`N x T` letter indices). Only the first target
    /// is uncertain (the stride is unknown until the second letter): a model that reads only
    /// the letters before each target cannot go below `ln(V - 1) / T` nats per letter.
    public static func language(samples: Int, vocabulary: Int, length: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let steps = Swift.max(length, 2)
        let inputs = Tensor(shape: [samples, steps, vocabulary])
        let targets = Tensor(shape: [samples, steps])
        for row in 0..<samples {
            let start = generator.nextIndex(below: vocabulary)
            let stride = 1 + generator.nextIndex(below: vocabulary - 1)
            for t in 0...steps {
                let letter = (start + t * stride) % vocabulary
                if t < steps { inputs[(row * steps + t) * vocabulary + letter] = 1 }
                if t > 0 { targets[row * steps + t - 1] = Float(letter) }
            }
        }
        return Dataset(inputs: inputs, targets: targets, classNames: letterNames(vocabulary))
    }

    /// `a`, `b`, ... for a language's letters.
    public static func letterNames(_ count: Int) -> [String] {
        (0..<count).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }
    }

    /// Sequences of different lengths padded to `length` steps: each holds 2 to `length`
    /// one-hot tokens, then empty (all-zero) steps, as a batch of sentences is padded. Token 0
    /// ("A") and token 1 ("B") occur among fillers drawn from the other tokens, never equally
    /// often, and the label says whether A occurs more often than B. Read with the pads left
    /// out, the answer does not depend on how much padding a sequence carries.
    public static func padded(samples: Int, vocabulary: Int, length: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let steps = Swift.max(length, 3)
        let inputs = Tensor(shape: [samples, steps, vocabulary])
        let targets = Tensor(shape: [samples])
        for row in 0..<samples {
            let count = 2 + generator.nextIndex(below: steps - 1)
            var tokens: [Int] = []
            var balance = 0
            repeat {
                tokens = (0..<count).map { _ in generator.nextIndex(below: vocabulary) }
                balance = tokens.filter { $0 == 0 }.count - tokens.filter { $0 == 1 }.count
            } while balance == 0
            for (t, token) in tokens.enumerated() { inputs[(row * steps + t) * vocabulary + token] = 1 }
            targets[row] = balance > 0 ? 1 : 0
        }
        return Dataset(inputs: inputs, targets: targets, classNames: ["more B", "more A"])
    }

    /// Sequences of one-hot tokens with no position feature: token 0 ("A") and token 1 ("B")
    /// each occur once, at random places among fillers drawn from the other tokens, and the
    /// label says whether A comes before B. Both labels hold the same tokens, so a model that
    /// cannot tell positions apart (self-attention without positional information) sits at
    /// exactly 50%.
    public static func order(samples: Int, vocabulary: Int, length: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let steps = Swift.max(length, 2)
        let inputs = Tensor(shape: [samples, steps, vocabulary])
        let targets = Tensor(shape: [samples])
        for row in 0..<samples {
            let first = generator.nextIndex(below: steps)
            var second = generator.nextIndex(below: steps - 1)
            if second >= first { second += 1 }
            for t in 0..<steps {
                let token = t == first ? 0 : t == second ? 1 : 2 + generator.nextIndex(below: vocabulary - 2)
                inputs[(row * steps + t) * vocabulary + token] = 1
            }
            targets[row] = first < second ? 1 : 0
        }
        return Dataset(inputs: inputs, targets: targets, classNames: ["B before A", "A before B"])
    }
}
