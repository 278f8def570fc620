import XCTest

@testable import ConvergeGrader

/// The report's chart: identical runs drawn once, axes that suit their values.
final class ReportChartTests: XCTestCase {
    func testIdenticalRunsAreDrawnOnceAndNamedTogether() {
        let chart = SVGChart(runs: [
            ChartRun(label: "original setup", losses: [2.3, 2.3], accuracies: [0.1, 0.1], isOriginal: true),
            ChartRun(label: "run 3: lr 0.01", losses: [2.0, 1.0], accuracies: [0.5, 0.8]),
            ChartRun(label: "run 5: re-run, nothing changed", losses: [2.0, 1.0], accuracies: [0.5, 0.8]),
            ChartRun(label: "run 7: lr 10", losses: [3.0, nil], accuracies: [0.1, nil]),
        ])
        XCTAssertEqual(chart.distinct.count, 3)
        XCTAssertEqual(chart.distinct[1].labels, ["run 3: lr 0.01", "run 5: re-run, nothing changed"])
        XCTAssertEqual(chart.distinct[0].colour, SVGChart.originalColour)
        XCTAssertNotEqual(chart.distinct[1].colour, chart.distinct[2].colour)
        XCTAssertEqual(chart.distinct[2].run.firstNonFiniteEpoch, 2)
        XCTAssertTrue(chart.svg.contains(">identical curves: run 3: lr 0.01;"), chart.svg)
    }

    /// A legend names each knob once, at its last value.
    func testTheLegendNetsTheChanges() {
        XCTAssertEqual(
            ReportWriter.net(["set hidden 1024,1024", "set optimizer adamw", "set hidden 64", "set optimizer adamw"]),
            "hidden 64, optimizer adamw")
    }

    func testALossFallingByDecadesIsOnALogAxisAndAPlateauIsNot() {
        let falling = Axis(values: [2.3, 0.5, 0.01], logWhenSpanning: 20)
        XCTAssertTrue(falling.isLog)
        XCTAssertEqual(falling.ticks, [0.01, 0.1, 1, 10])
        let plateau = Axis(values: [2.305, 2.303, 2.301], logWhenSpanning: 20)
        XCTAssertFalse(plateau.isLog)
        XCTAssertGreaterThanOrEqual(plateau.ticks.count, 3, "a plateau still gets ticks across its own range")
        XCTAssertLessThan(plateau.fraction(of: 2.301), 0.2)
        XCTAssertGreaterThan(plateau.fraction(of: 2.305), 0.8)
    }

    /// A session whose only run is a diverged original (a loss of 1e30 or more) draws, and
    /// labels its ticks without converting them to integers.
    func testADivergedOriginalAloneDraws() {
        let chart = SVGChart(runs: [
            ChartRun(label: "original setup", losses: [3e30, nil], accuracies: [0.1, nil], isOriginal: true)
        ])
        XCTAssertTrue(chart.svg.contains("non-finite"))
        let huge = Axis(values: [3e30], logWhenSpanning: 20)
        XCTAssertFalse(huge.ticks.isEmpty)
        XCTAssertTrue(huge.ticks.allSatisfy { huge.label($0, unit: "").contains("e+30") }, "\(huge.ticks)")
        let decades = Axis(values: [1e-3, 1e6], logWhenSpanning: 20)
        XCTAssertTrue(decades.ticks.allSatisfy { decades.label($0, unit: "").hasPrefix("1e") }, "one form per axis")
    }
}
