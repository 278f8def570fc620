import Foundation
import XCTest

@testable import ConvergeEngine

/// The vectorisable `exp` and `erf` against the C library's, over every range a network feeds them.
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
}
