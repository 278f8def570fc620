import Foundation

/// A vanilla (Elman) recurrent layer with tanh, batch-first, in PyTorch's layout:
/// `h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh)`, `h_0 = 0`; the output is every
/// `h_t`, `B x T x H`.
///
/// Backpropagation through time is the loop in `backward`: the gradient reaching `h_t` is
/// what the output at `t` sends down plus what `h_{t+1}` sends back through `W_hh` and the
/// tanh. Each step multiplies it by `W_hhᵀ diag(1 − h²)`, which is why it vanishes or
/// explodes over long sequences.
public final class RNN: Layer {
    public let kind = "rnn"
    public let inputSize: Int
    public let hiddenSize: Int
    /// `H x input`.
    public let weightIH: Parameter
    /// `H x H`.
    public let weightHH: Parameter
    public let biasIH: Parameter
    public let biasHH: Parameter
    public let parameters: [Parameter]
    public var computesInputGradient = true

    /// The norm of the loss gradient with respect to the state `h_t`, for each `t`, from the
    /// last backward pass: how far back in time the learning signal reaches.
    public private(set) var stateGradientNorms: [Float] = []

    private var input = Tensor()
    private let output = Tensor()  // h, B x T x H
    private let previousHidden = Tensor()  // h_{t-1}, B x T x H (zeros at t = 0)
    private let preactivationGradient = Tensor()  // dZ, B x T x H
    private let carriedGradient = Tensor()  // dh flowing back from t + 1, B x H
    private let inputGradient = Tensor()

    /// Creates a layer with PyTorch's default initialisation, uniform in `±1/√H`.
    public convenience init(
        inputSize: Int, hiddenSize: Int, recurrentInitializer: Initializer? = nil, generator: inout RandomGenerator
    ) {
        func uniform(_ shape: [Int]) -> Tensor {
            RecurrentInitialization.pytorchDefault(shape, hiddenSize: hiddenSize, generator: &generator)
        }
        let weightIH = uniform([hiddenSize, inputSize])
        let weightHH = uniform([hiddenSize, hiddenSize])
        if let recurrentInitializer {
            recurrentInitializer.fill(weightHH, fanIn: hiddenSize, fanOut: hiddenSize, using: &generator)
        }
        self.init(weightIH: weightIH, weightHH: weightHH, biasIH: uniform([hiddenSize]), biasHH: uniform([hiddenSize]))
    }

    /// Creates a layer with the given parameters.
    public init(weightIH: Tensor, weightHH: Tensor, biasIH: Tensor, biasHH: Tensor) {
        hiddenSize = weightHH.shape[0]
        inputSize = weightIH.shape[1]
        self.weightIH = Parameter(name: "weight_ih", value: weightIH)
        self.weightHH = Parameter(name: "weight_hh", value: weightHH)
        self.biasIH = Parameter(name: "bias_ih", value: biasIH)
        self.biasHH = Parameter(name: "bias_hh", value: biasHH)
        parameters = [self.weightIH, self.weightHH, self.biasIH, self.biasHH]
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(
            input.shape.count == 3 && input.columns == inputSize, "RNN expects B x T x \(inputSize), got \(input.shape)"
        )
        self.input = input
        let batch = input.shape[0]
        let steps = input.shape[1]
        let hidden = hiddenSize
        output.reshape(like: input, lastDimension: hidden)
        previousHidden.reshape(like: output)
        let h = output.baseAddress
        let bih = biasIH.value.baseAddress
        let bhh = biasHH.value.baseAddress
        // Input contribution for every step at once: Z = X W_ihᵀ + b_ih + b_hh   (B*T x H)
        for row in 0..<(batch * steps) {
            for j in 0..<hidden { h[row * hidden + j] = bih[j] + bhh[j] }
        }
        BLAS.multiply(
            input.baseAddress, transposeA: false, weightIH.value.baseAddress, transposeB: true,
            into: h, m: batch * steps, n: hidden, k: inputSize, beta: 1)
        let rowStride = steps * hidden  // one batch row of one time step is every T-th row
        for t in 0..<steps {
            let zt = h + t * hidden
            let previous = previousHidden.baseAddress + t * hidden
            if t == 0 {
                for b in 0..<batch { (previous + b * rowStride).update(repeating: 0, count: hidden) }
            } else {
                for b in 0..<batch {
                    (previous + b * rowStride).update(from: h + b * rowStride + (t - 1) * hidden, count: hidden)
                }
                // Z_t += h_{t-1} W_hhᵀ
                BLAS.multiply(
                    h + (t - 1) * hidden, transposeA: false, leading: rowStride,
                    weightHH.value.baseAddress, transposeB: true, leading: hidden,
                    into: zt, leading: rowStride, m: batch, n: hidden, k: hidden, beta: 1)
            }
            for b in 0..<batch {
                let row = zt + b * rowStride
                for j in 0..<hidden { row[j] = VectorMath.tanh(row[j]) }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let batch = input.shape[0]
        let steps = input.shape[1]
        let hidden = hiddenSize
        let rowStride = steps * hidden
        preactivationGradient.reshape(like: output)
        carriedGradient.reshape(rows: batch, columns: hidden)
        carriedGradient.fill(0)
        if stateGradientNorms.count != steps { stateGradientNorms = [Float](repeating: 0, count: steps) }
        let dY = outputGradient.baseAddress
        let h = output.baseAddress
        let dZ = preactivationGradient.baseAddress
        let carried = carriedGradient.baseAddress
        for t in stride(from: steps - 1, through: 0, by: -1) {
            var normSquared: Float = 0
            for b in 0..<batch {
                let offset = b * rowStride + t * hidden
                for j in 0..<hidden {
                    let dh = dY[offset + j] + carried[b * hidden + j]  // dL/dh_t
                    normSquared += dh * dh
                    let ht = h[offset + j]
                    dZ[offset + j] = dh * (1 - ht * ht)  // through tanh
                }
            }
            stateGradientNorms[t] = normSquared.squareRoot()
            // dh_{t-1} = dZ_t W_hh   (B x H)
            BLAS.multiply(
                dZ + t * hidden, transposeA: false, leading: rowStride,
                weightHH.value.baseAddress, transposeB: false, leading: hidden,
                into: carried, leading: hidden, m: batch, n: hidden, k: hidden)
        }
        RecurrentGradients(weightIH: weightIH, weightHH: weightHH, biasIH: biasIH, biasHH: biasHH).accumulate(
            preactivationGradient: dZ, rows: batch * steps, gates: hidden, input: input,
            previousHidden: previousHidden, inputGradient: inputGradient, computesInputGradient: computesInputGradient)
        return inputGradient
    }
}
