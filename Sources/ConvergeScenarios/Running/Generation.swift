import ConvergeEngine

/// Greedy text from a next-token model, one letter at a time: the model reads a prompt, its
/// most likely next letter is appended, and it reads the longer sentence again, exactly as
/// it will be used. A model that learnt to copy the answer from its input (no causal mask)
/// scores well in training and writes garbage here, because at generation the next letter
/// is not in the input yet.
public struct Generation {
    /// The prompts, one per sentence.
    public var prompts: [[Int]]
    /// What the model wrote after each prompt.
    public var continuations: [[Int]]
    /// What each sentence really continues with.
    public var expected: [[Int]]

    /// Share of written letters that match the sentence's own continuation. The language
    /// the scenarios use is determined by its first two letters, so there is one right answer.
    public var accuracy: Float {
        let pairs = zip(continuations, expected).flatMap { zip($0, $1) }
        return pairs.isEmpty ? 0 : Float(pairs.filter { $0 == $1 }.count) / Float(pairs.count)
    }

    /// Continues the first `count` sentences of `sentences` (one-hot letters in, next letters
    /// as targets) from their first `promptLength` letters, up to the sentences' length.
    public static func greedy(model: Sequential, sentences: Dataset, promptLength: Int, count: Int) -> Generation {
        let (rows, steps, vocabulary) = (
            Swift.min(count, sentences.count), sentences.inputs.shape[1], sentences.inputs.shape[2]
        )
        let promptLength = Swift.min(Swift.max(promptLength, 1), steps)
        var letters: [[Int]] = (0..<rows).map { row in
            (0..<promptLength).map { t in
                let start = sentences.inputs.baseAddress + (row * steps + t) * vocabulary
                return (0..<vocabulary).max { start[$0] < start[$1] } ?? 0
            }
        }
        let prompts = letters
        let expected = (0..<rows).map { row in
            ((promptLength - 1)..<steps).map { Int(sentences.targets[row * steps + $0]) }
        }
        let mode = model.mode
        model.setMode(.evaluation)
        defer { model.setMode(mode) }
        let input = Tensor()
        for length in promptLength...steps {
            input.reshape([rows, length, vocabulary])
            input.fill(0)
            for row in 0..<rows {
                for (t, letter) in letters[row].enumerated() { input[(row * length + t) * vocabulary + letter] = 1 }
            }
            let logits = model.forward(input)
            for row in 0..<rows {
                let last = logits.baseAddress + ((row * length) + length - 1) * vocabulary
                letters[row].append((0..<vocabulary).max { last[$0] < last[$1] } ?? 0)
            }
        }
        return Generation(
            prompts: prompts, continuations: letters.map { Array($0[promptLength...]) }, expected: expected)
    }
}
