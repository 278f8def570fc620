import ConvergeEngine
import ConvergeScenarios
import ConvergeTestSupport
import Foundation
import XCTest

/// Images as the CNN scenarios use them: the generators keep their promises, the pipeline
/// gives a CNN images and an MLP rows, and the CNN knobs parse as a person types them.
final class ImageDataTests: XCTestCase {
    /// The `pairs` marks are far enough apart that no 5x5 window holds both, clear of the
    /// edges, and average to the grey, so every image's mean is exactly 128.
    func testPairsKeepTheirGeometry() throws {
        let size = 16
        let data = SyntheticImages.pairs(samples: 200, size: size, seed: 9)
        XCTAssertEqual(data.inputs.shape, [200, 1, size, size])
        for sample in 0..<data.count {
            let pixels = (0..<(size * size)).map { data.inputs[sample * size * size + $0] }
            XCTAssertEqual(pixels.reduce(0, +) / Float(size * size), 128, accuracy: 1e-4)
            let marked = pixels.indices.filter { pixels[$0] != 128 }.map { ($0 / size, $0 % size) }
            XCTAssertEqual(marked.count, 8, "two 2x2 marks")
            for (row, column) in marked {
                XCTAssertTrue((3...(size - 4)).contains(row) && (3...(size - 4)).contains(column), "clear of the edges")
            }
            let rows = Set(marked.map(\.0))
            let columns = Set(marked.map(\.1))
            let vertical = data.targets[sample] == 1
            // One above the other: the same two columns, rows at least six apart; side by side the reverse.
            let along = vertical ? rows.sorted() : columns.sorted()
            XCTAssertEqual((vertical ? columns : rows).count, 2)
            XCTAssertGreaterThanOrEqual(along[2] - along[1], 5, "four blank pixels between the marks")
        }
    }

    func testShapesArePixelValuesWithOneShapePerImage() {
        let data = SyntheticImages.shapes(samples: 40, classes: 4, noise: 10, size: 16, seed: 1)
        XCTAssertEqual(data.inputs.shape, [40, 1, 16, 16])
        XCTAssertEqual(data.classNames, SyntheticImages.shapeNames)
        XCTAssertTrue(data.inputs.scalars.allSatisfy { (0...255).contains($0) })
        XCTAssertGreaterThan(data.inputs.scalars.max() ?? 0, 160, "a bright shape")
        XCTAssertEqual(Set((0..<40).map { Int(data.targets[$0]) }), [0, 1, 2, 3])
    }

    /// A CNN reads the digits as 1x8x8 images, an MLP as 64 numbers; images are standardised
    /// per channel, rows per feature.
    func testThePipelineShapesImagesForEachModel() throws {
        let library = DataLibrary(folder: projectRoot.appendingPathComponent("Fixtures/datasets"))
        let digits = try library.dataset(.file(name: "digits"))
        XCTAssertEqual(digits.inputs.shape, [1797, 1, 8, 8])
        var setup = Setup()
        let rows = PreparedData(source: digits, setup: setup)
        XCTAssertEqual(rows.training.inputs.shape, [1438, 64])
        setup.architecture = .cnn
        let images = PreparedData(source: digits, setup: setup)
        XCTAssertEqual(images.training.inputs.shape, [1438, 1, 8, 8])
        // One mean and one deviation over every pixel: the channel has mean 0 and std 1 ...
        let values = images.training.inputs.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 1e-4)
        XCTAssertEqual(variance, 1, accuracy: 1e-3)
        // ... and an always-blank corner pixel stays the channel's lowest value, not 0.
        XCTAssertEqual(images.training.inputs[0], images.training.inputs.scalars.min() ?? 0, accuracy: 1e-5)
        XCTAssertEqual(rows.training.inputs[0], 0, "an MLP's per-feature standardisation centres the corner")
    }

    func testCNNKnobsParseAsTyped() throws {
        var setup = Setup()
        try Knob.named("channels")?.apply("16x3,32", to: &setup)
        XCTAssertEqual(setup.channels, [16, 16, 16, 32])
        XCTAssertEqual(Knob.named("channels")?.value(in: setup), "16x3,32")
        setup.channels = [8, 8, 16, 16]
        XCTAssertEqual(Knob.named("channels")?.value(in: setup), "8,8,16,16")
        for bad in ["", "16x", "x3", "0", "16x100", "300", "16,,32"] {
            XCTAssertThrowsError(try Knob.named("channels")?.apply(bad, to: &setup), bad)
        }
        XCTAssertThrowsError(try Knob.named("kernel")?.apply("4", to: &setup))
        try Knob.named("head")?.apply("global-average", to: &setup)
        XCTAssertEqual(setup.head, .globalAverage)
        try Knob.named("pooling")?.apply("average", to: &setup)
        XCTAssertEqual(setup.pooling, .average)
    }

    /// The model follows the knobs: residual pairs with a projection where widths change,
    /// pooling only while the image is at least 2x2, and the head's read-out width.
    func testTheCNNFollowsItsKnobs() {
        var setup = Setup()
        setup.architecture = .cnn
        setup.channels = [8, 16, 16]
        setup.residual = true
        setup.normalization = .batchnorm
        setup.head = .globalAverage
        let model = ModelFactory.makeModel(setup, exampleShape: [1, 8, 8], classCount: 10)
        let blocks = model.layers.compactMap { $0 as? Residual }
        XCTAssertEqual(blocks.count, 1)
        XCTAssertNotNil(blocks.first?.shortcut, "1 to 16 channels needs a projection")
        XCTAssertEqual(model.layers.filter { $0 is Pool2d }.count, 3, "8 -> 4 -> 2 -> 1, then no more")
        XCTAssertEqual((model.layers.last as? Linear)?.inputSize, 16)
        let output = model.forward(Tensor(shape: [2, 1, 8, 8], repeating: 0.5))
        XCTAssertEqual(output.shape, [2, 10])
    }
}
