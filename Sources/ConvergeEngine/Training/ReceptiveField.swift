/// Which input pixels can reach one output unit of a CNN, measured and counted.
///
/// The effective receptive field (Luo et al., 2016) is the gradient of a central unit of the
/// last spatial layer with respect to the input, in absolute value, averaged over images and
/// input channels: where it is 0 the unit cannot see. The theoretical field is what the
/// kernels, strides and pools allow; the effective one is usually smaller and centred.
public struct ReceptiveField: Sendable {
    /// `height x width` of the input, row-major: the mean absolute gradient per pixel,
    /// scaled so the largest is 1.
    public var map: [Float]
    public var inputSize: (height: Int, width: Int)
    /// The height and width the kernels, strides and pools allow.
    public var theoreticalSize: (height: Int, width: Int)
    /// The bounding box of the pixels whose gradient is at least 1% of the largest.
    public var effectiveSize: (height: Int, width: Int)
    /// The layer whose central unit was traced (the last with a `B x C x H x W` output).
    public var layerIndex: Int
    /// What follows that layer: a global average pool adds up what each unit saw, so no
    /// output sees further than one unit does.
    public var followedByGlobalPool: Bool

    /// Traces the central unit of every channel of the last spatial layer of `model` on
    /// `images`, or nil when the model has no convolution. Leaves parameter gradients at 0.
    public static func measure(model: Sequential, images: Tensor) -> ReceptiveField? {
        guard images.shape.count == 4, model.layers.first is Conv2d else { return nil }
        let first = model.layers.first as? any SkipsInputGradient
        let computed = first?.computesInputGradient ?? true
        first?.computesInputGradient = true
        defer { first?.computesInputGradient = computed }
        model.zeroGradients()
        _ = model.forward(images)
        guard let last = model.layerOutputs.lastIndex(where: { $0.shape.count == 4 }) else { return nil }
        let output = model.layerOutputs[last]
        let (batch, channels, height, width) = (output.shape[0], output.shape[1], output.shape[2], output.shape[3])
        let seed = Tensor(shape: output.shape)
        for b in 0..<batch {
            for c in 0..<channels { seed[((b * channels + c) * height + height / 2) * width + width / 2] = 1 }
        }
        var gradient = seed
        for index in stride(from: last, through: 0, by: -1) { gradient = model.layers[index].backward(gradient) }
        model.zeroGradients()
        let (inputChannels, inputHeight, inputWidth) = (images.shape[1], images.shape[2], images.shape[3])
        var map = [Float](repeating: 0, count: inputHeight * inputWidth)
        for b in 0..<batch {
            for c in 0..<inputChannels {
                for pixel in 0..<map.count {
                    map[pixel] += Swift.abs(gradient[(b * inputChannels + c) * map.count + pixel])
                }
            }
        }
        let largest = map.max() ?? 0
        if largest > 0 { map = map.map { $0 / largest } }
        let seen = map.indices.filter { largest > 0 && map[$0] >= 0.01 }
        let rows = seen.map { $0 / inputWidth }
        let columns = seen.map { $0 % inputWidth }
        let effective =
            seen.isEmpty
            ? (0, 0) : ((rows.max() ?? 0) - (rows.min() ?? 0) + 1, (columns.max() ?? 0) - (columns.min() ?? 0) + 1)
        return ReceptiveField(
            map: map, inputSize: (inputHeight, inputWidth),
            theoreticalSize: theoretical(model.layers[...last], input: (inputHeight, inputWidth)),
            effectiveSize: effective, layerIndex: last,
            followedByGlobalPool: model.layers.dropFirst(last + 1).first is GlobalAveragePool)
    }

    /// The field the layers allow, clipped to the input: each `k x k` window with stride `s`
    /// adds `(k - 1)` times the current jump, and multiplies the jump by `s`.
    static func theoretical(_ layers: ArraySlice<Layer>, input: (height: Int, width: Int)) -> (height: Int, width: Int)
    {
        var size = (height: 1, width: 1)
        var jump = (height: 1, width: 1)
        func add(kernel: (height: Int, width: Int), stride: (height: Int, width: Int)) {
            size = (size.height + (kernel.height - 1) * jump.height, size.width + (kernel.width - 1) * jump.width)
            jump = (jump.height * stride.height, jump.width * stride.width)
        }
        func walk(_ layers: [Layer]) {
            for layer in layers {
                switch layer {
                case let conv as Conv2d: add(kernel: conv.kernel, stride: conv.stride)
                case let pool as Pool2d: add(kernel: pool.kernel, stride: pool.stride)
                // A residual block sees as far as its longer branch, the body.
                case let block as Residual: walk(block.body)
                default: continue
                }
            }
        }
        walk(Array(layers))
        return (Swift.min(size.height, input.height), Swift.min(size.width, input.width))
    }
}
