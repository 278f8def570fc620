import Foundation

/// Single-head self-attention without biases, batch-first (Vaswani et al., 2017):
/// `Q = X W_qᵀ`, `K = X W_kᵀ`, `V = X W_vᵀ`, `A = softmax(Q Kᵀ / √d_k)` over keys (with a
/// causal mask when asked: query `i` sees keys `0…i`), `Y = A V W_oᵀ`.
///
/// Without the `1/√d_k` scale, the scores grow with `d_k`, the softmax saturates onto one
/// key, its Jacobian collapses and the gradients vanish: one of the bugs Converge stages.
public final class SelfAttention: Layer {
    public let kind = "self_attention"
    public let modelDimension: Int
    public let keyDimension: Int
    /// Divide the scores by `√d_k`.
    public var isScaled: Bool
    /// Hide future keys from each query.
    public var isCausal: Bool
    /// `d_k x d_model` each.
    public let queryWeight: Parameter, keyWeight: Parameter, valueWeight: Parameter
    /// `d_model x d_k`.
    public let outputWeight: Parameter
    public let parameters: [Parameter]

    private var input = Tensor()
    private let queries = Tensor(), keys = Tensor(), values = Tensor()  // B x T x d_k
    /// The attention weights of the last forward pass, `B x T x T` (row `i`: query `i` over keys).
    public let attention = Tensor()
    private let mixed = Tensor()  // A V, B x T x d_k
    private let output = Tensor()
    private let mixedGradient = Tensor(), attentionGradient = Tensor()
    private let queryGradient = Tensor(), keyGradient = Tensor(), valueGradient = Tensor()
    private let inputGradient = Tensor()

    /// Creates a layer with PyTorch's `Linear` default initialisation for each projection.
    public convenience init(
        modelDimension: Int, keyDimension: Int, scaled: Bool = true, causal: Bool = false,
        generator: inout RandomGenerator
    ) {
        func projection(_ rows: Int, _ columns: Int) -> Tensor {
            let tensor = Tensor(shape: [rows, columns])
            Initializer.pytorchDefault.fill(tensor, fanIn: columns, fanOut: rows, using: &generator)
            return tensor
        }
        self.init(
            queryWeight: projection(keyDimension, modelDimension), keyWeight: projection(keyDimension, modelDimension),
            valueWeight: projection(keyDimension, modelDimension),
            outputWeight: projection(modelDimension, keyDimension),
            scaled: scaled, causal: causal)
    }

    public init(
        queryWeight: Tensor, keyWeight: Tensor, valueWeight: Tensor, outputWeight: Tensor, scaled: Bool, causal: Bool
    ) {
        keyDimension = queryWeight.shape[0]
        modelDimension = queryWeight.shape[1]
        isScaled = scaled
        isCausal = causal
        self.queryWeight = Parameter(name: "w_q", value: queryWeight)
        self.keyWeight = Parameter(name: "w_k", value: keyWeight)
        self.valueWeight = Parameter(name: "w_v", value: valueWeight)
        self.outputWeight = Parameter(name: "w_o", value: outputWeight)
        parameters = [self.queryWeight, self.keyWeight, self.valueWeight, self.outputWeight]
    }

    var scale: Float { isScaled ? 1 / Float(keyDimension).squareRoot() : 1 }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.count == 3 && input.columns == modelDimension,
            "self_attention expects B x T x \(modelDimension), got \(input.shape)")
        self.input = input
        let batch = input.shape[0]
        let steps = input.shape[1]
        let dk = keyDimension
        let rows = batch * steps
        // Q, K, V = X W_qᵀ, X W_kᵀ, X W_vᵀ (three calls, no array of pairs: this runs every step)
        func project(_ weight: Parameter, into projection: Tensor) {
            projection.reshape(like: input, lastDimension: dk)
            BLAS.multiply(
                input.baseAddress, transposeA: false, weight.value.baseAddress, transposeB: true,
                into: projection.baseAddress, m: rows, n: dk, k: modelDimension)
        }
        project(queryWeight, into: queries)
        project(keyWeight, into: keys)
        project(valueWeight, into: values)
        attention.reshape([batch, steps, steps])
        mixed.reshape(like: queries)
        for b in 0..<batch {
            let q = queries.baseAddress + b * steps * dk
            let k = keys.baseAddress + b * steps * dk
            let a = attention.baseAddress + b * steps * steps
            // S = Q Kᵀ · scale   (T x T)
            BLAS.multiply(q, transposeA: false, k, transposeB: true, into: a, m: steps, n: steps, k: dk, alpha: scale)
            for i in 0..<steps {
                let row = a + i * steps
                let visible = isCausal ? i + 1 : steps
                Softmax.normalize(row, into: row, count: visible)
                for j in visible..<steps { row[j] = 0 }
            }
            // O = A V
            BLAS.multiply(
                a, transposeA: false, values.baseAddress + b * steps * dk, transposeB: false,
                into: mixed.baseAddress + b * steps * dk, m: steps, n: dk, k: steps)
        }
        output.reshape(like: input)
        BLAS.multiply(
            mixed.baseAddress, transposeA: false, outputWeight.value.baseAddress, transposeB: true,
            into: output.baseAddress, m: rows, n: modelDimension, k: dk)
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let batch = input.shape[0]
        let steps = input.shape[1]
        let dk = keyDimension
        let rows = batch * steps
        let dY = outputGradient.baseAddress
        // W_o: dW_o += dYᵀ O; dO = dY W_o
        BLAS.multiply(
            dY, transposeA: true, mixed.baseAddress, transposeB: false,
            into: outputWeight.gradient.baseAddress, m: modelDimension, n: dk, k: rows, beta: 1)
        mixedGradient.reshape(like: mixed)
        BLAS.multiply(
            dY, transposeA: false, outputWeight.value.baseAddress, transposeB: false,
            into: mixedGradient.baseAddress, m: rows, n: dk, k: modelDimension)
        attentionGradient.reshape(like: attention)
        queryGradient.reshape(like: queries)
        keyGradient.reshape(like: keys)
        valueGradient.reshape(like: values)
        for b in 0..<batch {
            let offset = b * steps * dk
            let square = b * steps * steps
            let a = attention.baseAddress + square
            let dA = attentionGradient.baseAddress + square
            let dO = mixedGradient.baseAddress + offset
            // dA = dO Vᵀ; dV = Aᵀ dO
            BLAS.multiply(
                dO, transposeA: false, values.baseAddress + offset, transposeB: true, into: dA, m: steps, n: steps,
                k: dk)
            BLAS.multiply(
                a, transposeA: true, dO, transposeB: false, into: valueGradient.baseAddress + offset, m: steps, n: dk,
                k: steps)
            // Through the softmax, row by row: dS = A ⊙ (dA − Σ dA ⊙ A). Masked entries have A = 0.
            Softmax.backpropagate(probabilities: a, gradient: dA, rows: steps, count: steps)
            // S = scale · Q Kᵀ: dQ = scale · dS K; dK = scale · dSᵀ Q
            BLAS.multiply(
                dA, transposeA: false, keys.baseAddress + offset, transposeB: false,
                into: queryGradient.baseAddress + offset, m: steps, n: dk, k: steps, alpha: scale)
            BLAS.multiply(
                dA, transposeA: true, queries.baseAddress + offset, transposeB: false,
                into: keyGradient.baseAddress + offset, m: steps, n: dk, k: steps, alpha: scale)
        }
        inputGradient.reshape(like: input)
        // dW += dProjᵀ X for each projection; dX = dQ W_q + dK W_k + dV W_v
        func backProject(_ gradient: Tensor, _ weight: Parameter, accumulate: Bool) {
            BLAS.multiply(
                gradient.baseAddress, transposeA: true, input.baseAddress, transposeB: false,
                into: weight.gradient.baseAddress, m: dk, n: modelDimension, k: rows, beta: 1)
            BLAS.multiply(
                gradient.baseAddress, transposeA: false, weight.value.baseAddress, transposeB: false,
                into: inputGradient.baseAddress, m: rows, n: modelDimension, k: dk, beta: accumulate ? 1 : 0)
        }
        backProject(queryGradient, queryWeight, accumulate: false)
        backProject(keyGradient, keyWeight, accumulate: true)
        backProject(valueGradient, valueWeight, accumulate: true)
        return inputGradient
    }

    /// Mean entropy of the attention rows, in nats: near 0 when each query looks at one key
    /// (a saturated softmax), `ln T` when it looks at all of them evenly.
    public var meanEntropy: Float {
        let steps = attention.columns
        guard steps > 0 else { return 0 }
        var total: Double = 0
        for row in 0..<attention.rows {
            for j in 0..<steps {
                let p = Double(attention[row * steps + j])
                if p > 0 { total -= p * Foundation.log(p) }
            }
        }
        return Float(total / Double(attention.rows))
    }
}
