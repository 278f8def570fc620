import Foundation

/// Adam (Kingma and Ba, 2015), with weight decay either coupled as an L2 term, as
/// `torch.optim.Adam(weight_decay=…)` does, or decoupled, as `torch.optim.AdamW` does.
///
/// The difference matters, and a scenario turns on it: coupled decay is added to the
/// gradient and then divided by Adam's per-parameter scale, so strong decay swamps the
/// signal; decoupled decay shrinks the weights directly (Loshchilov and Hutter, 2019).
public final class Adam: Optimizer {
    /// How weight decay enters the update.
    public enum WeightDecayStyle: Sendable {
        /// `g += weightDecay · p` before the moments (Adam with L2).
        case coupledL2
        /// `p *= 1 − lr · weightDecay` before the Adam update (AdamW).
        case decoupled
    }

    public var kind: String { weightDecayStyle == .decoupled ? "adamw" : "adam" }
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let weightDecayStyle: WeightDecayStyle

    private let firstMoments: [Tensor]
    private let secondMoments: [Tensor]
    private var stepCount = 0

    public init(
        parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0, weightDecayStyle: WeightDecayStyle = .coupledL2
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.weightDecayStyle = weightDecayStyle
        self.firstMoments = parameters.map { Tensor(shape: $0.value.shape) }
        self.secondMoments = parameters.map { Tensor(shape: $0.value.shape) }
    }

    /// AdamW: Adam with decoupled weight decay (PyTorch's default decay is 0.01).
    public static func adamW(
        parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0.01
    ) -> Adam {
        Adam(
            parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2,
            epsilon: epsilon, weightDecay: weightDecay, weightDecayStyle: .decoupled)
    }

    /// `m = β₁m + (1−β₁)g`, `v = β₂v + (1−β₂)g²`, `p −= lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)`.
    public func step() {
        stepCount += 1
        let t = Float(stepCount)
        let correction1 = 1 - Foundation.pow(beta1, t)
        let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
        let stepSize = learningRate / correction1
        let coupledDecay = weightDecayStyle == .coupledL2 ? weightDecay : 0
        let shrink = weightDecayStyle == .decoupled ? 1 - learningRate * weightDecay : 1
        for (index, parameter) in parameters.enumerated() {
            let p = parameter.value.baseAddress
            let grad = parameter.gradient.baseAddress
            let m = firstMoments[index].baseAddress
            let v = secondMoments[index].baseAddress
            for i in 0..<parameter.value.count {
                let g = grad[i] + coupledDecay * p[i]
                p[i] *= shrink
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                let denominator = v[i].squareRoot() / correction2Root + epsilon
                p[i] -= stepSize * m[i] / denominator
            }
        }
    }
}
