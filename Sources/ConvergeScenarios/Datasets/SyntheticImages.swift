import ConvergeEngine

/// Seeded grey images (`N x 1 x size x size`) for the CNN scenarios, with pixel values from
/// 0 to 255 as an image file holds them.
public enum SyntheticImages {
    /// The generators by name, as scenario files spell them.
    public static let generators = ["shapes", "pairs"]

    /// Makes `samples` images of `size x size` pixels from the named generator, or nil for a
    /// name it does not know. `noise` is the standard deviation of the background, in pixel
    /// levels.
    public static func make(_ name: String, samples: Int, classes: Int, noise: Float, size: Int, seed: UInt64)
        -> Dataset?
    {
        switch name {
        case "shapes": return shapes(samples: samples, classes: classes, noise: noise, size: size, seed: seed)
        case "pairs": return pairs(samples: samples, size: size, seed: seed)
        default: return nil
        }
    }

    /// The shapes a `shapes` image may hold, one class each.
    public static let shapeNames = ["horizontal bar", "vertical bar", "square", "cross"]

    /// One bright shape (a bar, a square outline, a cross) at a random place on a dim, noisy
    /// background; the label is the kind of shape. Easy once the pixels are scaled: it tests
    /// the pipeline, not the model.
    public static func shapes(samples: Int, classes: Int, noise: Float, size: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let kinds = Swift.min(Swift.max(classes, 2), shapeNames.count)
        let size = Swift.max(size, 8)
        let inputs = Tensor(shape: [samples, 1, size, size])
        let targets = Tensor(shape: [samples])
        for sample in 0..<samples {
            let kind = sample % kinds
            let image = inputs.baseAddress + sample * size * size
            for pixel in 0..<(size * size) {
                image[pixel] = Swift.min(Swift.max(40 + generator.nextNormal(standardDeviation: noise), 0), 255)
            }
            let extent = 5 + generator.nextIndex(below: 2)
            let top = generator.nextIndex(below: size - extent + 1)
            let left = generator.nextIndex(below: size - extent + 1)
            let brightness = 170 + generator.nextUniform(0, 85)
            for u in 0..<extent {
                for v in 0..<extent {
                    let lit: Bool
                    switch kind {
                    case 0: lit = u == extent / 2
                    case 1: lit = v == extent / 2
                    case 2: lit = u == 0 || v == 0 || u == extent - 1 || v == extent - 1
                    default: lit = u == extent / 2 || v == extent / 2
                    }
                    if lit { image[(top + u) * size + left + v] = brightness }
                }
            }
            targets[sample] = Float(kind)
        }
        return Dataset(inputs: inputs, targets: targets, classNames: Array(shapeNames[..<kinds]))
    }

    /// Two identical 2x2 chequered marks (255 and 1 on the diagonals) on a grey image (128),
    /// far apart: side by side on one row (class 0) or one above the other in one column
    /// (class 1).
    ///
    /// What makes it a test of the receptive field: each mark alone looks the same in both
    /// classes, and the marks are at least six pixels apart (four blank pixels between them), so
    /// a unit that sees 5x5 pixels never sees both, and only a unit that sees both at once can
    /// tell the classes apart. They also stay three pixels clear of the edges. The marks average to the grey, so every
    /// image's mean is exactly 128 and standardising maps the background to exactly 0, the
    /// value of the zero padding: no unit can learn where the border is either.
    public static func pairs(samples: Int, size: Int, seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        let size = Swift.max(size, 14)
        let inputs = Tensor(shape: [samples, 1, size, size], repeating: 128)
        let targets = Tensor(shape: [samples])
        // A mark's top-left corner lies in margin..<limit: its pixels stay three clear of every
        // edge, so no unit of a two-layer 3x3 stack sees both a mark and the zero padding
        // (whose second layer reads differently from the first layer's output on grey).
        let margin = 3
        let limit = size - margin - 1
        let gap = 6
        for sample in 0..<samples {
            let vertical = sample % 2 == 1
            let image = inputs.baseAddress + sample * size * size
            let across = margin + generator.nextIndex(below: limit - margin)
            let first = margin + generator.nextIndex(below: limit - margin - gap)
            let second = first + gap + generator.nextIndex(below: limit - gap - first)
            for along in [first, second] {
                let (row, column) = vertical ? (along, across) : (across, along)
                for (u, v, level) in [(0, 0, 255), (0, 1, 1), (1, 0, 1), (1, 1, 255)] as [(Int, Int, Float)] {
                    image[(row + u) * size + column + v] = level
                }
            }
            targets[sample] = vertical ? 1 : 0
        }
        return Dataset(inputs: inputs, targets: targets, classNames: ["side by side", "one above the other"])
    }
}
