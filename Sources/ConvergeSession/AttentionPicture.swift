import ConvergeEngine
import ConvergeSupport
import Foundation

/// The self-attention picture for `[The] [cat] [sat] [on] [the] [mat]`, every number computed
/// by the engine: a small Transformer (token and learned position embeddings, one pre-LN
/// block of two causal heads, an exact-GELU MLP) trained on a toy task that gives each head a
/// job. For every word it must name two things at once: where the same word last occurred
/// (itself when it has not) and which word came just before it (itself at the start). What
/// each head learned is measured on fresh sequences, not assumed.
public struct AttentionPicture {
    public static let sentence = ["The", "cat", "sat", "on", "the", "mat"]
    static let vocabulary = ["the", "cat", "sat", "on", "mat"]
    static let modelDimension = 16, headCount = 2, feedForwardDimension = 32
    static var keyDimension: Int { modelDimension / headCount }

    /// What a head can turn out to do, measured by where its strongest link points.
    public enum Role: String, CaseIterable, Sendable {
        case previousOccurrence = "the previous occurrence of the same word"
        case previousPosition = "the word just before"
    }

    /// Each head's attention over the sentence, `[head][query][key]`.
    public let weights: [[[Float]]]
    /// The same trained weights with the `1/√d_k` scale removed.
    public let unscaledWeights: [[[Float]]]
    /// For each head and role, the share of queries on fresh sequences whose strongest link
    /// is where the role points (queries where the two roles point at the same key are left out).
    public let roleShares: [[Role: Float]]
    /// Accuracy on fresh toy sequences after training (both answers right).
    public let accuracy: Float
    public let steps: Int
    public let seed: UInt64

    /// Trains the model (about a second) and reads its attention over the sentence.
    public init(seed: UInt64 = 1, steps: Int = 1500) {
        self.seed = seed
        self.steps = steps
        var generator = RandomGenerator(seed: seed)
        let length = AttentionPicture.sentence.count
        let block = TransformerBlock(
            modelDimension: AttentionPicture.modelDimension, headCount: AttentionPicture.headCount,
            feedForwardDimension: AttentionPicture.feedForwardDimension, normFirst: true, causal: true,
            generator: &generator)
        let model = Sequential([
            Linear(
                inputSize: AttentionPicture.vocabulary.count, outputSize: AttentionPicture.modelDimension,
                generator: &generator),
            PositionalEmbedding(
                maximumLength: length, dimension: AttentionPicture.modelDimension, generator: &generator),
            block,
            LayerNorm(dimension: AttentionPicture.modelDimension),
            Linear(
                inputSize: AttentionPicture.modelDimension, outputSize: AttentionPicture.answerCount,
                generator: &generator),
        ])
        let trainer = Trainer(
            model: model, loss: CrossEntropy(), optimizer: Adam(parameters: model.parameters, learningRate: 0.01))
        var dataGenerator = generator.split()
        for _ in 0..<steps {
            let (inputs, targets, _) = AttentionPicture.batch(64, generator: &dataGenerator)
            trainer.step(inputs: inputs, targets: targets)
        }
        let (testInputs, testTargets, testWords) = AttentionPicture.batch(512, generator: &dataGenerator)
        model.setMode(.evaluation)
        let output = model.forward(testInputs)
        accuracy =
            Float(zip(output.argmaxPerRow(), testTargets.scalars).filter { $0 == Int($1) }.count)
            / Float(testTargets.count)
        let attention = block.attention.attention
        roleShares = (0..<AttentionPicture.headCount).map { head in
            AttentionPicture.measureRoles(attention, head: head, words: testWords)
        }

        let words = AttentionPicture.sentence.map { AttentionPicture.vocabulary.firstIndex(of: $0.lowercased()) ?? 0 }
        let sentence = AttentionPicture.encode([words])
        func maps() -> [[[Float]]] {
            _ = model.forward(sentence)
            return (0..<AttentionPicture.headCount).map {
                AttentionHeatMap.matrix(block.attention.attention, example: 0, head: $0)
            }
        }
        weights = maps()
        block.attention.isScaled = false
        unscaledWeights = maps()
        block.attention.isScaled = true
    }

    /// Answers per position: (position of the previous occurrence) x (word just before).
    static var answerCount: Int { sentence.count * vocabulary.count }

    /// Where the same word last occurred before `t` (`t` itself when it has not).
    static func previousOccurrence(_ words: [Int], _ t: Int) -> Int {
        (0..<t).last { words[$0] == words[t] } ?? t
    }

    /// Random toy sequences, their one-hot words, and for each position the answer
    /// `previous occurrence x V + word just before` (the word itself at the start).
    static func batch(_ size: Int, generator: inout RandomGenerator) -> (Tensor, Tensor, [[Int]]) {
        let length = sentence.count
        let sequences = (0..<size).map { _ in (0..<length).map { _ in generator.nextIndex(below: vocabulary.count) } }
        let targets = Tensor(shape: [size, length])
        for (row, words) in sequences.enumerated() {
            for t in 0..<length {
                let before = words[Swift.max(t - 1, 0)]
                targets[row * length + t] = Float(previousOccurrence(words, t) * vocabulary.count + before)
            }
        }
        return (encode(sequences), targets, sequences)
    }

    /// One-hot words, `B x T x V`; positions come from the model's own embedding.
    static func encode(_ sequences: [[Int]]) -> Tensor {
        let length = sentence.count
        let width = vocabulary.count
        let inputs = Tensor(shape: [sequences.count, length, width])
        for (row, words) in sequences.enumerated() {
            for (t, word) in words.enumerated() { inputs[(row * length + t) * width + word] = 1 }
        }
        return inputs
    }

    /// How often head `head`'s strongest link lands where each role points.
    static func measureRoles(_ attention: Tensor, head: Int, words: [[Int]]) -> [Role: Float] {
        var hits: [Role: Int] = [:]
        var counted = 0
        for (example, sequence) in words.enumerated() {
            let map = AttentionHeatMap.matrix(attention, example: example, head: head)
            for t in 1..<sequence.count {
                let occurrence = previousOccurrence(sequence, t)
                guard occurrence != t - 1 else { continue }
                counted += 1
                let strongest = map[t].indices.max { map[t][$0] < map[t][$1] } ?? t
                if strongest == occurrence { hits[.previousOccurrence, default: 0] += 1 }
                if strongest == t - 1 { hits[.previousPosition, default: 0] += 1 }
            }
        }
        return Dictionary(
            uniqueKeysWithValues: Role.allCases.map { ($0, Float(hits[$0] ?? 0) / Float(Swift.max(counted, 1))) })
    }

    /// One line per head: the role its strongest links follow most often, with both shares.
    public var headReadings: [String] {
        roleShares.enumerated().map { head, shares in
            let role = Role.allCases.max { (shares[$0] ?? 0) < (shares[$1] ?? 0) } ?? .previousPosition
            let other = Role.allCases.first { $0 != role } ?? .previousOccurrence
            return "head \(head + 1) looks at \(role.rawValue): its strongest link is there for "
                + Format.percent(shares[role] ?? 0) + " of words in fresh sequences (at \(other.rawValue): "
                + Format.percent(shares[other] ?? 0) + ")"
        }
    }

    /// Mean row entropy in nats.
    public static func entropy(_ matrix: [[Float]]) -> Float {
        let total = matrix.reduce(Float(0)) { sum, row in
            sum - row.filter { $0 > 0 }.reduce(0) { $0 + $1 * Foundation.log($1) }
        }
        return total / Float(Swift.max(matrix.count, 1))
    }

    /// The diagram: the computation with its shapes, each head's map with its weights, and
    /// what each head was measured to do, fitted to `width` columns.
    public func rendered(style: TextStyle, unscaled: Bool, width: Int = 80) -> String {
        let maps = unscaled ? unscaledWeights : weights
        let (d, dk, h) = (AttentionPicture.modelDimension, AttentionPicture.keyDimension, AttentionPicture.headCount)
        var lines = [
            AttentionPicture.sentence.map { "[\($0)]" }.joined(separator: " "),
            "",
            "  X = token embedding + position embedding      (6 x \(d))",
            "  Q = X W_Q,  K = X W_K,  V = X W_V             (6 x \(d) each; \(h) heads of d_k = \(dk) columns)",
            unscaled
                ? "  A = softmax(Q Kᵀ) per head, the scale removed (6 x 6)"
                : "  A = softmax(Q Kᵀ / √\(dk)) per head            (6 x 6; causal: a word sees itself and earlier words)",
            "  output = A V, the heads side by side, then W_O (6 x \(d))",
        ]
        for (head, matrix) in maps.enumerated() {
            lines += [
                "",
                "head \(head + 1)"
                    + String(format: ", mean entropy %.2f nats", AttentionPicture.entropy(matrix))
                    + (unscaled
                        ? String(format: " (%.2f with the scale)", AttentionPicture.entropy(weights[head])) : ""),
                AttentionHeatMap(weights: matrix, labels: AttentionPicture.sentence, style: style, showsValues: true)
                    .text,
            ]
        }
        lines.append("")
        lines += headReadings
        lines.append(
            "model: one pre-LN block, trained \(steps) steps (seed \(seed)) to name, for each word, where it last "
                + "occurred and the word before it; " + Format.percent(accuracy) + " right on fresh sequences")
        lines.append(
            unscaled
                ? "without 1/√d_k the same scores are √\(dk) times larger, and each row's softmax is sharper"
                : "`--unscaled` shows the same weights without the 1/√d_k scale.")
        return TextWrapping.wrapProse(lines.joined(separator: "\n"), width: width)
    }
}
