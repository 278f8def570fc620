import Foundation
import XCTest

@testable import ConvergeEngine

/// The vectorisable `exp` and `erf` against the C library's, over every range a network feeds
/// them, and the eight-way sums against sums in double precision.
final class VectorMathTests: XCTestCase {
    func testExponentialIsWithinAFewUnitsInTheLastPlace() {
        var worst: Float = 0
        for step in 0...200_000 {
            let x = -87 + Float(step) * (175.0 / 200_000)
            let exact = Foundation.exp(x)
            worst = max(worst, abs(VectorMath.exp(x) - exact) / exact)
        }
        XCTAssertLessThan(worst, 4e-7)
    }

    func testExponentialFlushesAndCapsAtTheEndsOfTheFloatRange() {
        XCTAssertEqual(VectorMath.exp(0), 1)
        XCTAssertEqual(VectorMath.exp(-200), 0)
        XCTAssertEqual(VectorMath.exp(-Float.infinity), 0)
        XCTAssertTrue(VectorMath.exp(200).isFinite)
        XCTAssertGreaterThan(VectorMath.exp(200), 1e38)
    }

    func testErrorFunctionIsWithinFiveTenMillionths() {
        var worst: Double = 0
        for step in 0...240_000 {
            let x = -12 + Double(step) * 1e-4
            worst = max(worst, abs(Double(VectorMath.erf(Float(x))) - Foundation.erf(x)))
        }
        XCTAssertLessThan(worst, 5e-7)
        XCTAssertEqual(VectorMath.erf(0), 0)
        XCTAssertEqual(VectorMath.erf(-1), -VectorMath.erf(1))
        XCTAssertEqual(VectorMath.erf(9), 1, accuracy: 1e-7)
    }

    func testGELUMatchesItsDefinitionThroughTheCLibrary() {
        let gelu = GELU()
        for step in 0...2000 {
            let x = -8 + Float(step) * 0.008
            let exact = 0.5 * Double(x) * (1 + Foundation.erf(Double(x) / 2.0.squareRoot()))
            XCTAssertEqual(Double(gelu.activate(x)), exact, accuracy: 2e-6, "x = \(x)")
        }
    }

    func testShortSumsMatchDoublePrecisionForEveryLengthAroundTheirBlocks() {
        var generator = RandomGenerator(seed: 3)
        for count in [0, 1, 7, 8, 9, 16, 31, 32, 33, 100] {
            let x = (0..<count).map { _ in generator.nextNormal() * 10 + 3 }
            let y = (0..<count).map { _ in generator.nextNormal() }
            let center: Float = 2.5
            let sum = x.reduce(0.0) { $0 + Double($1) }
            let squares = x.reduce(0.0) { $0 + (Double($1) - Double(center)) * (Double($1) - Double(center)) }
            let dot = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    let (x, y) = (
                        x.baseAddress ?? UnsafePointer(bitPattern: 16)!, y.baseAddress ?? UnsafePointer(bitPattern: 16)!
                    )
                    XCTAssertEqual(
                        Double(VectorMath.sum(x, count: count)), sum, accuracy: 1e-4 * max(1, abs(sum)),
                        "sum of \(count)")
                    XCTAssertEqual(
                        Double(VectorMath.sumOfSquares(x, around: center, count: count)), squares,
                        accuracy: 1e-5 * max(1, squares), "squares of \(count)")
                    XCTAssertEqual(
                        Double(VectorMath.dot(x, y, count: count)), dot, accuracy: 1e-4 * max(1, abs(dot)),
                        "dot of \(count)")
                }
            }
        }
    }

    func testTanhAndLogisticAreWithinAFewUnitsInTheLastPlace() {
        var (worstTanh, worstLogistic): (Float, Float) = (0, 0)
        for step in 0...400_000 {
            let x = -20 + Float(step) * 1e-4
            let tanh = Foundation.tanh(x)
            worstTanh = max(worstTanh, abs(VectorMath.tanh(x) - tanh) / max(abs(tanh), 1e-30))
            let logistic = Float(1 / (1 + Foundation.exp(-Double(x))))
            worstLogistic = max(worstLogistic, abs(VectorMath.logistic(x) - logistic) / logistic)
        }
        XCTAssertLessThan(worstTanh, 4e-7)
        XCTAssertLessThan(worstLogistic, 5e-7)
        for tiny: Float in [1e-30, 1e-8, -3e-5] {
            XCTAssertEqual(VectorMath.tanh(tiny), tiny, accuracy: abs(tiny) * 1e-6)
        }
        XCTAssertEqual(VectorMath.tanh(.infinity), 1)
        XCTAssertEqual(VectorMath.tanh(-.infinity), -1)
        XCTAssertTrue(VectorMath.tanh(.nan).isNaN)
        XCTAssertEqual(VectorMath.logistic(-200), 0)
        XCTAssertEqual(VectorMath.logistic(200), 1)
        XCTAssertTrue(VectorMath.logistic(.nan).isNaN)
    }
}
