import Foundation

/// A long short-term memory layer (Hochreiter and Schmidhuber, 1997), batch-first, in
/// PyTorch's layout with gates in the order `i, f, g, o`:
/// `z = x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh`, `c_t = σ(f) c_{t-1} + σ(i) tanh(g)`,
/// `h_t = σ(o) tanh(c_t)`. The output is every `h_t`, `B x T x H`.
///
/// The cell state is why it remembers: backward through `c_t = f c_{t-1} + …` multiplies the
/// gradient by the forget gate alone, with no squashing and no weight matrix, so when `f` is
/// near 1 the signal survives many steps.
public final class LSTM: Layer {
    public let kind = "lstm"
    public let inputSize: Int
    public let hiddenSize: Int
    /// `4H x input`, gate blocks `i, f, g, o`.
    public let weightIH: Parameter
    /// `4H x H`.
    public let weightHH: Parameter
    public let biasIH: Parameter
    public let biasHH: Parameter
    public let parameters: [Parameter]
    public var computesInputGradient = true

    /// The norm of the loss gradient with respect to the state `(h_t, c_t)`, for each `t`,
    /// from the last backward pass. Both halves count: an LSTM carries its long-range memory
    /// in the cell, where `dL/dh_t` alone can be tiny while the gradient still reaches `t`.
    public private(set) var stateGradientNorms: [Float] = []

    private var input = Tensor()
    private let gates = Tensor()  // after their nonlinearity: σ(i), σ(f), tanh(g), σ(o); B x T x 4H
    private let cells = Tensor()  // c_t, B x T x H
    private let cellTanh = Tensor()  // tanh(c_t), B x T x H
    private let output = Tensor()  // h_t, B x T x H
    private let previousHidden = Tensor()  // h_{t-1}, B x T x H
    private let gateGradient = Tensor()  // dZ, B x T x 4H
    private let carriedHidden = Tensor()  // dh from t + 1, B x H
    private let carriedCell = Tensor()  // dc from t + 1, B x H
    private let inputGradient = Tensor()

    /// Creates a layer with PyTorch's default initialisation, uniform in `±1/√H`.
    public convenience init(inputSize: Int, hiddenSize: Int, generator: inout RandomGenerator) {
        func uniform(_ shape: [Int]) -> Tensor {
            RecurrentInitialization.pytorchDefault(shape, hiddenSize: hiddenSize, generator: &generator)
        }
        self.init(
            weightIH: uniform([4 * hiddenSize, inputSize]), weightHH: uniform([4 * hiddenSize, hiddenSize]),
            biasIH: uniform([4 * hiddenSize]), biasHH: uniform([4 * hiddenSize]))
    }

    /// Creates a layer with the given parameters.
    public init(weightIH: Tensor, weightHH: Tensor, biasIH: Tensor, biasHH: Tensor) {
        hiddenSize = weightHH.shape[1]
        inputSize = weightIH.shape[1]
        self.weightIH = Parameter(name: "weight_ih", value: weightIH)
        self.weightHH = Parameter(name: "weight_hh", value: weightHH)
        self.biasIH = Parameter(name: "bias_ih", value: biasIH)
        self.biasHH = Parameter(name: "bias_hh", value: biasHH)
        parameters = [self.weightIH, self.weightHH, self.biasIH, self.biasHH]
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.count == 3 && input.columns == inputSize,
            "LSTM expects B x T x \(inputSize), got \(input.shape)")
        self.input = input
        let batch = input.shape[0]
        let steps = input.shape[1]
        let hidden = hiddenSize
        let width = 4 * hiddenSize
        gates.reshape(like: input, lastDimension: width)
        cells.reshape(like: input, lastDimension: hidden)
        cellTanh.reshape(like: cells)
        output.reshape(like: cells)
        previousHidden.reshape(like: cells)
        let z = gates.baseAddress
        let bih = biasIH.value.baseAddress
        let bhh = biasHH.value.baseAddress
        for row in 0..<(batch * steps) {
            for j in 0..<width { z[row * width + j] = bih[j] + bhh[j] }
        }
        BLAS.multiply(
            input.baseAddress, transposeA: false, weightIH.value.baseAddress, transposeB: true,
            into: z, m: batch * steps, n: width, k: inputSize, beta: 1)
        let h = output.baseAddress
        let c = cells.baseAddress
        let tanhC = cellTanh.baseAddress
        let previous = previousHidden.baseAddress
        for t in 0..<steps {
            if t > 0 {
                // Z_t += h_{t-1} W_hhᵀ
                BLAS.multiply(
                    h + (t - 1) * hidden, transposeA: false, leading: steps * hidden,
                    weightHH.value.baseAddress, transposeB: true, leading: hidden,
                    into: z + t * width, leading: steps * width, m: batch, n: width, k: hidden, beta: 1)
            }
            for b in 0..<batch {
                // Pointers to this step's rows: an index sum such as `cell + j` is checked for
                // overflow on every element, and the check keeps a loop from vectorising.
                let gate = z + (b * steps + t) * width
                let (i, f, g, o) = (gate, gate + hidden, gate + 2 * hidden, gate + 3 * hidden)
                let cell = b * steps * hidden + t * hidden
                let (cNow, tanhNow, hNow, hBefore) = (c + cell, tanhC + cell, h + cell, previous + cell)
                for j in 0..<(2 * hidden) { i[j] = VectorMath.logistic(i[j]) }  // i and f
                for j in 0..<hidden { g[j] = VectorMath.tanh(g[j]) }
                for j in 0..<hidden { o[j] = VectorMath.logistic(o[j]) }
                if t == 0 {
                    for j in 0..<hidden { hBefore[j] = 0 }
                    for j in 0..<hidden { cNow[j] = i[j] * g[j] }
                } else {
                    let (cLast, hLast) = (cNow - hidden, hNow - hidden)
                    for j in 0..<hidden { hBefore[j] = hLast[j] }
                    for j in 0..<hidden { cNow[j] = f[j] * cLast[j] + i[j] * g[j] }
                }
                for j in 0..<hidden { tanhNow[j] = VectorMath.tanh(cNow[j]) }
                for j in 0..<hidden { hNow[j] = o[j] * tanhNow[j] }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let batch = input.shape[0]
        let steps = input.shape[1]
        let hidden = hiddenSize
        let width = 4 * hiddenSize
        gateGradient.reshape(like: gates)
        carriedHidden.reshape(rows: batch, columns: hidden)
        carriedCell.reshape(rows: batch, columns: hidden)
        carriedHidden.fill(0)
        carriedCell.fill(0)
        if stateGradientNorms.count != steps { stateGradientNorms = [Float](repeating: 0, count: steps) }
        let dY = outputGradient.baseAddress
        let dZ = gateGradient.baseAddress
        let gate = gates.baseAddress
        let c = cells.baseAddress
        let tanhC = cellTanh.baseAddress
        let dhNext = carriedHidden.baseAddress
        let dcNext = carriedCell.baseAddress
        for t in stride(from: steps - 1, through: 0, by: -1) {
            var normSquared: Float = 0
            for b in 0..<batch {
                let cell = b * steps * hidden + t * hidden
                let g = gate + (b * steps + t) * width
                let dz = dZ + (b * steps + t) * width
                for j in 0..<hidden {
                    let dh = dY[cell + j] + dhNext[b * hidden + j]
                    normSquared += dh * dh
                    let i = g[j]
                    let f = g[hidden + j]
                    let gg = g[2 * hidden + j]
                    let o = g[3 * hidden + j]
                    let cPrevious: Float = t == 0 ? 0 : c[cell - hidden + j]
                    let dc = dcNext[b * hidden + j] + dh * o * (1 - tanhC[cell + j] * tanhC[cell + j])
                    normSquared += dc * dc
                    dz[j] = dc * gg * i * (1 - i)  // input gate
                    dz[hidden + j] = dc * cPrevious * f * (1 - f)  // forget gate
                    dz[2 * hidden + j] = dc * i * (1 - gg * gg)  // candidate
                    dz[3 * hidden + j] = dh * tanhC[cell + j] * o * (1 - o)  // output gate
                    dcNext[b * hidden + j] = dc * f
                }
            }
            stateGradientNorms[t] = normSquared.squareRoot()
            // dh_{t-1} = dZ_t W_hh   (B x 4H times 4H x H)
            BLAS.multiply(
                dZ + t * width, transposeA: false, leading: steps * width,
                weightHH.value.baseAddress, transposeB: false, leading: hidden,
                into: dhNext, leading: hidden, m: batch, n: hidden, k: width)
        }
        RecurrentGradients(weightIH: weightIH, weightHH: weightHH, biasIH: biasIH, biasHH: biasHH).accumulate(
            preactivationGradient: dZ, rows: batch * steps, gates: width, input: input,
            previousHidden: previousHidden, inputGradient: inputGradient, computesInputGradient: computesInputGradient)
        return inputGradient
    }
}
