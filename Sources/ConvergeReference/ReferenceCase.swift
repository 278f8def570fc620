import ConvergeEngine
import ConvergeSupport
import Foundation

/// One PyTorch reference case in the fixture format of `Fixtures/pytorch/README.md`:
/// a network with fixed parameters, a batch, a loss, optionally an optimizer to run, and
/// the values PyTorch computed for them.
public struct ReferenceCase {
    /// One layer as the file describes it.
    public struct LayerSpec {
        public var type: String
        /// The layer's fields, read on demand when the layer is built.
        var fields: FieldReader
    }

    /// An optimizer as the file describes it.
    public struct OptimizerSpec {
        public var type: String
        var fields: FieldReader
    }

    public var name: String
    public var layers: [LayerSpec]
    public var lossKind: String
    /// The input batch.
    public var inputs: Tensor
    /// Class indices for `cross_entropy`, a `B x out` array otherwise.
    public var targets: Tensor
    public var optimizer: OptimizerSpec?
    /// Number of optimizer steps to run (0 without an optimizer).
    public var steps: Int

    /// The most optimizer steps a file may ask for: a reference case checks a handful of
    /// steps, and a bound keeps `"steps": 1e14` from running for days.
    public static let maximumSteps = 10_000
    /// The whole document, for tests that compare with the `expected` fields.
    public var document: JSONValue

    /// Layer types this engine builds from the fixture format.
    public static let supportedLayerTypes: Set<String> = Set(Activation.allCases.map(\.rawValue)).union([
        "linear", "layernorm", "softmax", "batchnorm1d", "rnn", "lstm", "self_attention", "last_step", "mean_pool",
        "conv2d", "maxpool2d", "avgpool2d", "flatten", "global_avg_pool", "batchnorm2d", "residual",
        "embedding", "positional_embedding", "sinusoidal_positions", "multi_head_attention", "transformer_block",
    ])

    /// Reads a case from a file, reporting problems with the file name and the field.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReferenceCaseError(
                file: url.path, field: "(file)", problem: "cannot be read: \(error.localizedDescription)")
        }
        do {
            try self.init(data: data)
        } catch var error as ReferenceCaseError {
            error.file = url.path
            throw error
        }
    }

    /// Reads a case from JSON text.
    public init(data: Data) throws {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw ReferenceCaseError(field: "(file)", problem: "is not valid JSON")
        }
        let root = FieldReader(document)
        self.document = document
        name = try root.optionalField("name")?.string() ?? "unnamed"
        layers = try Self.layerSpecs(try root.field("layers"))
        if layers.isEmpty { throw root.failure("layers: the network has no layers") }
        lossKind = try root.field("loss").string()
        inputs = try root.field("x").tensor()
        let targetField = try root.field("y")
        targets = try targetField.tensor()
        if targets.shape.first != inputs.shape.first {
            throw targetField.failure("has \(targets.shape.first ?? 0) rows but x has \(inputs.shape.first ?? 0)")
        }
        if let spec = try root.optionalField("optimizer") {
            optimizer = OptimizerSpec(type: try spec.field("type").string(), fields: spec)
            let stepsField = try root.field("steps")
            steps = try stepsField.integer()
            if !(1...Self.maximumSteps).contains(steps) {
                throw stepsField.failure("expected 1 to \(Self.maximumSteps) optimizer steps, found \(steps)")
            }
        } else {
            optimizer = nil
            steps = 0
        }
    }

    /// The layers of a `layers` (or `shortcut`) array.
    static func layerSpecs(_ field: FieldReader) throws -> [LayerSpec] {
        try field.elements().map { layer in
            LayerSpec(type: try layer.field("type").string(), fields: layer)
        }
    }

    /// Builds the network with the file's parameters.
    public func makeModel() throws -> Sequential {
        var built: [Layer] = []
        for spec in layers {
            built.append(try spec.makeLayer())
        }
        return Sequential(built, computesInputGradient: true)
    }

    /// Builds the loss the file names.
    public func makeLoss() throws -> Loss {
        switch lossKind {
        case "cross_entropy": return CrossEntropy()
        case "naive_log_softmax_cross_entropy": return NaiveLogSoftmaxCrossEntropy()
        case "mse": return MeanSquaredError()
        case "bce_with_logits": return BinaryCrossEntropyWithLogits()
        default:
            throw ReferenceCaseError(
                field: "loss", problem: "unknown loss '\(lossKind)' (expected cross_entropy, mse or bce_with_logits)")
        }
    }
}

extension ReferenceCase.LayerSpec {
    /// A `[height, width]` field such as `kernel_size` or `stride`, each at least `minimum`.
    func pair(_ name: String, default fallback: (Int, Int)? = nil, minimum: Int = 1) throws -> (Int, Int) {
        guard let field = try fields.optionalField(name) else {
            if let fallback { return fallback }
            throw ReferenceCaseError(field: name, problem: "missing")
        }
        let values = try field.elements().map { try $0.integer() }
        guard values.count == 2, values.allSatisfy({ $0 >= minimum && $0 <= 1024 }) else {
            throw field.failure("expected [height, width], each from \(minimum) to 1024")
        }
        return (values[0], values[1])
    }

    func makeLayer() throws -> Layer {
        if let activation = Activation(rawValue: type), activation != .leakyReLU { return activation.makeLayer() }
        switch type {
        case "linear":
            let inputSize = try fields.field("in").integer()
            let outputSize = try fields.field("out").integer()
            let weight = try fields.field("weight").tensor(expectedShape: [outputSize, inputSize])
            let bias = try fields.optionalField("bias")?.tensor(expectedShape: [outputSize])
            return Linear(weight: weight, bias: bias)
        case Activation.leakyReLU.rawValue:
            return LeakyReLU(negativeSlope: try fields.optionalField("negative_slope")?.float() ?? 0.01)
        case "softmax": return Softmax()
        case "layernorm":
            let dimension = try fields.field("dim").integer()
            return LayerNorm(
                weight: try fields.field("weight").tensor(expectedShape: [dimension]),
                bias: try fields.field("bias").tensor(expectedShape: [dimension]),
                epsilon: try fields.optionalField("eps")?.float() ?? 1e-5)
        case "batchnorm1d":
            return BatchNorm1d(
                featureCount: try fields.field("features").integer(),
                epsilon: try fields.optionalField("eps")?.float() ?? 1e-5,
                momentum: try fields.optionalField("momentum")?.float() ?? 0.1)
        case "rnn", "lstm":
            let inputSize = try fields.field("input_size").integer()
            let hidden = try fields.field("hidden_size").integer()
            let gates = type == "lstm" ? 4 : 1
            if type == "rnn", let nonlinearity = try fields.optionalField("nonlinearity") {
                guard try nonlinearity.string() == "tanh" else {
                    throw nonlinearity.failure("only \"tanh\" is supported")
                }
            }
            let weightIH = try fields.field("weight_ih").tensor(expectedShape: [gates * hidden, inputSize])
            let weightHH = try fields.field("weight_hh").tensor(expectedShape: [gates * hidden, hidden])
            let biasIH = try fields.field("bias_ih").tensor(expectedShape: [gates * hidden])
            let biasHH = try fields.field("bias_hh").tensor(expectedShape: [gates * hidden])
            if type == "lstm" { return LSTM(weightIH: weightIH, weightHH: weightHH, biasIH: biasIH, biasHH: biasHH) }
            return RNN(weightIH: weightIH, weightHH: weightHH, biasIH: biasIH, biasHH: biasHH)
        case "self_attention":
            let model = try fields.field("d_model").integer()
            let key = try fields.field("d_k").integer()
            return SelfAttention(
                queryWeight: try fields.field("w_q").tensor(expectedShape: [key, model]),
                keyWeight: try fields.field("w_k").tensor(expectedShape: [key, model]),
                valueWeight: try fields.field("w_v").tensor(expectedShape: [key, model]),
                outputWeight: try fields.field("w_o").tensor(expectedShape: [model, key]),
                scaled: try fields.optionalField("scale")?.bool() ?? true,
                causal: try fields.optionalField("causal")?.bool() ?? false)
        case "conv2d":
            let kernel = try pair("kernel_size")
            let weight = try fields.field("weight").tensor(expectedShape: [
                try fields.field("out_channels").integer(), try fields.field("in_channels").integer(), kernel.0,
                kernel.1,
            ])
            let bias = try fields.optionalField("bias")?.tensor(expectedShape: [weight.shape[0]])
            return Conv2d(
                weight: weight, bias: bias, stride: try pair("stride", default: (1, 1)),
                padding: try pair("padding", default: (0, 0), minimum: 0))
        case "maxpool2d", "avgpool2d":
            let kernel = try pair("kernel_size")
            return Pool2d(
                type == "maxpool2d" ? .maximum : .average, kernel: kernel, stride: try pair("stride", default: kernel))
        case "batchnorm2d":
            let channels = try fields.field("num_features").integer()
            let layer = BatchNorm2d(
                channelCount: channels, epsilon: try fields.optionalField("eps")?.float() ?? 1e-5,
                momentum: try fields.optionalField("momentum")?.float() ?? 0.1)
            let starts: [(String, Tensor)] = [
                ("weight", layer.weight.value), ("bias", layer.bias.value), ("running_mean", layer.runningMean),
                ("running_var", layer.runningVariance),
            ]
            for (name, tensor) in starts {
                if let field = try fields.optionalField(name) {
                    tensor.assign(try field.tensor(expectedShape: [channels]))
                }
            }
            return layer
        case "residual":
            let body = try ReferenceCase.layerSpecs(try fields.field("layers")).map { try $0.makeLayer() }
            if body.isEmpty { throw try fields.field("layers").failure("a residual block needs at least one layer") }
            let shortcut = try fields.optionalField("shortcut").map { field in
                try ReferenceCase.layerSpecs(field).map { try $0.makeLayer() }
            }
            return Residual(body, shortcut: shortcut)
        case "embedding":
            return Embedding(
                weight: try fields.field("weight").tensor(expectedShape: [
                    try fields.field("num_embeddings").integer(), try fields.field("embedding_dim").integer(),
                ]))
        case "positional_embedding":
            return PositionalEmbedding(
                weight: try fields.field("weight").tensor(expectedShape: [
                    try fields.field("max_len").integer(), try fields.field("dim").integer(),
                ]))
        case "sinusoidal_positions":
            let dimension = try fields.field("dim").integer()
            guard dimension > 0, dimension % 2 == 0 else {
                throw try fields.field("dim").failure("expected an even width")
            }
            return SinusoidalPositions(dimension: dimension)
        case "multi_head_attention":
            return try Self.attention(
                fields, width: try fields.field("d_model").integer(), causal: try fields.field("causal").bool())
        case "transformer_block":
            let width = try fields.field("d_model").integer()
            let inner = try fields.field("d_ff").integer()
            let epsilon = try fields.optionalField("eps")?.float() ?? 1e-5
            func norm(_ group: String) throws -> LayerNorm {
                let field = try fields.field(group)
                return LayerNorm(
                    weight: try field.field("weight").tensor(expectedShape: [width]),
                    bias: try field.field("bias").tensor(expectedShape: [width]), epsilon: epsilon)
            }
            func linear(_ group: String, _ outputs: Int, _ inputs: Int) throws -> Linear {
                let field = try fields.field(group)
                return Linear(
                    weight: try field.field("weight").tensor(expectedShape: [outputs, inputs]),
                    bias: try field.field("bias").tensor(expectedShape: [outputs]))
            }
            return TransformerBlock(
                normFirst: try fields.field("norm_first").bool(), firstNorm: try norm("ln1"),
                attention: try Self.attention(
                    try fields.field("attn"), width: width, heads: try fields.field("n_heads").integer(),
                    causal: try fields.optionalField("causal")?.bool() ?? false),
                secondNorm: try norm("ln2"), expand: try linear("ff1", inner, width),
                contract: try linear("ff2", width, inner))
        case "flatten": return Flatten()
        case "global_avg_pool": return GlobalAveragePool()
        case "last_step": return LastStep()
        case "mean_pool": return MeanPool()
        default:
            let known = ReferenceCase.supportedLayerTypes.sorted().joined(separator: ", ")
            throw ReferenceCaseError(
                field: "\(fields.path).type", problem: "unknown layer type '\(type)' (known: \(known))")
        }
    }
}

extension ReferenceCase.LayerSpec {
    /// A `multi_head_attention` from the eight tensors in `fields` (`n_heads` there unless given).
    static func attention(_ fields: FieldReader, width: Int, heads: Int? = nil, causal: Bool) throws
        -> MultiHeadAttention
    {
        let headCount = try heads ?? fields.field("n_heads").integer()
        guard headCount > 0, width % headCount == 0 else {
            throw ReferenceCaseError(field: "n_heads", problem: "\(headCount) heads do not divide \(width) columns")
        }
        func matrix(_ name: String) throws -> Tensor { try fields.field(name).tensor(expectedShape: [width, width]) }
        func vector(_ name: String) throws -> Tensor { try fields.field(name).tensor(expectedShape: [width]) }
        return MultiHeadAttention(
            headCount: headCount, causal: causal, queryWeight: try matrix("w_q"), keyWeight: try matrix("w_k"),
            valueWeight: try matrix("w_v"), outputWeight: try matrix("w_o"), queryBias: try vector("b_q"),
            keyBias: try vector("b_k"), valueBias: try vector("b_v"), outputBias: try vector("b_o"))
    }
}

extension ReferenceCase.OptimizerSpec {
    /// Builds the optimizer over `parameters`, with PyTorch's defaults for absent fields.
    func makeOptimizer(parameters: [Parameter]) throws -> Optimizer {
        let learningRate = try fields.field("lr").float()
        let weightDecay = try fields.optionalField("weight_decay")?.float() ?? 0
        switch type {
        case "sgd", "sgd_momentum":
            return SGD(
                parameters: parameters, learningRate: learningRate,
                momentum: try fields.optionalField("momentum")?.float() ?? 0,
                dampening: try fields.optionalField("dampening")?.float() ?? 0,
                nesterov: try fields.optionalField("nesterov")?.bool() ?? false,
                weightDecay: weightDecay)
        case "adam", "adamw":
            var beta1: Float = 0.9
            var beta2: Float = 0.999
            if let betas = try fields.optionalField("betas")?.elements() {
                guard betas.count == 2 else { throw try fields.field("betas").failure("expected two numbers") }
                beta1 = try betas[0].float()
                beta2 = try betas[1].float()
            }
            return Adam(
                parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2,
                epsilon: try fields.optionalField("eps")?.float() ?? 1e-8,
                weightDecay: weightDecay,
                weightDecayStyle: type == "adamw" ? .decoupled : .coupledL2)
        default:
            throw ReferenceCaseError(
                field: "\(fields.path).type",
                problem: "unknown optimizer '\(type)' (expected sgd, sgd_momentum, adam or adamw)")
        }
    }
}
