/// A residual block (He et al., 2016): `Y = S(X) + F(X)`, where `F` is a short stack of
/// layers and `S` is the identity or, when the shapes differ, a projection (usually a 1x1
/// convolution).
///
/// Why it helps a deep network train: the gradient reaching `X` is `dY + F'ᵀ dY`, so the
/// identity path hands every earlier layer the later gradient undiminished, however small
/// `F`'s own factors are. Nothing is applied after the sum; the next layer (a ReLU) does that.
public final class Residual: CompositeLayer {
    public let kind = "residual"
    /// `F`, applied in order.
    public let body: [Layer]
    /// `S`, applied in order; nil for the identity.
    public let shortcut: [Layer]?
    public let parameters: [Parameter]
    public var children: [(group: String, layers: [Layer])] {
        [("layers", body)] + (shortcut.map { [("shortcut", $0)] } ?? [])
    }

    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(_ body: [Layer], shortcut: [Layer]? = nil) {
        precondition(!body.isEmpty, "A residual block needs at least one layer")
        self.body = body
        self.shortcut = shortcut
        parameters = (body + (shortcut ?? [])).flatMap(\.parameters)
    }

    public func setMode(_ mode: Mode) {
        for layer in body + (shortcut ?? []) { layer.setMode(mode) }
    }

    public func forward(_ input: Tensor) -> Tensor {
        let transformed = body.reduce(input) { $1.forward($0) }
        let passed = shortcut?.reduce(input) { $1.forward($0) } ?? input
        precondition(
            transformed.shape == passed.shape,
            "A residual block's branches disagree: \(transformed.shape) against \(passed.shape)")
        output.reshape(like: transformed)
        for index in 0..<output.count { output[index] = transformed[index] + passed[index] }
        return output
    }

    /// The output gradient flows down both branches unchanged by the sum; the input
    /// gradient is what each branch hands back, added.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let throughBody = body.reversed().reduce(outputGradient) { $1.backward($0) }
        let throughShortcut = shortcut?.reversed().reduce(outputGradient) { $1.backward($0) } ?? outputGradient
        inputGradient.reshape(like: throughBody)
        for index in 0..<inputGradient.count {
            inputGradient[index] = throughBody[index] + throughShortcut[index]
        }
        return inputGradient
    }
}
