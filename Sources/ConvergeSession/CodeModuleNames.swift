import ConvergeScenarios

/// The instruments name parameters as the engine holds them: `layers.N`, in the model's order.
/// `code` writes an MLP or a CNN as an `nn.Sequential`, whose `model[N]` is `layers.N`, but a
/// Transformer or a recurrent model as a class with named parts (`embed`, `blocks`, `head`).
/// For those, the tables end with a legend from one naming to the other.
enum CodeModuleNames {
    /// "In `code`: layers.0 is embed, ...", or nil where the names already agree. The kinds
    /// are those of the model the table read, one per layer.
    static func legend(_ architecture: Architecture, layerKinds: [String]) -> String? {
        guard architecture != .mlp && architecture != .cnn else { return nil }
        var parts: [String] = []
        var blocks: [Int] = []
        func closeBlocks() {
            guard let first = blocks.first, let last = blocks.last else { return }
            parts.append(
                first == last
                    ? "layers.\(first) is blocks.layers.0"
                    : "layers.\(first)-\(last) are blocks.layers.0-\(last - first)")
            blocks = []
        }
        for (index, kind) in layerKinds.enumerated() {
            if kind == "transformer_block" {
                blocks.append(index)
                continue
            }
            closeBlocks()
            switch kind {
            case "linear": parts.append("layers.\(index) is \(index == 0 ? "embed" : "head")")
            case "positional_embedding", "sinusoidal_positions": parts.append("layers.\(index) is pos")
            case "layernorm": parts.append("layers.\(index) is norm")
            case "mean_pool": parts.append("layers.\(index) is the mean over the steps")
            case "last_step": parts.append("layers.\(index) is the last step")
            case "rnn", "lstm": parts.append("layers.\(index) is rnn")
            case "self_attention": parts.append("layers.\(index) holds q, k, v and o (its w_q, w_k, w_v and w_o)")
            default: continue  // masks and views hold no parameters and have no name in `code`
            }
        }
        closeBlocks()
        guard !parts.isEmpty else { return nil }
        var legend = "In `code`: " + parts.joined(separator: ", ") + "."
        if layerKinds.contains("transformer_block") {
            legend +=
                " In a block, ln1 and ln2 are norm1 and norm2, attn is self_attn (w_q, w_k and w_v stacked are its"
                + " in_proj_weight, w_o is out_proj), ff1 and ff2 are linear1 and linear2."
        }
        return legend
    }

    /// `attention` counts a Transformer's blocks from 1, as a person names them; this says
    /// which `layers.N` of the other instruments and which `blocks.layers.N` of `code` each is.
    static func blockLegend(layerKinds: [String]) -> String? {
        let blocks = layerKinds.indices.filter { layerKinds[$0] == "transformer_block" }
        guard let first = blocks.first, let last = blocks.last else { return nil }
        if first == last {
            return "Block 1 is layers.\(first) in the other instruments and blocks.layers.0 in `code`."
        }
        return "Blocks 1-\(blocks.count) are layers.\(first)-\(last) in the other instruments and "
            + "blocks.layers.0-\(blocks.count - 1) in `code`."
    }
}
