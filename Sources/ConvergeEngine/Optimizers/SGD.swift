/// Stochastic gradient descent, optionally with momentum, in PyTorch's formulation.
///
/// With `g = grad + weightDecay · p`: the momentum buffer starts as `g` on the first step and
/// then follows `buf = momentum · buf + (1 − dampening) · g`; the update is `p −= lr · buf`
/// (or `p −= lr · (g + momentum · buf)` with Nesterov). Without momentum, `p −= lr · g`.
/// The weight decay is added to a copy: the stored gradient is left as backward made it.
public final class SGD: Optimizer {
    public let kind: String
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float
    public let dampening: Float
    public let isNesterov: Bool
    public let weightDecay: Float

    private let momentumBuffers: [Tensor]
    private var hasStepped = false

    public init(
        parameters: [Parameter], learningRate: Float, momentum: Float = 0,
        dampening: Float = 0, nesterov: Bool = false, weightDecay: Float = 0
    ) {
        self.kind = momentum == 0 ? "sgd" : "sgd_momentum"
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.isNesterov = nesterov
        self.weightDecay = weightDecay
        self.momentumBuffers = momentum == 0 ? [] : parameters.map { Tensor(shape: $0.value.shape) }
    }

    public func step() {
        let lr = learningRate
        for (index, parameter) in parameters.enumerated() {
            let p = parameter.value.baseAddress
            let grad = parameter.gradient.baseAddress
            let count = parameter.value.count
            if momentum == 0 {
                for i in 0..<count { p[i] -= lr * (grad[i] + weightDecay * p[i]) }
                continue
            }
            let buffer = momentumBuffers[index].baseAddress
            for i in 0..<count {
                let g = grad[i] + weightDecay * p[i]
                buffer[i] = hasStepped ? momentum * buffer[i] + (1 - dampening) * g : g
                p[i] -= lr * (isNesterov ? g + momentum * buffer[i] : buffer[i])
            }
        }
        hasStepped = true
    }
}
