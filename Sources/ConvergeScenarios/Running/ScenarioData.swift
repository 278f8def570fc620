import ConvergeEngine

/// What a scenario trains on, loaded once: its examples, how many of the training rows keep
/// their labels, and the data its pretrained backbone learnt from.
public struct ScenarioData {
    public let source: Dataset
    public let labelledRows: Int?
    public let validationSteps: Int?
    public let pretraining: Pretraining?

    public init(scenario: Scenario, library: DataLibrary) throws {
        source = try library.dataset(scenario.data)
        labelledRows = scenario.labelledRows
        validationSteps = scenario.validationSteps
        pretraining = try scenario.pretraining.map { Pretraining(spec: $0, source: try library.dataset($0.data)) }
    }

    /// The data after the pipeline of `setup`.
    public func prepared(for setup: Setup) -> PreparedData {
        PreparedData(
            source: source, setup: setup, labelledRows: labelledRows, validationSteps: validationSteps,
            pretraining: pretraining)
    }
}
