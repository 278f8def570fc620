import ConvergeEngine
import ConvergeTestSupport
import XCTest

/// Optimizer paths the PyTorch fixtures do not reach, checked by hand-computed updates.
final class OptimizerTests: XCTestCase {
    func parameter(_ values: [Float], gradient: [Float]) -> Parameter {
        let p = Parameter(name: "weight", value: Tensor(shape: [values.count], scalars: values))
        for (i, g) in gradient.enumerated() { p.gradient[i] = g }
        return p
    }

    func testSGDWithWeightDecayNesterovAndDampening() {
        let p = parameter([1, -2], gradient: [0.5, 0.5])
        let sgd = SGD(
            parameters: [p], learningRate: 0.1, momentum: 0.9, dampening: 0.5, nesterov: true, weightDecay: 0.1)
        sgd.step()
        // g = grad + 0.1 p = [0.6, 0.3]; buf = g; p -= 0.1 (g + 0.9 buf) = 0.1 * 1.9 g
        XCTAssertEqual(p.value[0], 1 - 0.19 * 0.6, accuracy: 1e-6)
        XCTAssertEqual(p.value[1], -2 - 0.19 * 0.3, accuracy: 1e-6)
        let p0 = p.value[0]
        sgd.step()
        // second step: g = 0.5 + 0.1 p0; buf = 0.9 * 0.6 + 0.5 g
        let g = 0.5 + 0.1 * p0
        let buffer = 0.9 * 0.6 + 0.5 * g
        XCTAssertEqual(p.value[0], p0 - 0.1 * (g + 0.9 * buffer), accuracy: 1e-6)
        XCTAssertEqual(p.gradient[0], 0.5, "weight decay must not change the stored gradient")
    }

    func testParameterGroupsKeepTheirShareOfTheRateAndThawOnTime() {
        let backbone = parameter([1], gradient: [1])
        let head = parameter([1], gradient: [1])
        let groups = ParameterGroups(
            groups: [
                .init(optimizer: SGD(parameters: [backbone], learningRate: 0), rateFactor: 0.1, frozenSteps: 2),
                .init(optimizer: SGD(parameters: [head], learningRate: 0)),
            ], learningRate: 0.5)
        XCTAssertEqual(groups.parameters.count, 2)
        groups.step()
        groups.step()
        XCTAssertEqual(backbone.value[0], 1, "frozen for the first two steps")
        XCTAssertEqual(head.value[0], 0, accuracy: 1e-6)
        groups.learningRate = 1  // a schedule moves every group in proportion
        groups.step()
        XCTAssertEqual(backbone.value[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(head.value[0], -1, accuracy: 1e-6)
    }

    func testAdamFirstStepMovesEachParameterByTheLearningRate() {
        // With bias correction, Adam's first step is lr · sign(g) for any gradient scale.
        let p = parameter([0, 0, 0], gradient: [1e-4, -3, 50])
        Adam(parameters: [p], learningRate: 0.01).step()
        XCTAssertEqual(p.value.scalars[0], -0.01, accuracy: 1e-5)
        XCTAssertEqual(p.value.scalars[1], 0.01, accuracy: 1e-5)
        XCTAssertEqual(p.value.scalars[2], -0.01, accuracy: 1e-5)
    }

    func testCoupledAndDecoupledDecayDiffer() {
        let coupled = parameter([2], gradient: [0])
        let decoupled = parameter([2], gradient: [0])
        Adam(parameters: [coupled], learningRate: 0.1, weightDecay: 0.5).step()
        Adam.adamW(parameters: [decoupled], learningRate: 0.1, weightDecay: 0.5).step()
        // Coupled: g = 0.5 · 2 = 1, normalised away: p = 2 − 0.1. Decoupled: p = 2 (1 − 0.05), no Adam step.
        XCTAssertEqual(coupled.value[0], 1.9, accuracy: 1e-5)
        XCTAssertEqual(decoupled.value[0], 1.9, accuracy: 1e-5)
        coupled.gradient[0] = 0
        decoupled.gradient[0] = 0
        let big = parameter([100], gradient: [0])
        let bigW = parameter([100], gradient: [0])
        Adam(parameters: [big], learningRate: 0.1, weightDecay: 0.5).step()
        Adam.adamW(parameters: [bigW], learningRate: 0.1, weightDecay: 0.5).step()
        XCTAssertEqual(big.value[0], 99.9, accuracy: 1e-3, "coupled decay is rescaled to one lr-sized step")
        XCTAssertEqual(bigW.value[0], 95, accuracy: 1e-3, "decoupled decay shrinks in proportion to the weight")
    }

    func testClipping() {
        let a = parameter([0, 0], gradient: [3, 0])
        let b = parameter([0], gradient: [4])
        let norm = GradientClipping.globalNorm(1).apply(to: [a, b])
        XCTAssertEqual(norm, 5, accuracy: 1e-6)
        XCTAssertEqual(GradientClipping.globalNorm(of: [a, b]), 1, accuracy: 1e-5)
        XCTAssertEqual(a.gradient[0], 0.6, accuracy: 1e-5)
        let c = parameter([0, 0, 0], gradient: [-2, 0.5, 7])
        GradientClipping.value(1).apply(to: [c])
        XCTAssertEqual(c.gradient.scalars, [-1, 0.5, 1])
        let d = parameter([0], gradient: [0.5])
        GradientClipping.globalNorm(1).apply(to: [d])
        XCTAssertEqual(d.gradient[0], 0.5, "a norm under the limit is left alone")
    }

    func testSchedules() {
        XCTAssertEqual(LearningRateSchedule.constant.learningRate(atStep: 99, base: 0.1), 0.1)
        let warmup = LearningRateSchedule.linearWarmup(steps: 4, then: .constant)
        XCTAssertEqual((0..<6).map { warmup.learningRate(atStep: $0, base: 1) }, [0.25, 0.5, 0.75, 1, 1, 1])
        let cosine = LearningRateSchedule.cosineDecay(totalSteps: 10, minimum: 0.1)
        XCTAssertEqual(cosine.learningRate(atStep: 0, base: 1), 1, accuracy: 1e-6)
        XCTAssertEqual(cosine.learningRate(atStep: 5, base: 1), 0.55, accuracy: 1e-6)
        XCTAssertEqual(cosine.learningRate(atStep: 10, base: 1), 0.1, accuracy: 1e-6)
        XCTAssertEqual(cosine.learningRate(atStep: 50, base: 1), 0.1, accuracy: 1e-6)
        let stepDecay = LearningRateSchedule.stepDecay(every: 3, factor: 0.5)
        XCTAssertEqual((0..<7).map { stepDecay.learningRate(atStep: $0, base: 1) }, [1, 1, 1, 0.5, 0.5, 0.5, 0.25])
        let sweep = LearningRateSchedule.exponentialSweep(start: 1e-6, end: 10, steps: 8)
        XCTAssertEqual(sweep.learningRate(atStep: 0, base: 123), 1e-6, accuracy: 1e-12)
        XCTAssertEqual(sweep.learningRate(atStep: 7, base: 123), 10, accuracy: 1e-4)
        XCTAssertEqual(
            sweep.learningRate(atStep: 1, base: 0) / sweep.learningRate(atStep: 0, base: 0), 10, accuracy: 1e-3)
        let warmCosine = LearningRateSchedule.linearWarmup(steps: 2, then: .cosineDecay(totalSteps: 4, minimum: 0))
        XCTAssertEqual(warmCosine.learningRate(atStep: 2, base: 1), 1, accuracy: 1e-6)
        XCTAssertEqual(warmCosine.learningRate(atStep: 6, base: 1), 0, accuracy: 1e-6)
    }
}
