import ConvergeEngine
import ConvergeSupport

/// What the engine computes for a reference case, laid out as the fixture's `expected` block.
public struct ReferenceResult {
    /// The network's output for `x` at the initial parameters.
    public var output: Tensor
    /// The loss at the initial parameters.
    public var loss: Float
    /// Per layer: each parameter's gradient by name, nested for a residual block.
    public var gradients: [LayerEntry]
    /// Per layer: parameters after the optimizer steps, when the case has an optimizer.
    public var parametersAfterSteps: [LayerEntry]?
    /// Per layer: a batch normalisation's running statistics after the first forward.
    public var runningStatistics: [LayerEntry] = []
    /// The loss just before each optimizer step.
    public var lossesBeforeSteps: [Float]?
    /// Per layer: the attention weights (`B x T x T`) of a self-attention layer, else nil.
    public var attention: [Tensor?] = []
    /// The layer kinds, for the readable table.
    public var layerKinds: [String]

    /// The result in the layout `check_grads.py` reads.
    public var json: JSONValue {
        func perLayer(_ entries: [LayerEntry]) -> JSONValue { .array(entries.map(\.json)) }
        var pairs: [(String, JSONValue)] = [
            ("output", JSONValue(output)),
            ("loss", .number(Double(loss))),
            ("grads", perLayer(gradients)),
        ]
        if attention.contains(where: { $0 != nil }) {
            pairs.append(("attention", .array(attention.map { $0.map(JSONValue.init) ?? .null })))
        }
        if runningStatistics.contains(where: \.holdsValues) {
            pairs.append(("running_stats", perLayer(runningStatistics)))
        }
        if let parametersAfterSteps { pairs.append(("params_after", perLayer(parametersAfterSteps))) }
        if let lossesBeforeSteps { pairs.append(("losses", .array(lossesBeforeSteps.map { .number(Double($0)) }))) }
        return .object(pairs)
    }
}

/// Runs a reference case through the engine: one forward and backward pass at the file's
/// parameters, then, when the case names an optimizer, its full-batch steps.
public enum ReferenceRunner {
    public static func run(_ referenceCase: ReferenceCase) throws -> ReferenceResult {
        try referenceCase.checkShapes()
        let model = try referenceCase.makeModel()
        let loss = try referenceCase.makeLoss()
        let optimizer = try referenceCase.optimizer?.makeOptimizer(parameters: model.parameters)
        if let width = inputWidth(of: model), referenceCase.inputs.columns != width {
            throw ReferenceCaseError(
                field: "x",
                problem: "rows have \(referenceCase.inputs.columns) values but the first layer takes \(width)")
        }
        if loss is CrossEntropy || loss is NaiveLogSoftmaxCrossEntropy {
            try checkClassIndices(referenceCase.targets, model: model)
        }

        model.zeroGradients()
        let output = model.forward(referenceCase.inputs).copy()
        if !(loss is CrossEntropy || loss is NaiveLogSoftmaxCrossEntropy), referenceCase.targets.count != output.count {
            throw ReferenceCaseError(
                field: "y", problem: "has shape \(referenceCase.targets.shape) but the network outputs \(output.shape)")
        }
        let lossValue = loss.forward(output, targets: referenceCase.targets)
        model.backward(loss.backward())
        var result = ReferenceResult(
            output: output, loss: lossValue,
            gradients: snapshot(model, of: \.gradient),
            layerKinds: model.layers.map(\.kind))
        result.attention = model.layers.map { layer in
            switch layer {
            case let single as SelfAttention: return single.attention.copy()
            case let heads as MultiHeadAttention: return heads.attention.copy()
            case let block as TransformerBlock: return block.attention.attention.copy()
            default: return nil
            }
        }
        result.runningStatistics = model.layers.map {
            LayerEntry(of: $0) { layer in
                (layer as? BatchNorm2d).map { [("running_mean", $0.runningMean), ("running_var", $0.runningVariance)] }
            }
        }

        if let optimizer {
            var losses: [Float] = []
            for _ in 0..<referenceCase.steps {
                optimizer.zeroGradients()
                let stepOutput = model.forward(referenceCase.inputs)
                losses.append(loss.forward(stepOutput, targets: referenceCase.targets))
                model.backward(loss.backward())
                optimizer.step()
            }
            result.parametersAfterSteps = snapshot(model, of: \.value)
            result.lossesBeforeSteps = losses
        }
        return result
    }

    private static func snapshot(_ model: Sequential, of part: KeyPath<Parameter, Tensor>) -> [LayerEntry] {
        model.layers.map { layer in
            LayerEntry(of: layer) { plain in
                plain.parameters.isEmpty ? nil : plain.parameters.map { (name: $0.name, value: $0[keyPath: part]) }
            }
        }
    }

    /// The width the first layer with a fixed input width expects.
    private static func inputWidth(of model: Sequential) -> Int? {
        for layer in model.layers {
            switch layer {
            case let linear as Linear: return linear.inputSize
            case let norm as LayerNorm: return norm.dimension
            case let norm as BatchNorm1d: return norm.featureCount
            case let rnn as RNN: return rnn.inputSize
            case let lstm as LSTM: return lstm.inputSize
            case let attention as SelfAttention: return attention.modelDimension
            // Token ids, and layers whose width `checkShapes` follows.
            case is Embedding, is PositionalEmbedding, is SinusoidalPositions, is MultiHeadAttention,
                is TransformerBlock:
                return nil
            // Images: `checkShapes` follows them through the convolutions.
            case is Conv2d, is Pool2d, is Flatten, is GlobalAveragePool, is BatchNorm2d, is Residual: return nil
            default: continue
            }
        }
        return nil
    }

    private static func checkClassIndices(_ targets: Tensor, model: Sequential) throws {
        if targets.shape.count != 1 {
            throw ReferenceCaseError(
                field: "y", problem: "cross-entropy takes one class index per row, found shape \(targets.shape)")
        }
        let classes = model.layers.reversed().compactMap { ($0 as? Linear)?.outputSize }.first
        for row in 0..<targets.count {
            let value = targets[row]
            guard value == value.rounded(), value >= 0, classes.map({ Int(value) < $0 }) ?? true else {
                throw ReferenceCaseError(
                    field: "y[\(row)]", problem: "\(value) is not a class index of the network's output")
            }
        }
    }
}
