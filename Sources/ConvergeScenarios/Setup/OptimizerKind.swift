import ConvergeEngine
import ConvergeSupport

/// The optimizer a setup trains with.
public enum OptimizerKind: String, SettingChoice {
    /// SGD, with momentum when the setup has some; weight decay as L2.
    case sgd
    /// Adam, with weight decay added to the gradient (L2).
    case adam
    /// Adam with decoupled weight decay (Loshchilov and Hutter).
    case adamw

    /// The optimizer for `parameters`, with the setup's rate, momentum and decay.
    public func makeOptimizer(parameters: [Parameter], learningRate: Float, momentum: Float, weightDecay: Float)
        -> Optimizer
    {
        switch self {
        case .sgd:
            return SGD(parameters: parameters, learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        case .adam:
            return Adam(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .adamw:
            return Adam.adamW(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        }
    }

    /// The PyTorch constructor call, over `parameters` (a Python expression).
    public func pytorchConstructor(
        learningRate: Float, momentum: Float, weightDecay: Float, parameters: String = "model.parameters()"
    ) -> String {
        let rate = Format.setting(learningRate)
        let decay = weightDecay > 0 ? ", weight_decay=\(Format.setting(weightDecay))" : ""
        switch self {
        case .sgd:
            let momentum = momentum > 0 ? ", momentum=\(Format.setting(momentum))" : ""
            return "torch.optim.SGD(\(parameters), lr=\(rate)\(momentum)\(decay))"
        case .adam: return "torch.optim.Adam(\(parameters), lr=\(rate)\(decay))"
        case .adamw: return "torch.optim.AdamW(\(parameters), lr=\(rate)\(decay))"
        }
    }
}
