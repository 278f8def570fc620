import ConvergeEngine
import ConvergeTestSupport
import XCTest

final class RandomGeneratorTests: XCTestCase {
    func testMatchesPublishedSplitMix64Output() {
        var zero = RandomGenerator(seed: 0)
        XCTAssertEqual(zero.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(zero.next(), 0x6E78_9E6A_A1B9_65F4)
        var reference = RandomGenerator(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        XCTAssertEqual((0..<5).map { _ in reference.next() }, expected)
    }

    func testSameSeedSameStreamDifferentSeedDifferentStream() {
        var a = RandomGenerator(seed: 42)
        var b = RandomGenerator(seed: 42)
        var c = RandomGenerator(seed: 43)
        let first = (0..<100).map { _ in a.nextNormal() }
        XCTAssertEqual(first, (0..<100).map { _ in b.nextNormal() })
        XCTAssertNotEqual(first, (0..<100).map { _ in c.nextNormal() })
    }

    func testDistributions() {
        var generator = RandomGenerator(seed: 5)
        let normals = (0..<20_000).map { _ in Double(generator.nextNormal(mean: 2, standardDeviation: 3)) }
        let mean = normals.reduce(0, +) / Double(normals.count)
        let deviation = (normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(normals.count)).squareRoot()
        XCTAssertEqual(mean, 2, accuracy: 0.1)
        XCTAssertEqual(deviation, 3, accuracy: 0.1)
        let uniforms = (0..<20_000).map { _ in generator.nextUniform(-1, 3) }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= -1 && $0 < 3 })
        XCTAssertEqual(Double(uniforms.reduce(0, +)) / 20_000, 1, accuracy: 0.05)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[generator.nextIndex(below: 7)] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }

    func testPermutationIsAPermutation() {
        var generator = RandomGenerator(seed: 9)
        let order = generator.permutation(100)
        XCTAssertEqual(order.sorted(), Array(0..<100))
        XCTAssertNotEqual(order, Array(0..<100))
    }
}
