/// A fully connected layer, `Y = X Wᵀ + b`, with the weight stored `out x in` as in PyTorch.
///
/// Acts on the last dimension, so `B x in` becomes `B x out` and `B x T x in` becomes
/// `B x T x out` with the same weights at every time step.
public final class Linear: SkipsInputGradient {
    public let kind = "linear"
    public let inputSize: Int
    public let outputSize: Int
    /// `out x in`.
    public let weight: Parameter
    /// `out`, or nil for a layer without bias.
    public let bias: Parameter?
    public let parameters: [Parameter]

    /// When false, `backward` skips the input gradient (a matrix product): the first layer
    /// of a network has nothing upstream to send it to.
    public var computesInputGradient = true

    private var input = Tensor()
    private let output = Tensor()
    private let inputGradient = Tensor()

    /// Creates a layer with freshly initialised parameters.
    public init(
        inputSize: Int, outputSize: Int, hasBias: Bool = true,
        weightInitializer: Initializer = .pytorchDefault,
        biasInitializer: Initializer = .pytorchDefault,
        generator: inout RandomGenerator
    ) {
        let weightValues = Tensor(shape: [outputSize, inputSize])
        weightInitializer.fill(weightValues, fanIn: inputSize, fanOut: outputSize, using: &generator)
        var biasValues: Tensor?
        if hasBias {
            let values = Tensor(shape: [outputSize])
            biasInitializer.fill(values, fanIn: inputSize, fanOut: outputSize, using: &generator)
            biasValues = values
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.weight = Parameter(name: "weight", value: weightValues)
        self.bias = biasValues.map { Parameter(name: "bias", value: $0) }
        self.parameters = [weight] + (bias.map { [$0] } ?? [])
    }

    /// Creates a layer with the given weight (`out x in`) and bias (`out`).
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.shape.count == 2, "A Linear weight is out x in")
        self.outputSize = weight.shape[0]
        self.inputSize = weight.shape[1]
        self.weight = Parameter(name: "weight", value: weight)
        self.bias = bias.map { Parameter(name: "bias", value: $0) }
        self.parameters = [self.weight] + (self.bias.map { [$0] } ?? [])
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.columns == inputSize, "Linear expects \(inputSize) inputs per row, got \(input.columns)")
        self.input = input
        let rows = input.rows
        output.reshape(like: input, lastDimension: outputSize)
        // Y (rows x out): start from the bias in every row, then add X Wᵀ.
        let y = output.baseAddress
        if let bias { output.fillRows(with: bias.value) }
        BLAS.multiply(
            input.baseAddress, transposeA: false,
            weight.value.baseAddress, transposeB: true,
            into: y, m: rows, n: outputSize, k: inputSize,
            beta: bias == nil ? 0 : 1)
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let rows = input.rows
        let dy = outputGradient.baseAddress  // rows x out
        // dW (out x in) += dYᵀ X
        BLAS.multiply(
            dy, transposeA: true,
            input.baseAddress, transposeB: false,
            into: weight.gradient.baseAddress, m: outputSize, n: inputSize, k: rows,
            beta: 1)
        // db (out) += sum of dY over rows
        if let bias {
            let db = bias.gradient.baseAddress
            for row in 0..<rows {
                let dyRow = dy + row * outputSize
                for column in 0..<outputSize { db[column] += dyRow[column] }
            }
        }
        // dX (rows x in) = dY W
        inputGradient.reshape(like: input)
        if computesInputGradient {
            BLAS.multiply(
                dy, transposeA: false,
                weight.value.baseAddress, transposeB: false,
                into: inputGradient.baseAddress, m: rows, n: inputSize, k: outputSize)
        }
        return inputGradient
    }
}
