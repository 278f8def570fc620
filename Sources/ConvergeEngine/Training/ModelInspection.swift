/// One forward and backward pass on a fixed batch, read layer by layer: what the
/// instrument commands (`grad-norms`, `activations`, `weights`) show.
///
/// The model's weights are not changed; its gradients are overwritten.
public struct ModelInspection: Sendable {
    /// The loss on the batch.
    public var loss: Float
    /// Gradient norm, weight norm and weight statistics of each parameter.
    public var parameters: [ParameterReading]
    /// Output statistics of each layer.
    public var activations: [ActivationProbe]

    /// One parameter's readings.
    public struct ParameterReading: Sendable {
        public var key: String
        /// Whether the parameter is a bias (see `Parameter.isBias`).
        public var isBias: Bool
        public var gradientNorm: Float
        public var weightNorm: Float
        public var weightMean: Float
        public var weightStandardDeviation: Float
        /// Share of gradient entries that are exactly 0 (AUTOTRAINER's dying-ReLU signal).
        public var fractionZeroGradient: Float
    }

    /// Runs the pass in the model's current mode.
    public init(model: Sequential, loss lossFunction: Loss, inputs: Tensor, targets: Tensor) {
        model.zeroGradients()
        let output = model.forward(inputs)
        loss = lossFunction.forward(output, targets: targets)
        model.backward(lossFunction.backward())
        parameters = model.namedParameters.map { key, parameter in
            ParameterReading(
                key: key, isBias: parameter.isBias, gradientNorm: parameter.gradient.norm,
                weightNorm: parameter.value.norm,
                weightMean: parameter.value.mean, weightStandardDeviation: parameter.value.standardDeviation,
                fractionZeroGradient: parameter.gradient.fraction { $0 == 0 })
        }
        activations = model.layers.enumerated().map { index, layer in
            ActivationProbe.reading(
                layerIndex: index, layer: layer, output: model.layerOutputs[index],
                input: index > 0 ? model.layerOutputs[index - 1] : inputs)
        }
        model.zeroGradients()
    }
}

extension ActivationProbe {
    /// Output statistics of one layer, with the dead or saturated share where the kind has one.
    public static func reading(layerIndex: Int, layer: Layer, output: Tensor, input: Tensor?) -> ActivationProbe {
        var probe = ActivationProbe(
            layerIndex: layerIndex, kind: layer.kind,
            mean: output.mean, standardDeviation: output.standardDeviation)
        switch (layer as? any ElementwiseActivation)?.activation.failure {
        case .dies?:
            probe.fractionDead = output.fraction { $0 <= 0 }
            if output.shape.count == 4 {
                let (batch, channels, plane) = (output.shape[0], output.shape[1], output.shape[2] * output.shape[3])
                let silent = (0..<channels).filter { c in
                    (0..<batch).allSatisfy { b in
                        let values = output.baseAddress + (b * channels + c) * plane
                        return (0..<plane).allSatisfy { values[$0] <= 0 }
                    }
                }
                probe.silentChannels = (silent.count, channels)
            }
        case .saturates?:
            probe.fractionSaturated = input?.fraction { Swift.abs($0) > 5 }
        case nil:
            break
        }
        return probe
    }
}
