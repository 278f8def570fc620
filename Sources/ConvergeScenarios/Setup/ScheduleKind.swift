import ConvergeEngine

/// The learning-rate schedule after warm-up.
public enum ScheduleKind: String, SettingChoice {
    case constant
    /// Cosine decay to 0 over the remaining steps.
    case cosine

    /// The engine's schedule for a run of `decaySteps` steps after warm-up.
    public func makeSchedule(decaySteps: Int) -> LearningRateSchedule {
        switch self {
        case .constant: return .constant
        case .cosine: return .cosineDecay(totalSteps: Swift.max(1, decaySteps), minimum: 0)
        }
    }
}
