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
