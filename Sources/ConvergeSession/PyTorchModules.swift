import ConvergeEngine

/// The PyTorch module that matches each engine layer, so the `code` of a CNN is written from
/// the very model the engine trains rather than from a second description of it.
enum PyTorchModules {
    /// `nn.Sequential(...)` lines for `layers`, each entry followed by a comma, indented by
    /// `indent`. A residual block becomes `Residual(body, shortcut)` (defined by `residualClass`).
    static func lines(for layers: [Layer], indent: String) -> [String] {
        layers.flatMap { layer -> [String] in
            guard let block = layer as? Residual else { return module(layer).map { "\(indent)\($0)," } }
            var lines = ["\(indent)Residual("]
            lines += sequential(block.body, indent: indent + "    ")
            if let shortcut = block.shortcut { lines += sequential(shortcut, indent: indent + "    ") }
            lines.append("\(indent)),")
            return lines
        }
    }

    private static func sequential(_ layers: [Layer], indent: String) -> [String] {
        ["\(indent)nn.Sequential("] + lines(for: layers, indent: indent + "    ") + ["\(indent)),"]
    }

    /// The module of one plain layer (two for a global average pool, which PyTorch spells as
    /// a pool to 1x1 and a flatten).
    static func module(_ layer: Layer) -> [String] {
        switch layer {
        case let conv as Conv2d:
            var text = "nn.Conv2d(\(conv.inputChannels), \(conv.outputChannels), \(conv.kernel.height)"
            if conv.stride != (1, 1) { text += ", stride=\(conv.stride.height)" }
            if conv.padding != (0, 0) { text += ", padding=\(conv.padding.height)" }
            if conv.bias == nil { text += ", bias=False" }
            return [text + ")"]
        case let norm as BatchNorm2d: return ["nn.BatchNorm2d(\(norm.channelCount))"]
        case let pool as Pool2d:
            return ["nn.\(pool.reduction == .maximum ? "MaxPool2d" : "AvgPool2d")(\(pool.kernel.height))"]
        case is Flatten: return ["nn.Flatten()"]
        case is GlobalAveragePool: return ["nn.AdaptiveAvgPool2d(1)", "nn.Flatten()"]
        case let linear as Linear: return ["nn.Linear(\(linear.inputSize), n_classes)"]
        case is Softmax: return ["nn.Softmax(dim=1)"]
        default:
            if let activation = Activation(rawValue: layer.kind) { return [activation.pytorchModule] }
            return ["# \(layer.kind)"]
        }
    }

    /// The small module a residual block needs: PyTorch has none built in.
    static let residualClass = [
        "class Residual(nn.Module):",
        "    \"\"\"y = body(x) + shortcut(x); the shortcut is the identity unless given.\"\"\"",
        "    def __init__(self, body, shortcut=None):",
        "        super().__init__()",
        "        self.body, self.shortcut = body, shortcut or nn.Identity()",
        "",
        "    def forward(self, x):",
        "        return self.body(x) + self.shortcut(x)",
        "",
    ]
}
