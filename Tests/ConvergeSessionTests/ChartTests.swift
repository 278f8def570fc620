import ConvergeSupport
import XCTest

@testable import ConvergeSession

/// Charts show the shape of a curve and say what range they draw.
final class ChartTests: XCTestCase {
    let plain = TextStyle.plain

    /// A plateau from 2.305 to 2.301 is drawn across its own range, not as a solid bar, and
    /// the range is printed beside it.
    func testAPlateauShowsItsShapeAndItsRange() {
        let values: [Float] = (0..<40).map { 2.305 - 0.004 * Float($0) / 39 }
        let (line, note) = plain.sparklineParts(values)
        XCTAssertEqual(line.first, "@")
        XCTAssertEqual(line.last, "_")
        XCTAssertEqual(note, "2.301 to 2.305")
    }

    /// More values than cells: each cell is a mean, but the range printed is the values' own,
    /// so it agrees with the first and last loss printed beside it (it gave the means' range).
    func testTheRangeIsTheValuesOwnWhenCellsAverageThem() {
        let values: [Float] = (0..<400).map { 2.397 - 0.415 * Float($0) / 399 }
        let (line, note) = plain.sparklineParts(values)
        XCTAssertEqual(line.count, TextStyle.chartWidth)
        XCTAssertEqual(note, "1.982 to 2.397")
    }

    /// A heat map with values parts each shade from its weight: ". .15", where "..15" read
    /// as a typo, and every row keeps the header's columns.
    func testAHeatMapWithValuesPartsTheShadeFromTheWeight() {
        let map = AttentionHeatMap(
            weights: [[1, 0], [0.85, 0.15]], labels: ["a", "b"], style: plain, showsValues: true
        ).text
        let lines = map.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[2].contains("+ .85* . .15"), lines[2])
        XCTAssertFalse(map.contains("..15"), map)
        XCTAssertEqual(lines[1].count, lines[2].count)
    }

    /// Values spanning decades are drawn on a log scale, and it is said.
    func testDecadesUseALogScale() {
        let values: [Float] = (0..<40).map { Float(pow(10.0, Double(-$0) / 10)) }
        let (line, note) = plain.sparklineParts(values)
        XCTAssertTrue(note?.contains("log scale") == true, note ?? "")
        // On a log scale the fall is even: the middle cell is mid-height.
        let middle = line[line.index(line.startIndex, offsetBy: 20)]
        XCTAssertTrue("-=+".contains(middle), String(line))
    }

    /// The blow-up of a range test is clipped and marked, so it does not flatten the rest.
    func testABlowUpIsClippedAndMarked() {
        let values: [Float] = (0..<39).map { 2.3 - Float($0) * 0.03 } + [1e6]
        let (line, note) = plain.sparklineParts(values, clipAbove: 2.5)
        XCTAssertEqual(line.last, "^")
        XCTAssertEqual(line.first, "@", "the rest keeps the full height")
        XCTAssertTrue(note?.contains("^ above 2.5") == true, note ?? "")
    }

    /// With a fixed ceiling (accuracies), the scale runs from 0 to it and no range is printed.
    func testAccuraciesUseAFixedScale() {
        let (line, note) = plain.sparklineParts([0.5, 0.5], ceiling: 1)
        XCTAssertEqual(line, "++", "half of the fixed scale")
        XCTAssertNil(note)
    }

    /// Numbers line up on the right, words on the left.
    func testTablesAlignNumbersRightAndWordsLeft() {
        let table = Format.table(["name", "value", "meaning"], [["lr", "0.1", "rate"], ["x", "10", "a b"]])
        XCTAssertEqual(table, "name  value  meaning\nlr      0.1  rate\nx        10  a b")
    }

    /// A column of update ratios keeps one notation, so 0.0013 and 9.65e-04 are not read as
    /// different kinds of number.
    func testRatiosKeepOneNotation() {
        XCTAssertEqual([0.0013, 9.65e-4, 0.02748].map { Format.scientific($0) }, ["1.30e-03", "9.65e-04", "2.75e-02"])
        XCTAssertEqual([nil, 0, .nan].map { Format.scientific($0) }, ["-", "0", "NaN"])
        XCTAssertEqual(Format.number(0.0013), "0.0013", "other tables keep the plain form")
    }

    /// The attention map says what each shade means, whatever the terminal's background.
    func testTheAttentionMapHasAnExplicitScale() {
        let map = AttentionHeatMap(weights: [[1, 0], [0.5, 0.5]], labels: ["a", "b"], style: plain).text
        XCTAssertTrue(map.contains("weight: blank below 0.125"), map)
        XCTAssertTrue(map.contains("## 0.875 and up"), map)
        XCTAssertFalse(map.contains("darker"))
    }

    /// `predict` lines labels and predictions up in columns.
    func testPredictAlignsLabelsAndPredictions() throws {
        let text = try session("lr-too-low").execute("predict").text
        let lines = text.split(separator: "\n").map(String.init)
        let label = try XCTUnwrap(lines.first { $0.hasPrefix("  label") })
        let predicted = try XCTUnwrap(lines.first { $0.hasPrefix("  predicted") })
        XCTAssertEqual(label.count, predicted.count, text)
    }
}

/// The terminal's plots: axes with labels, and two runs on one step axis.
final class TerminalPlotTests: XCTestCase {
    func testCompareDrawsTwoRunsOnOneAxisAndRefusesBadNumbers() throws {
        let s = try session("lr-too-low")
        XCTAssertTrue(s.execute("compare 1 2").isError, "one run so far")
        XCTAssertFalse(s.execute("set lr 0.1").isError)
        XCTAssertFalse(s.execute("run").isError)
        let text = s.execute("compare 1 2").text
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(text.contains("*  run 1:  the teammate's setup") && text.contains("o  run 2:  set lr 0.1"), text)
        // Both marks in the chart, the teammate's flat along the top, the cure falling.
        let chart = lines.filter { $0.contains("|") || $0.contains("+") }
        XCTAssertTrue(chart.first?.contains("****") == true, text)
        XCTAssertTrue(chart.contains { $0.contains("oooo") }, text)
        // The step axis runs the chart's full width, with its first and last step.
        let axis = try XCTUnwrap(lines.first { $0.contains("+---") })
        XCTAssertGreaterThanOrEqual(axis.filter { $0 == "-" }.count, 40, axis)
        XCTAssertTrue(lines.contains { $0.hasSuffix("450  step") }, text)
        XCTAssertTrue(text.contains("epoch  loss 1  val acc 1   loss 2  val acc 2"), text)
        for bad in ["compare 1", "compare 1 9", "compare a b", "compare 0 1"] {
            XCTAssertTrue(s.execute(bad).isError, bad)
        }
    }

    func testARunThatStoppedEarlyEndsEarlyOnTheSharedAxis() {
        let plot = TerminalPlot(
            title: "loss",
            series: [
                .init(values: Array(repeating: 1, count: 100), mark: "a"),
                .init(values: Array(repeating: 2, count: 25), mark: "b"),
            ],
            xLabel: "step", xRange: ("1", "100"))
        let rows = plot.rendered(style: .plain).split(separator: "\n").map(String.init).dropFirst()
        let top = try? XCTUnwrap(rows.first { $0.contains("b") })
        XCTAssertEqual(top?.filter { $0 == "b" }.count, 12, "25 of 100 steps: a quarter of 48 columns")
        XCTAssertEqual(rows.first { $0.contains("a") }?.filter { $0 == "a" }.count, 48)
    }
}
