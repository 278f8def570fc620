/// Layers applied one after another: the model of every scenario.
///
/// Parameters are addressed by dotted keys as in PyTorch (`layers.0.weight`), the names
/// a candidate types in commands and an author writes in scenario files.
public final class Sequential {
    /// The layers, in order.
    public let layers: [Layer]
    /// Every trainable parameter with its dotted key, in layer order.
    public let namedParameters: [(key: String, parameter: Parameter)]
    /// The parameters alone, in the same order (what an optimizer takes).
    public let parameters: [Parameter]
    /// A parameter-free step every batch passes through before the first layer: how the data
    /// loader lays a batch out (`BatchLastView`). It is not one of the model's layers, so
    /// parameter keys and per-layer probes do not see it.
    public let inputAdapter: Layer?
    /// Whether `backward` carries the gradient back through `inputAdapter` to the input.
    private let computesInputGradient: Bool
    /// The current behaviour of dropout and batch normalisation.
    public private(set) var mode: Mode = .training

    /// The output of each layer from the last forward pass (the layers' own buffers).
    /// Probes read activation statistics from here.
    public private(set) var layerOutputs: [Tensor]

    /// Creates a model from `layers`.
    ///
    /// The first layer skips its input gradient when it can (`SkipsInputGradient`): nothing
    /// upstream would read it. Pass `computesInputGradient: true` to get it (gradient checks do).
    public init(_ layers: [Layer], inputAdapter: Layer? = nil, computesInputGradient: Bool = false) {
        self.layers = layers
        self.inputAdapter = inputAdapter
        self.computesInputGradient = computesInputGradient
        self.namedParameters = Self.namedParameters(of: layers, prefix: "layers")
        self.parameters = namedParameters.map(\.parameter)
        self.layerOutputs = layers.map { _ in Tensor() }
        (layers.first as? any SkipsInputGradient)?.computesInputGradient = computesInputGradient
    }

    /// Each parameter's dotted key: `prefix.index.name`, descending into composite layers.
    private static func namedParameters(of layers: [Layer], prefix: String) -> [(key: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer -> [(key: String, parameter: Parameter)] in
            guard let composite = layer as? CompositeLayer else {
                return layer.parameters.map { (key: "\(prefix).\(index).\($0.name)", parameter: $0) }
            }
            return composite.children.flatMap { child -> [(key: String, parameter: Parameter)] in
                let group = "\(prefix).\(index).\(child.group)"
                guard composite.namesGroupsAsModules else { return namedParameters(of: child.layers, prefix: group) }
                return child.layers.flatMap(\.parameters).map { (key: "\(group).\($0.name)", parameter: $0) }
            }
        }
    }

    /// Runs `input` through every layer and returns the last output (the last layer's buffer).
    public func forward(_ input: Tensor) -> Tensor {
        var activation = inputAdapter?.forward(input) ?? input
        for index in layers.indices {
            activation = layers[index].forward(activation)
            layerOutputs[index] = activation
        }
        return activation
    }

    /// Backpropagates the gradient of the loss with respect to the model's output, adding
    /// into every parameter's gradient. Returns the gradient with respect to the input.
    @discardableResult
    public func backward(_ outputGradient: Tensor) -> Tensor {
        var gradient = outputGradient
        for index in layers.indices.reversed() {
            gradient = layers[index].backward(gradient)
        }
        if computesInputGradient, let inputAdapter { gradient = inputAdapter.backward(gradient) }
        return gradient
    }

    /// Clears every parameter's gradient: the step PyTorch calls `zero_grad()`.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// Puts every layer in training or evaluation behaviour.
    public func setMode(_ mode: Mode) {
        self.mode = mode
        for layer in layers { layer.setMode(mode) }
    }

    /// Number of trainable values.
    public var parameterCount: Int {
        parameters.reduce(0) { $0 + $1.value.count }
    }

    /// The parameter with the dotted key, if any.
    public func parameter(_ key: String) -> Parameter? {
        namedParameters.first { $0.key == key }?.parameter
    }
}
