/// Updates parameters from their gradients.
///
/// The training step keeps PyTorch's order, each stage explicit: zero the gradients,
/// forward, loss, backward, `step()`.
public protocol Optimizer: AnyObject {
    /// The optimizer's name as fixture and scenario files spell it (`sgd`, `adam`).
    var kind: String { get }
    /// The parameters it updates.
    var parameters: [Parameter] { get }
    /// Step size; a schedule may change it before every step.
    var learningRate: Float { get set }
    /// Applies one update from the current gradients.
    func step()
}

extension Optimizer {
    /// Clears the gradient of every parameter this optimizer updates.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }
}
