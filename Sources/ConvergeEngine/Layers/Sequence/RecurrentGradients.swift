/// The part of backpropagation through time that RNN and LSTM share: once the gradient with
/// respect to every step's pre-activation `dZ` (`B*T x G`, `G` = H or 4H) is known, the
/// parameter gradients and the input gradient are one matrix product each over all
/// (batch, time) rows at once.
struct RecurrentGradients {
    let weightIH: Parameter, weightHH: Parameter, biasIH: Parameter, biasHH: Parameter

    /// `dW_ih += dZᵀ X`, `dW_hh += dZᵀ H_prev`, `db_ih += Σ dZ`, `db_hh += Σ dZ`, and
    /// `dX = dZ W_ih` into `inputGradient` when asked.
    func accumulate(
        preactivationGradient dZ: UnsafeMutablePointer<Float>, rows: Int, gates: Int,
        input: Tensor, previousHidden: Tensor, inputGradient: Tensor, computesInputGradient: Bool
    ) {
        let inputSize = input.columns
        let hidden = previousHidden.columns
        BLAS.multiply(
            dZ, transposeA: true, input.baseAddress, transposeB: false,
            into: weightIH.gradient.baseAddress, m: gates, n: inputSize, k: rows, beta: 1)
        BLAS.multiply(
            dZ, transposeA: true, previousHidden.baseAddress, transposeB: false,
            into: weightHH.gradient.baseAddress, m: gates, n: hidden, k: rows, beta: 1)
        let dbih = biasIH.gradient.baseAddress
        let dbhh = biasHH.gradient.baseAddress
        for row in 0..<rows {
            for j in 0..<gates {
                dbih[j] += dZ[row * gates + j]
                dbhh[j] += dZ[row * gates + j]
            }
        }
        inputGradient.reshape(like: input)
        if computesInputGradient {
            BLAS.multiply(
                dZ, transposeA: false, weightIH.value.baseAddress, transposeB: false,
                into: inputGradient.baseAddress, m: rows, n: inputSize, k: gates)
        }
    }
}
