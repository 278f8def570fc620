/// Measurements a training run can take of its own insides. Each costs time, so a run
/// takes only those asked for, and a run with none pays nothing.
public struct ProbeOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The L2 norm of each parameter's gradient.
    public static let gradientNorms = ProbeOptions(rawValue: 1 << 0)
    /// Mean, standard deviation, and dead or saturated share of each layer's output.
    public static let activations = ProbeOptions(rawValue: 1 << 1)
    /// The L2 norm of each parameter.
    public static let weightNorms = ProbeOptions(rawValue: 1 << 2)
    /// `‖Δp‖ / ‖p‖` of each update, whose healthy order of magnitude is about 1e-3.
    public static let updateRatios = ProbeOptions(rawValue: 1 << 3)
    /// Check every activation and gradient for NaN or infinity, to find where it first appears.
    public static let nonFinite = ProbeOptions(rawValue: 1 << 4)

    public static let all: ProbeOptions = [.gradientNorms, .activations, .weightNorms, .updateRatios, .nonFinite]
}

/// One parameter's readings at one step.
public struct ParameterProbe: Sendable {
    /// Dotted key, `layers.0.weight`.
    public var key: String
    public var gradientNorm: Float?
    public var weightNorm: Float?
    public var updateRatio: Float?
}

/// One layer's output statistics at one step.
public struct ActivationProbe: Sendable {
    /// Position of the layer in the model.
    public var layerIndex: Int
    /// The layer's kind, `relu`, `tanh`…
    public var kind: String
    public var mean: Float
    public var standardDeviation: Float
    /// For ReLU-like layers: the share of outputs at or below 0 (no gradient flows back).
    public var fractionDead: Float?
    /// For tanh and sigmoid: the share of inputs with `|z| > 5`, where the derivative is
    /// nearly 0 (the saturation rule of DeepDiagnosis).
    public var fractionSaturated: Float?
    /// For ReLU-like layers on images: how many channels are 0 at every position of every
    /// image of the batch, out of how many. A conv filter is the unit a person looks at: a
    /// silent channel is a dead filter.
    public var silentChannels: (silent: Int, of: Int)?
}

/// All readings taken at one step.
public struct ProbeRecord: Sendable {
    /// Step number, counted from 0.
    public var step: Int
    public var parameters: [ParameterProbe]
    public var activations: [ActivationProbe]
}

/// The first NaN or infinity a run produced.
public struct NonFiniteEvent: Sendable, Equatable {
    /// Step number, counted from 0.
    public var step: Int
    /// Where it appeared: `loss`, `layers.2 (relu) output`, `layers.0.weight gradient`.
    public var location: String
    /// The offending value (NaN, +inf or -inf).
    public var value: Float
}
