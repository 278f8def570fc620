import ConvergeEngine

/// The loss function a setup trains with.
public enum LossKind: String, SettingChoice {
    /// Cross-entropy on logits, through a stable log-sum-exp.
    case crossEntropy = "cross_entropy"
    /// `-log(softmax(logits))`, computed naively: it goes to `log(0)` on confident logits.
    case naiveLogSoftmax = "naive_log_softmax"
    /// Mean squared error.
    case mse

    public func makeLoss() -> Loss {
        switch self {
        case .crossEntropy: return CrossEntropy()
        case .naiveLogSoftmax: return NaiveLogSoftmaxCrossEntropy()
        case .mse: return MeanSquaredError()
        }
    }

    /// The lines of a PyTorch script that define `loss_fn`.
    public var pytorchDefinition: [String] {
        switch self {
        case .crossEntropy: return ["loss_fn = nn.CrossEntropyLoss()"]
        case .naiveLogSoftmax:
            return [
                "def loss_fn(logits, y):",
                "    return -torch.log(F.softmax(logits, dim=1))[torch.arange(len(y)), y].mean()",
            ]
        case .mse: return ["loss_fn = nn.MSELoss()"]
        }
    }
}
