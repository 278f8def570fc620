import ConvergeEngine

/// Normalisation after each hidden linear layer of an MLP.
public enum Normalization: String, SettingChoice {
    case none
    case batchnorm
    case layernorm

    /// The layer for a hidden width, or nil for none.
    public func makeLayer(width: Int) -> Layer? {
        switch self {
        case .none: return nil
        case .batchnorm: return BatchNorm1d(featureCount: width)
        case .layernorm: return LayerNorm(dimension: width)
        }
    }

    /// The PyTorch module for a hidden width, or nil for none.
    public func pytorchModule(width: Int) -> String? {
        switch self {
        case .none: return nil
        case .batchnorm: return "nn.BatchNorm1d(\(width))"
        case .layernorm: return "nn.LayerNorm(\(width))"
        }
    }
}
