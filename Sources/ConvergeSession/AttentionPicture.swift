import ConvergeEngine
import Foundation

/// The self-attention picture for `[The] [cat] [sat] [on] [the] [mat]`, with weights computed
/// by the engine: a one-layer causal attention model trained on a toy task where each token
/// must point at the previous occurrence of the same word (or at itself when there is none).
/// Trained, its map shows "the" looking back at "The".
public struct AttentionPicture {
    public static let sentence = ["The", "cat", "sat", "on", "the", "mat"]
    static let vocabulary = ["the", "cat", "sat", "on", "mat"]
    static let modelDimension = 16, keyDimension = 8

    /// The attention weights over the sentence, row `i` for query `i`.
    public let weights: [[Float]]
    /// The same trained weights with the `1/√d_k` scale removed.
    public let unscaledWeights: [[Float]]
    /// Accuracy on fresh toy sequences after training.
    public let accuracy: Float
    public let steps: Int
    public let seed: UInt64

    /// Trains the model (a fraction of a second) and reads its attention over the sentence.
    public init(seed: UInt64 = 1, steps: Int = 1500) {
        self.seed = seed
        self.steps = steps
        var generator = RandomGenerator(seed: seed)
        let width = AttentionPicture.vocabulary.count + AttentionPicture.sentence.count
        let attention = SelfAttention(
            modelDimension: AttentionPicture.modelDimension, keyDimension: AttentionPicture.keyDimension,
            scaled: true, causal: true, generator: &generator)
        // The first layer embeds token and position together.
        let model = Sequential([
            Linear(inputSize: width, outputSize: AttentionPicture.modelDimension, generator: &generator),
            attention,
            Linear(
                inputSize: AttentionPicture.modelDimension, outputSize: AttentionPicture.sentence.count,
                generator: &generator),
        ])
        let loss = CrossEntropy()
        let optimizer = Adam(parameters: model.parameters, learningRate: 0.01)
        let trainer = Trainer(model: model, loss: loss, optimizer: optimizer)
        var dataGenerator = generator.split()
        for _ in 0..<steps {
            let (inputs, targets) = AttentionPicture.batch(64, generator: &dataGenerator)
            trainer.step(inputs: inputs, targets: targets)
        }
        let (testInputs, testTargets) = AttentionPicture.batch(512, generator: &dataGenerator)
        model.setMode(.evaluation)
        let output = model.forward(testInputs)
        accuracy =
            Float(zip(output.argmaxPerRow(), testTargets.scalars).filter { $0 == Int($1) }.count)
            / Float(testTargets.count)

        let tokens = AttentionPicture.sentence.map { word in
            AttentionPicture.vocabulary.firstIndex(of: word.lowercased()) ?? 0
        }
        let sentence = AttentionPicture.encode([tokens])
        _ = model.forward(sentence)
        weights = AttentionHeatMap.matrix(attention.attention, example: 0)
        attention.isScaled = false
        _ = model.forward(sentence)
        unscaledWeights = AttentionHeatMap.matrix(attention.attention, example: 0)
    }

    /// Random toy sequences and, for each position, the position of the previous occurrence
    /// of its word (itself when there is none).
    static func batch(_ size: Int, generator: inout RandomGenerator) -> (Tensor, Tensor) {
        let length = sentence.count
        let sequences = (0..<size).map { _ in (0..<length).map { _ in generator.nextIndex(below: vocabulary.count) } }
        let targets = Tensor(shape: [size * length])
        for (row, tokens) in sequences.enumerated() {
            for t in 0..<length {
                let previous = (0..<t).last { tokens[$0] == tokens[t] } ?? t
                targets[row * length + t] = Float(previous)
            }
        }
        return (encode(sequences), targets)
    }

    /// One-hot word followed by one-hot position, `B x T x (V + T)`.
    static func encode(_ sequences: [[Int]]) -> Tensor {
        let length = sentence.count
        let width = vocabulary.count + length
        let inputs = Tensor(shape: [sequences.count, length, width])
        for (row, tokens) in sequences.enumerated() {
            for (t, token) in tokens.enumerated() {
                inputs[(row * length + t) * width + token] = 1
                inputs[(row * length + t) * width + vocabulary.count + t] = 1
            }
        }
        return inputs
    }

    /// Mean row entropy in nats.
    public static func entropy(_ matrix: [[Float]]) -> Float {
        let total = matrix.reduce(Float(0)) { sum, row in
            sum - row.filter { $0 > 0 }.reduce(0) { $0 + $1 * Foundation.log($1) }
        }
        return total / Float(Swift.max(matrix.count, 1))
    }

    /// The strongest link of each row, read as a sentence.
    func reading(_ matrix: [[Float]]) -> String {
        let words = AttentionPicture.sentence
        var lookBacks: [String] = []
        var selfLinks = 0
        for (row, values) in matrix.enumerated() {
            let strongest = values.indices.max { values[$0] < values[$1] } ?? row
            if strongest == row {
                selfLinks += 1
            } else {
                lookBacks.append(
                    "\"\(words[row])\" (\(row)) looks back at \"\(words[strongest])\" (\(strongest)) with weight \(String(format: "%.2f", values[strongest]))"
                )
            }
        }
        let rest = "the other \(selfLinks) words attend mostly to themselves"
        return (lookBacks.isEmpty ? "" : lookBacks.joined(separator: "; ") + "; ") + rest
    }

    /// The diagram: the computation, the heat map, and the reading of its strongest links.
    public func rendered(style: TextStyle, unscaled: Bool) -> String {
        let matrix = unscaled ? unscaledWeights : weights
        let labels = AttentionPicture.sentence.enumerated().map { "\($1)" }
        var lines = [
            AttentionPicture.sentence.map { "[\($0)]" }.joined(separator: " "),
            "",
            "  X = token embedding + position embedding       (6 x \(AttentionPicture.modelDimension))",
            "  Q = X W_Q,  K = X W_K,  V = X W_V              (6 x \(AttentionPicture.keyDimension) each)",
            unscaled
                ? "  A = softmax(Q Kᵀ) with the scale removed, causal mask   (6 x 6)"
                : "  A = softmax(Q Kᵀ / √\(AttentionPicture.keyDimension)), causal mask: a word sees itself and the words before it   (6 x 6)",
            "  output = A V",
            "",
            AttentionHeatMap(weights: matrix, labels: labels, style: style).text,
            "",
            "reading: " + reading(matrix),
            String(format: "mean attention entropy %.2f nats", AttentionPicture.entropy(matrix))
                + (unscaled
                    ? String(
                        format: " (%.2f with the scale: without it the map is sharper)",
                        AttentionPicture.entropy(weights)) : ""),
            "model: trained \(steps) steps (seed \(seed)) on a toy task, point at the previous occurrence of the same word; accuracy "
                + String(format: "%.1f%%", accuracy * 100) + " on fresh sequences",
        ]
        if !unscaled { lines.append("`--unscaled` shows the same weights without the 1/√d_k scale.") }
        return lines.joined(separator: "\n")
    }
}
