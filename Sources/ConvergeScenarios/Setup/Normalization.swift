import ConvergeEngine

/// Normalisation after each hidden linear layer of an MLP, or each convolution of a CNN.
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

    /// The layer after a convolution of `channels` output channels: batch normalisation per
    /// channel. Layer normalisation has no convolutional form here (nil, refused by `set`).
    public func makeImageLayer(channels: Int) -> Layer? {
        self == .batchnorm ? BatchNorm2d(channelCount: channels) : nil
    }
}
