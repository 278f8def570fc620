/// The hidden activations a model can use: each one's layer, initialisation gain, PyTorch
/// spelling and what its instruments look for.
///
/// Adding an activation is adding its layer file and a case here; every switch below must
/// then say what the new case does, so nothing is forgotten.
public enum Activation: String, CaseIterable, Codable, Sendable {
    case relu
    case leakyReLU = "leaky_relu"
    case tanh
    case sigmoid
    case gelu

    /// How a unit of this activation stops passing gradient, which is what `activations`
    /// measures for it.
    public enum Failure: Sendable {
        /// Outputs at or below 0 pass no gradient (dead units).
        case dies
        /// Large inputs flatten the function (saturated units).
        case saturates
    }

    /// A fresh layer applying this activation (PyTorch's default slope for leaky ReLU).
    public func makeLayer() -> any ElementwiseActivation {
        switch self {
        case .relu: return ReLU()
        case .leakyReLU: return LeakyReLU()
        case .tanh: return Tanh()
        case .sigmoid: return Sigmoid()
        case .gelu: return GELU()
        }
    }

    /// The gain PyTorch recommends for this activation (`torch.nn.init.calculate_gain`).
    public func gain(negativeSlope: Float = 0.01) -> Float {
        switch self {
        case .relu: return Float(2).squareRoot()
        case .leakyReLU: return (2 / (1 + negativeSlope * negativeSlope)).squareRoot()
        case .tanh: return 5.0 / 3.0
        case .sigmoid, .gelu: return 1
        }
    }

    /// The name `calculate_gain` and `kaiming_normal_` take.
    public var pytorchName: String { rawValue }

    /// The module a PyTorch model would hold.
    public var pytorchModule: String {
        switch self {
        case .relu: return "nn.ReLU()"
        case .leakyReLU: return "nn.LeakyReLU(0.01)"
        case .tanh: return "nn.Tanh()"
        case .sigmoid: return "nn.Sigmoid()"
        case .gelu: return "nn.GELU()"
        }
    }

    /// How its units fail.
    public var failure: Failure {
        switch self {
        case .relu, .leakyReLU, .gelu: return .dies
        case .tanh, .sigmoid: return .saturates
        }
    }
}
