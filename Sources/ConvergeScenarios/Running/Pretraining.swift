import ConvergeEngine
import Foundation

/// Where a scenario's pretrained backbone comes from: the data it learnt and for how long.
public struct PretrainingSpec: Sendable, Equatable {
    public var data: DataSpec
    public var epochs: Int
    public var seed: UInt64

    public init(data: DataSpec, epochs: Int, seed: UInt64) {
        self.data = data
        self.epochs = epochs
        self.seed = seed
    }
}

/// A backbone trained before the scenario starts, on other data, as a teammate downloads a
/// pretrained model: every layer of the setup's model but its read-out.
///
/// Pretraining follows one fixed recipe (standardised inputs, Adam at 0.003, batch 32) on
/// the setup's own layers, so a candidate who changes the architecture gets a backbone of
/// that architecture, trained the same way. Each backbone is trained once per process.
public struct Pretraining {
    public let spec: PretrainingSpec
    /// The pretraining examples, as loaded.
    public let source: Dataset

    public init(spec: PretrainingSpec, source: Dataset) {
        self.spec = spec
        self.source = source
    }

    /// The setup the backbone was trained with: the model of `setup`, the fixed recipe.
    func recipe(for setup: Setup) -> Setup {
        var recipe = Setup()
        recipe.architecture = setup.architecture
        recipe.channels = setup.channels
        recipe.kernelSize = setup.kernelSize
        recipe.stride = setup.stride
        recipe.pooling = setup.pooling
        recipe.poolEvery = setup.poolEvery
        recipe.residual = setup.residual
        recipe.head = setup.head
        recipe.activation = setup.activation
        recipe.weightInit = setup.weightInit
        recipe.normalization = setup.normalization
        recipe.hidden = setup.hidden
        recipe.optimizer = .adam
        recipe.learningRate = 0.003
        recipe.batchSize = 32
        recipe.epochs = spec.epochs
        recipe.seed = spec.seed
        return recipe
    }

    /// The trained backbone for `setup`, and the validation accuracy it reached on its own
    /// task.
    public func backbone(for setup: Setup) -> PretrainedBackbone {
        let recipe = recipe(for: setup)
        return BackboneStore.shared.backbone(spec: spec, recipe: recipe) {
            let run = TrainingRun(setup: recipe, data: PreparedData(source: source, setup: recipe))
            let report = run.execute()
            let head = Pretraining.readOutKeys(of: run.model)
            let weights = run.model.namedParameters.filter { !head.contains($0.key) }.map {
                (key: $0.key, value: $0.parameter.value.copy())
            }
            return PretrainedBackbone(weights: weights, validationAccuracy: report.validationAccuracy)
        }
    }

    /// Copies the backbone into `model` (built from `setup`); the read-out keeps its fresh weights.
    func load(into model: Sequential, setup: Setup) {
        for (key, value) in backbone(for: setup).weights {
            guard let parameter = model.parameter(key), parameter.value.shape == value.shape else { continue }
            parameter.value.baseAddress.update(from: value.baseAddress, count: value.count)
        }
    }

    /// The keys of the model's read-out: the parameters of its last linear layer.
    public static func readOutKeys(of model: Sequential) -> Set<String> {
        guard let index = model.layers.lastIndex(where: { $0 is Linear }) else { return [] }
        return Set(model.namedParameters.map(\.key).filter { $0.hasPrefix("layers.\(index).") })
    }
}

/// The weights of a pretrained backbone by parameter key.
public struct PretrainedBackbone {
    public var weights: [(key: String, value: Tensor)]
    public var validationAccuracy: Float?
}

/// Backbones already trained in this process, by what they were trained on and how.
final class BackboneStore: @unchecked Sendable {
    static let shared = BackboneStore()
    private var stored: [(spec: PretrainingSpec, recipe: Setup, backbone: PretrainedBackbone)] = []
    private let lock = NSLock()

    func backbone(spec: PretrainingSpec, recipe: Setup, train: () -> PretrainedBackbone) -> PretrainedBackbone {
        lock.lock()
        defer { lock.unlock() }
        if let found = stored.first(where: { $0.spec == spec && $0.recipe == recipe }) { return found.backbone }
        let backbone = train()
        stored.append((spec, recipe, backbone))
        return backbone
    }
}
