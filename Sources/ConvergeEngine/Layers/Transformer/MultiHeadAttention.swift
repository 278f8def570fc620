import Foundation

/// Multi-head self-attention with biases, batch-first, as
/// `torch.nn.MultiheadAttention(d, h, bias=True, batch_first=True)`:
/// `Q = X W_qᵀ + b_q`, `K = X W_kᵀ + b_k`, `V = X W_vᵀ + b_v` (`B x T x d`). Head `k` takes
/// columns `k·dh ..< (k+1)·dh` of each, with `dh = d / h`:
/// `A_k = softmax(Q_k K_kᵀ / √dh)` over the keys a query may see, `O_k = A_k V_k`; the heads
/// sit side by side in `O`, and `Y = O W_oᵀ + b_o`.
///
/// A query may not see a later key when the layer is causal (a language model must not read
/// the word it predicts), nor a key the padding mask marks (a pad is not a word). A query
/// that may see no key at all gets zero attention rather than PyTorch's NaN.
public final class MultiHeadAttention: Layer {
    public let kind = "multi_head_attention"
    public let modelDimension: Int
    public let headCount: Int
    public var headDimension: Int { modelDimension / headCount }
    /// Hide later keys from each query.
    public var isCausal: Bool
    /// Divide the scores by `√dh` (true in every real model; the attention picture turns it
    /// off to show what the scale is for).
    public var isScaled = true
    /// Which keys are padding, shared with the layer that reads the tokens (nil: none).
    public var keyPadding: KeyPaddingMask?
    /// `d x d` each.
    public let queryWeight: Parameter, keyWeight: Parameter, valueWeight: Parameter, outputWeight: Parameter
    /// `d` each.
    public let queryBias: Parameter, keyBias: Parameter, valueBias: Parameter, outputBias: Parameter
    public let parameters: [Parameter]

    private var input = Tensor()
    private let queries = Tensor(), keys = Tensor(), values = Tensor()  // B x T x d
    /// The attention weights of the last forward pass, `B x h x T x T` (head `k`, query `i`
    /// over keys `j`): what the attention picture and the entropy probes read.
    public let attention = Tensor()
    private let mixed = Tensor()  // O, B x T x d
    private let output = Tensor()
    private let mixedGradient = Tensor(), attentionGradient = Tensor()
    private let queryGradient = Tensor(), keyGradient = Tensor(), valueGradient = Tensor()
    private let inputGradient = Tensor()
    /// Which keys of the current sequence are padding (all false without a padding mask).
    private var keyIsPadded: [Bool] = []

    /// A layer with PyTorch's initialisation: Xavier-uniform input projections and zero
    /// biases, the output projection as a default `Linear` with a zero bias.
    public convenience init(
        modelDimension: Int, headCount: Int, causal: Bool = false, generator: inout RandomGenerator
    ) {
        func matrix(_ initializer: Initializer) -> Tensor {
            let tensor = Tensor(shape: [modelDimension, modelDimension])
            initializer.fill(tensor, fanIn: modelDimension, fanOut: modelDimension, using: &generator)
            return tensor
        }
        let queryWeight = matrix(.xavierUniform(gain: 1))
        let keyWeight = matrix(.xavierUniform(gain: 1))
        let valueWeight = matrix(.xavierUniform(gain: 1))
        let outputWeight = matrix(.pytorchDefault)
        let zeros = { Tensor(shape: [modelDimension]) }
        self.init(
            headCount: headCount, causal: causal, queryWeight: queryWeight, keyWeight: keyWeight,
            valueWeight: valueWeight, outputWeight: outputWeight, queryBias: zeros(), keyBias: zeros(),
            valueBias: zeros(), outputBias: zeros())
    }

    public init(
        headCount: Int, causal: Bool, queryWeight: Tensor, keyWeight: Tensor, valueWeight: Tensor,
        outputWeight: Tensor, queryBias: Tensor, keyBias: Tensor, valueBias: Tensor, outputBias: Tensor
    ) {
        modelDimension = queryWeight.shape[0]
        precondition(modelDimension % headCount == 0, "\(modelDimension) columns do not split into \(headCount) heads")
        self.headCount = headCount
        isCausal = causal
        self.queryWeight = Parameter(name: "w_q", value: queryWeight)
        self.keyWeight = Parameter(name: "w_k", value: keyWeight)
        self.valueWeight = Parameter(name: "w_v", value: valueWeight)
        self.queryBias = Parameter(name: "b_q", value: queryBias)
        self.keyBias = Parameter(name: "b_k", value: keyBias)
        self.valueBias = Parameter(name: "b_v", value: valueBias)
        self.outputWeight = Parameter(name: "w_o", value: outputWeight)
        self.outputBias = Parameter(name: "b_o", value: outputBias)
        // PyTorch's order: the fixtures' eight names, in_proj then out_proj.
        parameters = [
            self.queryWeight, self.keyWeight, self.valueWeight, self.queryBias, self.keyBias, self.valueBias,
            self.outputWeight, self.outputBias,
        ]
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.count == 3 && input.columns == modelDimension,
            "multi_head_attention expects B x T x \(modelDimension), got \(input.shape)")
        self.input = input
        let (batch, steps, d, dh) = (input.shape[0], input.shape[1], modelDimension, headDimension)
        let rows = batch * steps
        // Q, K, V = X Wᵀ + b
        func project(_ weight: Parameter, _ bias: Parameter, into projection: Tensor) {
            projection.reshape(like: input)
            projection.fillRows(with: bias.value)
            BLAS.multiply(
                input.baseAddress, transposeA: false, weight.value.baseAddress, transposeB: true,
                into: projection.baseAddress, m: rows, n: d, k: d, beta: 1)
        }
        project(queryWeight, queryBias, into: queries)
        project(keyWeight, keyBias, into: keys)
        project(valueWeight, valueBias, into: values)
        attention.reshape([batch, headCount, steps, steps])
        mixed.reshape(like: input)
        let scale = isScaled ? 1 / Float(dh).squareRoot() : 1
        let padded = keyPadding?.hasPadding == true
        if keyIsPadded.count != steps { keyIsPadded = [Bool](repeating: false, count: steps) }
        for b in 0..<batch {
            for j in 0..<steps { keyIsPadded[j] = padded && keyPadding?.isPadded(example: b, step: j) == true }
            for head in 0..<headCount {
                let columns = b * steps * d + head * dh
                let a = attention.baseAddress + (b * headCount + head) * steps * steps
                // S_k = Q_k K_kᵀ / √dh, reading head k's columns of rows of width d
                BLAS.multiply(
                    queries.baseAddress + columns, transposeA: false, leading: d, keys.baseAddress + columns,
                    transposeB: true, leading: d, into: a, leading: steps, m: steps, n: steps, k: dh, alpha: scale)
                for i in 0..<steps { softmaxOverVisibleKeys(a + i * steps, count: steps, query: i, padded: padded) }
                // O_k = A_k V_k, into head k's columns of O
                BLAS.multiply(
                    a, transposeA: false, leading: steps, values.baseAddress + columns, transposeB: false, leading: d,
                    into: mixed.baseAddress + columns, leading: d, m: steps, n: dh, k: steps)
            }
        }
        output.reshape(like: input)
        output.fillRows(with: outputBias.value)
        BLAS.multiply(
            mixed.baseAddress, transposeA: false, outputWeight.value.baseAddress, transposeB: true,
            into: output.baseAddress, m: rows, n: d, k: d, beta: 1)
        return output
    }

    /// A softmax over the keys query `query` may see: not a later one when causal, not a
    /// padded one; the others get weight 0.
    ///
    /// Unlike `Softmax.normalize` it takes `exp` from `VectorMath`, so the row vectorises: a
    /// Transformer step makes thousands of these short rows, and the C library's `expf`, one
    /// call per score, took a third as long as the products that made them.
    private func softmaxOverVisibleKeys(_ row: UnsafeMutablePointer<Float>, count: Int, query: Int, padded: Bool) {
        let visibleKeys = isCausal ? query + 1 : count
        var largest = -Float.infinity
        if padded {
            for j in 0..<visibleKeys where !keyIsPadded[j] { largest = Swift.max(largest, row[j]) }
        } else {
            for j in 0..<visibleKeys { largest = Swift.max(largest, row[j]) }
        }
        guard largest > -.infinity else {
            // No key to see: zero attention. But a row of NaN scores stays NaN (the maximum
            // skips NaN), so that a diverged model still shows where the NaN went.
            let diverged = (0..<visibleKeys).contains { row[$0].isNaN && !(padded && keyIsPadded[$0]) }
            for j in 0..<count { row[j] = diverged ? .nan : 0 }
            return
        }
        for j in 0..<visibleKeys { row[j] = VectorMath.exp(row[j] - largest) }
        for j in visibleKeys..<count { row[j] = 0 }
        if padded {
            for j in 0..<visibleKeys where keyIsPadded[j] { row[j] = 0 }
        }
        let sum = VectorMath.sum(row, count: visibleKeys)
        for j in 0..<visibleKeys { row[j] /= sum }
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, steps, d, dh) = (input.shape[0], input.shape[1], modelDimension, headDimension)
        let rows = batch * steps
        let dY = outputGradient.baseAddress
        // Y = O W_oᵀ + b_o: dW_o += dYᵀ O, db_o += Σ dY, dO = dY W_o
        BLAS.multiply(
            dY, transposeA: true, mixed.baseAddress, transposeB: false, into: outputWeight.gradient.baseAddress, m: d,
            n: d, k: rows, beta: 1)
        outputGradient.addColumnSums(into: outputBias)
        mixedGradient.reshape(like: mixed)
        BLAS.multiply(
            dY, transposeA: false, outputWeight.value.baseAddress, transposeB: false,
            into: mixedGradient.baseAddress, m: rows, n: d, k: d)
        attentionGradient.reshape(like: attention)
        queryGradient.reshape(like: queries)
        keyGradient.reshape(like: keys)
        valueGradient.reshape(like: values)
        let scale = isScaled ? 1 / Float(dh).squareRoot() : 1
        for b in 0..<batch {
            for head in 0..<headCount {
                let columns = b * steps * d + head * dh
                let square = (b * headCount + head) * steps * steps
                let a = attention.baseAddress + square
                let dA = attentionGradient.baseAddress + square
                let dO = mixedGradient.baseAddress + columns
                // O_k = A_k V_k: dA_k = dO_k V_kᵀ, dV_k = A_kᵀ dO_k
                BLAS.multiply(
                    dO, transposeA: false, leading: d, values.baseAddress + columns, transposeB: true, leading: d,
                    into: dA, leading: steps, m: steps, n: steps, k: dh)
                BLAS.multiply(
                    a, transposeA: true, leading: steps, dO, transposeB: false, leading: d,
                    into: valueGradient.baseAddress + columns, leading: d, m: steps, n: dh, k: steps)
                // Through the softmax, row by row: dS = A ⊙ (dA − Σ dA ⊙ A). Hidden keys have A = 0.
                Softmax.backpropagate(probabilities: a, gradient: dA, rows: steps, count: steps)
                // S_k = Q_k K_kᵀ / √dh: dQ_k = dS K_k / √dh, dK_k = dSᵀ Q_k / √dh
                BLAS.multiply(
                    dA, transposeA: false, leading: steps, keys.baseAddress + columns, transposeB: false, leading: d,
                    into: queryGradient.baseAddress + columns, leading: d, m: steps, n: dh, k: steps, alpha: scale)
                BLAS.multiply(
                    dA, transposeA: true, leading: steps, queries.baseAddress + columns, transposeB: false, leading: d,
                    into: keyGradient.baseAddress + columns, leading: d, m: steps, n: dh, k: steps, alpha: scale)
            }
        }
        // Each projection P = X Wᵀ + b: dW += dPᵀ X, db += Σ dP, dX = Σ dP W
        inputGradient.reshape(like: input)
        func backProject(_ gradient: Tensor, _ weight: Parameter, _ bias: Parameter, accumulate: Bool) {
            BLAS.multiply(
                gradient.baseAddress, transposeA: true, input.baseAddress, transposeB: false,
                into: weight.gradient.baseAddress, m: d, n: d, k: rows, beta: 1)
            gradient.addColumnSums(into: bias)
            BLAS.multiply(
                gradient.baseAddress, transposeA: false, weight.value.baseAddress, transposeB: false,
                into: inputGradient.baseAddress, m: rows, n: d, k: d, beta: accumulate ? 1 : 0)
        }
        backProject(queryGradient, queryWeight, queryBias, accumulate: false)
        backProject(keyGradient, keyWeight, keyBias, accumulate: true)
        backProject(valueGradient, valueWeight, valueBias, accumulate: true)
        return inputGradient
    }

    /// Mean entropy of each head's attention rows, in nats: near 0 when a head's queries
    /// each look at one key, `ln T` when they spread evenly.
    public var headEntropies: [Float] {
        guard attention.shape.count == 4 else { return [] }
        let (batch, steps) = (attention.shape[0], attention.shape[2])
        return (0..<headCount).map { head in
            var total: Double = 0
            for b in 0..<batch {
                let square = attention.baseAddress + (b * headCount + head) * steps * steps
                for index in 0..<(steps * steps) {
                    let p = Double(square[index])
                    if p > 0 { total -= p * Foundation.log(p) }
                }
            }
            return Float(total / Double(Swift.max(batch * steps, 1)))
        }
    }
}
