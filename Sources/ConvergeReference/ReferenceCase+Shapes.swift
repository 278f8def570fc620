import ConvergeEngine

extension ReferenceCase {
    /// Follows the input's shape through the layers before anything runs, so a file whose
    /// layers do not fit together (a `linear` of 4 inputs after one of 3 outputs, a 2-D input
    /// to an RNN) is a message naming the layer rather than a crash inside the engine.
    func checkShapes() throws {
        _ = try Self.outputShape(of: layers, input: inputs.shape, path: "layers")
    }

    /// The shape `specs` turn `input` into, or a message naming the first layer that cannot
    /// take what it is given (`layers[2].shortcut[0]` inside a residual block).
    private static func outputShape(of specs: [LayerSpec], input: [Int], path: String) throws -> [Int] {
        var shape = input
        for (index, spec) in specs.enumerated() {
            func failure(_ problem: String) -> ReferenceCaseError {
                ReferenceCaseError(field: "\(path)[\(index)]", problem: problem)
            }
            func requireWidth(_ width: Int, _ name: String) throws {
                guard let last = shape.last, last == width else {
                    throw failure(
                        "\(spec.type) takes \(name) \(width), but its input is \(shape.map(String.init).joined(separator: " x "))"
                    )
                }
            }
            switch spec.type {
            case "linear":
                try requireWidth(try spec.fields.field("in").integer(), "inputs of width")
                shape[shape.count - 1] = try spec.fields.field("out").integer()
            case "layernorm":
                try requireWidth(try spec.fields.field("dim").integer(), "inputs of width")
            case "batchnorm1d":
                guard shape.count == 2 else { throw failure("batchnorm1d takes a B x features array") }
                try requireWidth(try spec.fields.field("features").integer(), "features")
            case "rnn", "lstm", "self_attention":
                guard shape.count == 3 else {
                    throw failure("\(spec.type) takes a B x T x features array; its input has \(shape.count) axes")
                }
                if spec.type == "self_attention" {
                    try requireWidth(try spec.fields.field("d_model").integer(), "inputs of width")
                } else {
                    try requireWidth(try spec.fields.field("input_size").integer(), "inputs of width")
                    shape[2] = try spec.fields.field("hidden_size").integer()
                }
            case "conv2d", "maxpool2d", "avgpool2d":
                guard shape.count == 4 else {
                    throw failure("\(spec.type) takes a B x C x H x W array; its input has \(shape.count) axes")
                }
                let kernel = try spec.pair("kernel_size")
                var stride = kernel
                var padding = (0, 0)
                if spec.type == "conv2d" {
                    guard try spec.fields.field("in_channels").integer() == shape[1] else {
                        throw failure(
                            "conv2d takes \(try spec.fields.field("in_channels").integer()) channels, but its input has \(shape[1])"
                        )
                    }
                    stride = try spec.pair("stride", default: (1, 1))
                    padding = try spec.pair("padding", default: (0, 0), minimum: 0)
                    shape[1] = try spec.fields.field("out_channels").integer()
                } else {
                    stride = try spec.pair("stride", default: kernel)
                }
                if shape[2] + 2 * padding.0 < kernel.0 || shape[3] + 2 * padding.1 < kernel.1 {
                    throw failure("the \(kernel.0) x \(kernel.1) window does not fit the input")
                }
                shape[2] = (shape[2] + 2 * padding.0 - kernel.0) / stride.0 + 1
                shape[3] = (shape[3] + 2 * padding.1 - kernel.1) / stride.1 + 1
            case "batchnorm2d":
                guard shape.count == 4 else { throw failure("batchnorm2d takes a B x C x H x W array") }
                guard try spec.fields.field("num_features").integer() == shape[1] else {
                    throw failure(
                        "batchnorm2d takes \(try spec.fields.field("num_features").integer()) channels, but its input has \(shape[1])"
                    )
                }
            case "residual":
                let body = try outputShape(
                    of: try layerSpecs(try spec.fields.field("layers")), input: shape, path: "\(path)[\(index)].layers")
                var passed = shape
                if let shortcut = try spec.fields.optionalField("shortcut") {
                    passed = try outputShape(
                        of: try layerSpecs(shortcut), input: shape, path: "\(path)[\(index)].shortcut")
                }
                guard body == passed else {
                    throw failure(
                        "the residual branch gives \(body.map(String.init).joined(separator: " x ")) but the shortcut gives \(passed.map(String.init).joined(separator: " x "))"
                    )
                }
                shape = body
            case "flatten", "global_avg_pool":
                guard shape.count == 4 else { throw failure("\(spec.type) takes a B x C x H x W array") }
                shape = spec.type == "flatten" ? [shape[0], shape[1] * shape[2] * shape[3]] : [shape[0], shape[1]]
            case "embedding":
                guard index == 0, shape.count == 2 else {
                    throw failure("embedding comes first and takes B x T token ids")
                }
                shape.append(try spec.fields.field("embedding_dim").integer())
            case "positional_embedding", "sinusoidal_positions", "multi_head_attention", "transformer_block":
                guard shape.count == 3 else { throw failure("\(spec.type) takes a B x T x d array") }
                let width = try spec.fields.field(
                    spec.type == "multi_head_attention" || spec.type == "transformer_block" ? "d_model" : "dim"
                ).integer()
                try requireWidth(width, "inputs of width")
                if spec.type == "positional_embedding", shape[1] > (try spec.fields.field("max_len").integer()) {
                    throw failure(
                        "positional_embedding has \(try spec.fields.field("max_len").integer()) positions, the input \(shape[1]) steps"
                    )
                }
            case "last_step", "mean_pool":
                guard shape.count == 3 else { throw failure("\(spec.type) takes a B x T x features array") }
                shape = [shape[0], shape[2]]
            default:
                break
            }
            if shape.contains(where: { $0 < 1 }) { throw failure("its output would be empty") }
        }
        return shape
    }
}
