import Foundation

/// The engine's seeded random source: SplitMix64 (Steele, Lea and Flood, 2014).
///
/// Every random choice in Converge (initial weights, data shuffles, dropout masks, synthetic
/// data) draws from one of these, so a scenario replays bit for bit from its seed.
/// SplitMix64 is tiny, passes BigCrush, and has published output to test against: seeded
/// with 0 its first output is `0xE220A8397B1DCDAF`.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose whole output is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniform in `[0, 1)`, from the top 24 bits (every value is exactly representable).
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A double uniform in `[0, 1)`, from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A float uniform in `[low, high)`.
    public mutating func nextUniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUnitFloat()
    }

    /// A normally distributed float, by the Box–Muller transform (one draw per call, no cache,
    /// so the stream depends only on how many values were asked for).
    public mutating func nextNormal(mean: Float = 0, standardDeviation: Float = 1) -> Float {
        let u1 = 1 - nextUnitDouble()  // in (0, 1]: log stays finite
        let u2 = nextUnitDouble()
        let standard = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
        return mean + standardDeviation * Float(standard)
    }

    /// An integer uniform in `0..<bound`, without modulo bias (Lemire's multiply-and-reject).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `values` in place (Fisher–Yates), using only this generator.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = nextIndex(below: index + 1)
            values.swapAt(index, other)
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    /// A generator for a separate purpose (say, dropout masks), derived from this one's stream
    /// so that drawing from it does not shift any other stream.
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: next())
    }
}
