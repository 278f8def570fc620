import ConvergeEngine
import ConvergeTestSupport
import XCTest

/// The Transformer layers against central finite differences, masks included, and the
/// properties that make them what they are: positions tell orders apart, a causal mask hides
/// the future, a padding mask hides pads.
final class TransformerGradientTests: XCTestCase {
    let checker = GradientChecker()

    func attention(causal: Bool = false, seed: UInt64 = 5) -> MultiHeadAttention {
        var generator = RandomGenerator(seed: seed)
        let layer = MultiHeadAttention(modelDimension: 6, headCount: 2, causal: causal, generator: &generator)
        // Non-zero biases, so their gradients are checked too.
        for bias in [layer.queryBias, layer.keyBias, layer.valueBias, layer.outputBias] {
            bias.value.assign(Tensor.random(shape: [6], seed: seed + 1, scale: 0.3))
        }
        return layer
    }

    func testMultiHeadAttentionPlainCausalAndPadded() {
        checker.checkLayer(attention(), input: checker.input([2, 4, 6]))
        checker.checkLayer(attention(causal: true), input: checker.input([2, 4, 6]))
        let padded = attention(causal: true)
        let mask = KeyPaddingMask()
        mask.set([false, false, false, true, false, false, true, true], steps: 4)
        padded.keyPadding = mask
        checker.checkLayer(padded, input: checker.input([2, 4, 6]))
    }

    /// A diverged model must look diverged: a NaN in a sequence reaches that sequence's
    /// output instead of being zeroed as "no key to attend to", and the other sequence stays finite.
    func testANaNInASequenceReachesItsOutput() {
        for causal in [false, true] {
            let input = checker.input([2, 4, 6])
            input[1 * 24 + 0 * 6 + 2] = .nan  // sequence 1, step 0
            let output = attention(causal: causal).forward(input)
            let first = (0..<24).map { output[$0] }
            let second = (24..<48).map { output[$0] }
            XCTAssertTrue(first.allSatisfy(\.isFinite), "causal \(causal)")
            XCTAssertTrue(second.allSatisfy(\.isNaN), "causal \(causal)")
        }
    }

    func testThePaddingMaskReadsThePadsOfTokenIds() {
        let mask = KeyPaddingMask()
        mask.update(tokens: Tensor(shape: [2, 3], scalars: [4, 0, 0, 7, 8, 0]), paddingToken: 0)
        XCTAssertEqual(mask.padded, [false, true, true, false, false, true])
        XCTAssertTrue(mask.isPadded(example: 1, step: 2))
        XCTAssertFalse(mask.isPadded(example: 1, step: 0))
    }

    func testTheMaskReaderMarksEmptyStepsAndTheMeanLeavesThemOut() {
        let mask = KeyPaddingMask()
        let reader = PaddingMaskReader(mask: mask)
        // Two sequences of 3 steps, 2 features: the second has one token, then two empty steps.
        let input = Tensor(shape: [2, 3, 2], scalars: [1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0])
        XCTAssertTrue(reader.forward(input) === input)
        XCTAssertEqual(mask.padded, [false, false, false, false, true, true])
        XCTAssertTrue(mask.hasPadding)
        let pool = MeanPool(keyPadding: mask)
        let values = checker.input([2, 3, 2])
        let pooled = pool.forward(values)
        XCTAssertEqual(pooled[2], values[6], accuracy: 1e-6, "one real step: the mean is that step")
        XCTAssertEqual(pooled[0], (values[0] + values[2] + values[4]) / 3, accuracy: 1e-6)
        checker.checkLayer(pool, input: values)
    }

    func testWithTheMaskExtraPaddingChangesNothingAndWithoutItItDoes() {
        func pooledAttention(steps: Int, masked: Bool) -> [Float] {
            let mask = KeyPaddingMask()
            let layer = attention()
            // Three tokens of width 6, then empty steps up to `steps`.
            let input = Tensor(shape: [1, steps, 6])
            let tokens = checker.input([1, 3, 6])
            for index in 0..<tokens.count { input[index] = tokens[index] }
            if masked {
                mask.update(emptyStepsOf: input)
                layer.keyPadding = mask
            }
            let output = layer.forward(input)
            return MeanPool(keyPadding: masked ? mask : nil).forward(output).scalars
        }
        for (short, long) in zip(pooledAttention(steps: 4, masked: true), pooledAttention(steps: 9, masked: true)) {
            XCTAssertEqual(short, long, accuracy: 1e-5)
        }
        let unmaskedShort = pooledAttention(steps: 4, masked: false)
        let unmaskedLong = pooledAttention(steps: 9, masked: false)
        XCTAssertGreaterThan(zip(unmaskedShort, unmaskedLong).map { abs($0 - $1) }.max() ?? 0, 1e-3)
    }

    func testMasksHideWhatTheyShould() {
        let layer = attention(causal: true)
        let mask = KeyPaddingMask()
        mask.set([false, false, true, true], steps: 4)
        layer.keyPadding = mask
        _ = layer.forward(checker.input([1, 4, 6]))
        let a = layer.attention
        XCTAssertEqual(a.shape, [1, 2, 4, 4])
        for head in 0..<2 {
            for query in 0..<4 {
                let row = (0..<4).map { a[(head * 4 + query) * 4 + $0] }
                XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5)
                for key in 0..<4 where key > query || key >= 2 {
                    XCTAssertEqual(row[key], 0, "head \(head) query \(query)")
                }
            }
        }
        // Without positions, self-attention is permutation-equivariant: reversing the order
        // of the steps reverses the output rows and changes nothing else.
        let plain = attention()
        let forward = plain.forward(checker.input([1, 3, 6])).copy()
        let reversedInput = Tensor(shape: [1, 3, 6])
        let original = checker.input([1, 3, 6])
        for t in 0..<3 { for i in 0..<6 { reversedInput[t * 6 + i] = original[(2 - t) * 6 + i] } }
        let backward = plain.forward(reversedInput)
        for t in 0..<3 {
            for i in 0..<6 { XCTAssertEqual(backward[t * 6 + i], forward[(2 - t) * 6 + i], accuracy: 1e-5) }
        }
    }

    func testPositions() {
        var generator = RandomGenerator(seed: 2)
        let learned = PositionalEmbedding(maximumLength: 5, dimension: 4, generator: &generator)
        checker.checkLayer(learned, input: checker.input([2, 3, 4]))
        XCTAssertEqual(learned.weight.gradient.scalars[(3 * 4)...].allSatisfy { $0 == 0 }, true, "unused positions")
        let fixed = SinusoidalPositions(dimension: 4)
        checker.checkLayer(fixed, input: checker.input([2, 3, 4]))
        let zeros = fixed.forward(Tensor(shape: [1, 2, 4]))
        // t = 0: sin 0, cos 0 in every pair; t = 1: sin 1, cos 1, then 1/100 for the second pair.
        XCTAssertEqual(Array(zeros.scalars[0..<4]), [0, 1, 0, 1])
        XCTAssertEqual(zeros[4], Float(sin(1.0)), accuracy: 1e-6)
        XCTAssertEqual(zeros[5], Float(cos(1.0)), accuracy: 1e-6)
        XCTAssertEqual(zeros[6], Float(sin(0.01)), accuracy: 1e-6)
    }

    func testTransformerBlocksPreAndPostNorm() {
        for normFirst in [true, false] {
            var generator = RandomGenerator(seed: normFirst ? 3 : 4)
            let block = TransformerBlock(
                modelDimension: 6, headCount: 3, feedForwardDimension: 8, normFirst: normFirst, causal: !normFirst,
                generator: &generator)
            checker.checkLayer(block, input: checker.input([2, 3, 6]))
        }
        var generator = RandomGenerator(seed: 1)
        let model = Sequential([
            TransformerBlock(
                modelDimension: 4, headCount: 2, feedForwardDimension: 8, normFirst: true, generator: &generator)
        ])
        XCTAssertEqual(
            model.namedParameters.map(\.key).prefix(4),
            ["layers.0.ln1.weight", "layers.0.ln1.bias", "layers.0.attn.w_q", "layers.0.attn.w_k"])
        XCTAssertEqual(model.namedParameters.last?.key, "layers.0.ff2.bias")
    }
}
