import Foundation

/// The learning rate as a function of the step number (counted from 0).
public indirect enum LearningRateSchedule: Equatable, Sendable {
    /// The base rate throughout.
    case constant
    /// Rises linearly from `base / steps` to `base` over the first `steps` steps, then
    /// follows `then` (with its steps counted from the end of the warm-up).
    case linearWarmup(steps: Int, then: LearningRateSchedule)
    /// Half a cosine from `base` down to `minimum` over `totalSteps`, then stays at `minimum`.
    case cosineDecay(totalSteps: Int, minimum: Float)
    /// Multiplies the rate by `factor` every `every` steps.
    case stepDecay(every: Int, factor: Float)
    /// Ignores the base: grows geometrically from `start` to `end` over `steps` steps.
    /// The sweep of an LR range test (Smith, 2017).
    case exponentialSweep(start: Float, end: Float, steps: Int)

    /// The rate to use at `step`, given the optimizer's base rate.
    public func learningRate(atStep step: Int, base: Float) -> Float {
        switch self {
        case .constant:
            return base
        case .linearWarmup(let steps, let then):
            if step < steps { return base * Float(step + 1) / Float(steps) }
            return then.learningRate(atStep: step - steps, base: base)
        case .cosineDecay(let totalSteps, let minimum):
            let progress = Float(Swift.min(step, totalSteps)) / Float(Swift.max(totalSteps, 1))
            return minimum + (base - minimum) * (1 + Foundation.cos(Float.pi * progress)) / 2
        case .stepDecay(let every, let factor):
            return base * Foundation.pow(factor, Float(step / Swift.max(every, 1)))
        case .exponentialSweep(let start, let end, let steps):
            let progress = Float(Swift.min(step, steps - 1)) / Float(Swift.max(steps - 1, 1))
            return start * Foundation.pow(end / start, progress)
        }
    }
}
