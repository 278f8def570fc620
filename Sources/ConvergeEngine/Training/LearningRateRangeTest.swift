import Foundation

/// The LR range test (Smith, 2017, "Cyclical Learning Rates for Training Neural Networks"):
/// train for a few steps while the learning rate grows geometrically, and watch the loss.
/// It falls, flattens, then blows up; a good rate sits on the steep fall, well below the blow-up.
public struct LearningRateRangeTest: Sendable {
    /// The first and last learning rate of the sweep.
    public var start: Float = 1e-6
    public var end: Float = 10
    /// Number of steps, one mini-batch each.
    public var steps: Int = 100
    /// Stop early once the smoothed loss exceeds this multiple of the best loss so far.
    public var divergenceFactor: Float = 4

    public init(start: Float = 1e-6, end: Float = 10, steps: Int = 100) {
        self.start = start
        self.end = end
        self.steps = steps
    }

    /// One point of the sweep.
    public struct Point: Sendable {
        public var learningRate: Float
        public var loss: Float
        /// Exponential moving average of the loss, bias-corrected (β = 0.9).
        public var smoothedLoss: Float
    }

    /// The sweep's outcome.
    public struct Result: Sendable {
        public var points: [Point]
        /// Where the smoothed loss fell fastest per decade of learning rate, if it fell at all.
        public var steepestDescentLearningRate: Float?
        /// The rate at the lowest smoothed loss.
        public var minimumLossLearningRate: Float?
        /// The suggestion: the more cautious of the steepest-descent rate and a tenth of the
        /// minimum-loss rate (the two usual readings of the curve), so that it sits on the
        /// steep fall and well below the blow-up.
        public var suggestedLearningRate: Float? {
            guard lossFell else { return nil }
            let tenthOfMinimum = minimumLossLearningRate.map { $0 / 10 }
            guard let steepest = steepestDescentLearningRate else { return tenthOfMinimum }
            return Swift.min(steepest, tenthOfMinimum ?? steepest)
        }

        /// Which reading chose the suggestion, for the explanation a person reads.
        public enum Rule: Sendable {
            /// The rate where the smoothed loss fell fastest.
            case steepestFall
            /// A tenth of the rate at the lowest smoothed loss.
            case tenthOfMinimum
        }

        public var suggestionRule: Rule? {
            guard let suggested = suggestedLearningRate else { return nil }
            return suggested == steepestDescentLearningRate ? .steepestFall : .tenthOfMinimum
        }
        /// Whether the sweep stopped early because the loss blew up.
        public var diverged: Bool
        /// Whether the smoothed loss ever fell at least 10% below where it started: when it
        /// did not, no learning rate helps and there is nothing to suggest.
        public var lossFell: Bool {
            guard let first = points.first?.smoothedLoss, let lowest = points.map(\.smoothedLoss).min() else {
                return false
            }
            return lowest < 0.9 * first
        }
    }

    /// Runs the sweep on `model`, which it trains (pass a copy you can throw away).
    /// Batches are drawn in a seeded order from `data`, cycling when it runs out.
    /// `configuration` carries the setup's clipping and gradient zeroing; the sweep replaces
    /// its schedule.
    public func run(
        model: Sequential, loss: Loss, optimizer: Optimizer, data: Dataset, batchSize: Int, seed: UInt64,
        configuration base: TrainingConfiguration = TrainingConfiguration()
    ) -> Result {
        var configuration = base
        configuration.schedule = .exponentialSweep(start: start, end: end, steps: steps)
        configuration.stopsAtNonFiniteLoss = true
        let trainer = Trainer(model: model, loss: loss, optimizer: optimizer, configuration: configuration)
        var generator = RandomGenerator(seed: seed)
        var order = generator.permutation(data.count)
        let rows = Swift.max(1, Swift.min(batchSize, data.count))
        var inputShape = data.inputs.shape
        var targetShape = data.targets.shape
        inputShape[0] = rows
        targetShape[0] = rows
        let inputs = Tensor(shape: inputShape)
        let targets = Tensor(shape: targetShape)

        var points: [Point] = []
        points.reserveCapacity(steps)
        var average: Float = 0
        var best = Float.infinity
        var cursor = 0
        var diverged = false
        for step in 0..<steps {
            if cursor + rows > data.count {
                generator.shuffle(&order)
                cursor = 0
            }
            Dataset.gatherRows(order[cursor..<(cursor + rows)], from: data, intoInputs: inputs, targets: targets)
            cursor += rows
            let learningRate = configuration.schedule.learningRate(atStep: step, base: start)
            let stepLoss = trainer.step(inputs: inputs, targets: targets)
            if !stepLoss.isFinite {
                diverged = true
                break
            }
            average = 0.9 * average + 0.1 * stepLoss
            let smoothed = average / (1 - Foundation.pow(0.9, Float(step + 1)))
            points.append(Point(learningRate: learningRate, loss: stepLoss, smoothedLoss: smoothed))
            best = Swift.min(best, smoothed)
            if smoothed > divergenceFactor * best && step > 5 {
                diverged = true
                break
            }
        }
        return Result(
            points: points,
            steepestDescentLearningRate: LearningRateRangeTest.steepestDescent(points),
            minimumLossLearningRate: points.min { $0.smoothedLoss < $1.smoothedLoss }?.learningRate,
            diverged: diverged)
    }

    /// The rate where the smoothed loss drops fastest per unit of log learning rate, ignoring
    /// the first tenth of the sweep (the moving average is still settling there). Each slope
    /// is taken across `2w` steps (`w` a twentieth of the sweep) around its point: from one
    /// step to the next, the noise of a small batch made a flat stretch at 6e-6 look like the
    /// steepest fall of a sweep that only began to fall past 1e-4.
    static func steepestDescent(_ points: [Point]) -> Float? {
        guard points.count >= 10 else { return nil }
        let width = Swift.max(1, points.count / 20)
        var bestSlope: Float = 0
        var bestRate: Float?
        let first = Swift.max(width, points.count / 10)
        guard first < points.count - width else { return nil }
        for index in first..<(points.count - width) {
            let (before, after) = (points[index - width], points[index + width])
            let run = Foundation.log10(after.learningRate) - Foundation.log10(before.learningRate)
            guard run > 0 else { continue }
            let slope = (after.smoothedLoss - before.smoothedLoss) / run
            if slope < bestSlope {
                bestSlope = slope
                bestRate = points[index].learningRate
            }
        }
        return bestRate
    }
}
