/// A batch read the wrong way round: the examples were stacked batch-last (`features x B`,
/// as MATLAB and Flux lay arrays out) and brought to batch-first with `view` instead of
/// `permute`. A view keeps the memory order, so row `b` of the result is a slice of the
/// batch-last buffer: a piece of every example, none of them whole.
///
/// PyTorch: `x.view(x.shape[-1], *x.shape[:-1])` on a batch-last `x`. The engine receives
/// batches batch-first, so `forward` first lays the batch out as the loader did and then
/// reads it as the view does. With one example per batch it changes nothing, which is why
/// the mistake survives a test on a single image.
public final class BatchLastView: Layer {
    public let kind = "batch_last_view"
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init() {}

    /// `output.flat[k] = batchLast.flat[k]`, where `batchLast.flat[f·B + b] = input[b, f]`.
    public func forward(_ input: Tensor) -> Tensor {
        output.reshape(input.shape)
        let batch = input.shape.first ?? 0
        let features = batch == 0 ? 0 : input.count / batch
        let x = input.baseAddress
        let y = output.baseAddress
        for position in 0..<input.count {
            let (feature, example) = position.quotientAndRemainder(dividingBy: batch)
            y[position] = x[example * features + feature]
        }
        return output
    }

    /// The same reordering backwards: each output position's gradient returns to the input
    /// value it was read from.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.reshape(outputGradient.shape)
        let batch = outputGradient.shape.first ?? 0
        let features = batch == 0 ? 0 : outputGradient.count / batch
        let g = outputGradient.baseAddress
        let dx = inputGradient.baseAddress
        for position in 0..<outputGradient.count {
            let (feature, example) = position.quotientAndRemainder(dividingBy: batch)
            dx[example * features + feature] = g[position]
        }
        return inputGradient
    }
}
