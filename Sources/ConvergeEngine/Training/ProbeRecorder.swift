/// Takes the readings `ProbeOptions` asks for, at the points of a training step where they
/// are meaningful. Owned by a `Trainer`; exists only when probes were asked for.
final class ProbeRecorder {
    let options: ProbeOptions
    private let model: Sequential
    /// Copies of the parameters before an update, for the update/weight ratio.
    private let snapshots: [Tensor]
    private var pending: ProbeRecord?

    init(options: ProbeOptions, model: Sequential) {
        self.options = options
        self.model = model
        self.snapshots = options.contains(.updateRatios) ? model.parameters.map { $0.value.copy() } : []
    }

    /// The first non-finite activation after a forward pass, scanning layers in order.
    func firstNonFiniteActivation(step: Int) -> NonFiniteEvent? {
        guard options.contains(.nonFinite) else { return nil }
        for (index, output) in model.layerOutputs.enumerated() {
            if let position = output.firstNonFiniteIndex {
                let kind = model.layers[index].kind
                return NonFiniteEvent(step: step, location: "layers.\(index) (\(kind)) output", value: output[position])
            }
        }
        return nil
    }

    /// The first non-finite gradient after a backward pass, scanning from the output layer down.
    func firstNonFiniteGradient(step: Int) -> NonFiniteEvent? {
        guard options.contains(.nonFinite) else { return nil }
        for (key, parameter) in model.namedParameters.reversed() {
            if let position = parameter.gradient.firstNonFiniteIndex {
                return NonFiniteEvent(step: step, location: "\(key) gradient", value: parameter.gradient[position])
            }
        }
        return nil
    }

    /// Reads gradients, weights and activations after backward, before clipping and the update.
    func recordBeforeUpdate(step: Int) {
        var parameters: [ParameterProbe] = []
        for (key, parameter) in model.namedParameters {
            parameters.append(
                ParameterProbe(
                    key: key,
                    gradientNorm: options.contains(.gradientNorms) ? parameter.gradient.norm : nil,
                    weightNorm: options.contains(.weightNorms) ? parameter.value.norm : nil,
                    updateRatio: nil))
        }
        for (index, parameter) in model.parameters.enumerated() where options.contains(.updateRatios) {
            snapshots[index].assign(parameter.value)
        }
        var activations: [ActivationProbe] = []
        if options.contains(.activations) {
            for (index, layer) in model.layers.enumerated() {
                let input = index > 0 ? model.layerOutputs[index - 1] : nil
                activations.append(
                    ActivationProbe.reading(
                        layerIndex: index, layer: layer, output: model.layerOutputs[index], input: input))
            }
        }
        pending = ProbeRecord(step: step, parameters: parameters, activations: activations)
    }

    /// Completes the pending record with the update ratios and hands it over.
    func finishAfterUpdate() -> ProbeRecord? {
        guard var record = pending else { return nil }
        pending = nil
        if options.contains(.updateRatios) {
            for (index, parameter) in model.parameters.enumerated() {
                let before = snapshots[index].baseAddress
                let after = parameter.value.baseAddress
                var changeSquared: Double = 0
                var weightSquared: Double = 0
                for i in 0..<parameter.value.count {
                    let change = Double(after[i] - before[i])
                    changeSquared += change * change
                    weightSquared += Double(before[i]) * Double(before[i])
                }
                record.parameters[index].updateRatio =
                    weightSquared > 0
                    ? Float((changeSquared / weightSquared).squareRoot()) : nil
            }
        }
        return record
    }
}
