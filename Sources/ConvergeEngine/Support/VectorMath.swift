/// Branch-free single-precision `exp` and `erf` that the compiler can vectorise, and the
/// short sums a row-wise layer needs.
///
/// The C library's `expf` and `erff` are accurate but scalar calls, one per value; in a
/// Transformer's GELU they took a third of a training step. These two are accurate to a few
/// units in the last place (`exp`) and to 5e-7 (`erf`), well inside what a float gradient
/// carries, and are checked against the C library over their whole range in the tests.
public enum VectorMath {
    /// `e^x`, flushed to 0 below -87.3 and capped at `e^88`: `x = n ln 2 + r` with `|r| ≤ ln 2 / 2`,
    /// `e^r` from a degree-7 polynomial (Cephes' `expf` coefficients), and `2^n` written
    /// straight into the exponent bits.
    @inline(__always) public static func exp(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -87.3), 88)
        // Adding and taking away 1.5 * 2^23 rounds to the nearest integer in plain arithmetic,
        // which vectorises where a call to `rint` would not.
        let n = (x * 1.442_695_04 + 12_582_912) - 12_582_912
        // ln 2 in two parts, so n ln 2 is subtracted without losing r's low bits.
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_150_0e-4
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let expR = p * r * r + r + 1
        // 2^23 + 127 + n holds the biased exponent n + 127 in its low mantissa bits; shifting
        // them into the exponent field gives 2^n with no float-to-integer conversion.
        let twoToTheN = Float(bitPattern: (n + 8_388_735).bitPattern << 23)
        return value < -87.3 ? 0 : expR * twoToTheN
    }

    /// The logistic function `1 / (1 + e^-x)` without a branch: with `e = e^-|x|`, which never
    /// overflows, it is `1 / (1 + e)` for `x ≥ 0` and `e / (1 + e)` below.
    @inline(__always) public static func logistic(_ x: Float) -> Float {
        let e = exp(-Swift.abs(x))
        let reciprocal = 1 / (1 + e)
        return x >= 0 ? reciprocal : e * reciprocal
    }

    /// `tanh x` to within a few units in the last place, both ways computed and one kept, so
    /// the loop still vectorises (Cephes' `tanhf`): near 0, where `1 - 2 / (e^2x + 1)` would
    /// cancel, the odd polynomial `x + x³ P(x²)`; elsewhere that formula, which reaches ±1
    /// as `e^2|x|` grows (`exp` caps it rather than overflowing).
    @inline(__always) public static func tanh(_ value: Float) -> Float {
        let x = Swift.abs(value)
        let z = value * value
        var p: Float = -5.704_988_727_45e-3
        p = p * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let near = p * z * value + value
        let far = 1 - 2 / (exp(2 * x) + 1)
        return x < 0.625 ? near : (value < 0 ? -far : far)
    }

    /// The error function to within 5e-7 everywhere (float precision is about 6e-8 near 1):
    /// `x P(x²) / Q(x²)` with `x` clamped to ±4, beyond which erf is ±1 in single precision.
    /// The coefficients are the minimax fit of degree 13 over 8 that Eigen's `erf` uses.
    @inline(__always) public static func erf(_ value: Float) -> Float {
        let x = Swift.min(Swift.max(value, -4), 4)
        let x2 = x * x
        var p: Float = -2.726_142_258_013_06e-10
        p = p * x2 + 2.770_681_424_959_02e-08
        p = p * x2 - 2.101_024_020_825_08e-06
        p = p * x2 - 5.692_506_394_623_46e-05
        p = p * x2 - 7.349_906_303_268_55e-04
        p = p * x2 - 2.954_599_808_540_25e-03
        p = p * x2 - 1.609_603_332_624_15e-02
        var q: Float = -1.456_607_184_649_96e-05
        q = q * x2 - 2.133_740_552_789_05e-04
        q = q * x2 - 1.682_826_974_382_03e-03
        q = q * x2 - 7.373_329_167_204_68e-03
        q = q * x2 - 1.426_473_905_141_89e-02
        return x * p / q
    }

    /// `Σ x[i]`, kept in eight interleaved partial sums that are added together at the end.
    ///
    /// A plain loop makes one chain of additions, each waiting for the last; the compiler may
    /// not reorder float sums to vectorise it. Eight chains (one `SIMD8`) let a LayerNorm row
    /// of 32 take four steps of latency instead of 32. The order is fixed, so the result is
    /// the same bits on every run.
    @inline(__always) public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            partial += load(x + index)
            index += 8
        }
        var total = partial.sum()
        while index < count {
            total += x[index]
            index += 1
        }
        return total
    }

    /// `Σ (x[i] - center)²`, in the same eight partial sums as `sum`: a variance's numerator.
    @inline(__always) public static func sumOfSquares(
        _ x: UnsafePointer<Float>, around center: Float, count: Int
    ) -> Float {
        var partial = SIMD8<Float>()
        let centers = SIMD8<Float>(repeating: center)
        var index = 0
        while index + 8 <= count {
            let deviation = load(x + index) - centers
            partial += deviation * deviation
            index += 8
        }
        var total = partial.sum()
        while index < count {
            total += (x[index] - center) * (x[index] - center)
            index += 1
        }
        return total
    }

    /// `Σ x[i] y[i]`, in the same eight partial sums as `sum`.
    @inline(__always) public static func dot(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int
    ) -> Float {
        var partial = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            partial += load(x + index) * load(y + index)
            index += 8
        }
        var total = partial.sum()
        while index < count {
            total += x[index] * y[index]
            index += 1
        }
        return total
    }

    @inline(__always) private static func load(_ address: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(address).loadUnaligned(as: SIMD8<Float>.self)
    }
}
