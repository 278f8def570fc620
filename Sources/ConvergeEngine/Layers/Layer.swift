/// Whether a model is learning or being measured: dropout and batch normalisation behave
/// differently in each, and forgetting to switch is one of the bugs Converge stages.
public enum Mode: String, Sendable {
    case training
    case evaluation
}

/// One stage of a network, with an explicit forward and backward pass.
///
/// `forward` returns the layer's own output buffer and remembers what `backward` needs;
/// `backward` takes the gradient of the loss with respect to that output, adds the
/// parameter gradients into each `Parameter.gradient`, and returns the gradient with
/// respect to the input. Both act row by row on the last dimension unless a layer says otherwise.
public protocol Layer: AnyObject {
    /// The layer's kind, as the fixture files and scenario files name it (`linear`, `relu`).
    var kind: String { get }
    /// The trainable parameters, in a fixed order.
    var parameters: [Parameter] { get }
    /// Computes the output for `input`.
    func forward(_ input: Tensor) -> Tensor
    /// Backpropagates `outputGradient` through the last `forward`.
    func backward(_ outputGradient: Tensor) -> Tensor
    /// Switches between training and evaluation behaviour.
    func setMode(_ mode: Mode)
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public func setMode(_ mode: Mode) {}
}

/// A layer built from other layers (a residual block): its parameters are its children's,
/// addressed by dotted paths such as `layers.2.shortcut.0.weight`, as PyTorch names a
/// module's submodules.
public protocol CompositeLayer: Layer {
    /// The nested layers by group name, in the order their parameters are listed.
    var children: [(group: String, layers: [Layer])] { get }
    /// Whether each group is one named module (`layers.2.attn.w_q`, a Transformer block's
    /// `attn`) rather than a numbered sequence (`layers.2.shortcut.0.weight`).
    var namesGroupsAsModules: Bool { get }
}

extension CompositeLayer {
    public var namesGroupsAsModules: Bool { false }
}

/// A layer that can skip its input gradient. The first layer of a model has nobody upstream
/// to read it, and for a matrix layer it costs a third of the backward pass.
public protocol SkipsInputGradient: Layer {
    /// Whether `backward` computes the input gradient (true unless switched off).
    var computesInputGradient: Bool { get set }
}
