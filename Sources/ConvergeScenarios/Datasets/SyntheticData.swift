import ConvergeEngine
import Foundation

/// Seeded two-dimensional classification sets, for scenarios that want a picture-sized
/// problem instead of a real data set.
public enum SyntheticData {
    /// The generators by name, as scenario files spell them.
    public static let generators = ["spirals", "moons", "blobs", "xor"]

    /// Makes `samples` rows of the named set, `classes` classes where the set allows it.
    public static func make(_ name: String, samples: Int, classes: Int, noise: Float, seed: UInt64) -> Dataset? {
        var generator = RandomGenerator(seed: seed)
        let inputs = Tensor(shape: [samples, 2]), targets = Tensor(shape: [samples])
        let classCount: Int
        switch name {
        case "spirals":
            classCount = Swift.max(2, classes)
            for row in 0..<samples {
                let label = row % classCount
                let radius = Float(row / classCount) / Float(Swift.max(samples / classCount, 1))
                let angle = Float(label) * 2 * .pi / Float(classCount) + radius * 4 + generator.nextNormal(standardDeviation: noise)
                inputs[row, 0] = radius * Foundation.cos(angle)
                inputs[row, 1] = radius * Foundation.sin(angle)
                targets[row] = Float(label)
            }
        case "moons":
            classCount = 2
            for row in 0..<samples {
                let label = row % 2
                let angle = Float.pi * generator.nextUnitFloat()
                inputs[row, 0] = (label == 0 ? Foundation.cos(angle) : 1 - Foundation.cos(angle)) + generator.nextNormal(standardDeviation: noise)
                inputs[row, 1] = (label == 0 ? Foundation.sin(angle) : 0.5 - Foundation.sin(angle)) + generator.nextNormal(standardDeviation: noise)
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
                let x = generator.nextUniform(-1, 1), y = generator.nextUniform(-1, 1)
                inputs[row, 0] = x + generator.nextNormal(standardDeviation: noise)
                inputs[row, 1] = y + generator.nextNormal(standardDeviation: noise)
                targets[row] = (x > 0) != (y > 0) ? 1 : 0
            }
        default:
            return nil
        }
        return Dataset(inputs: inputs, targets: targets, classNames: (0..<classCount).map { "class \($0)" })
    }
}
