import ConvergeEngine
import ConvergeScenarios
import ConvergeTestSupport
import Foundation
import XCTest

final class CSVDatasetTests: XCTestCase {
    let datasets = projectRoot.appendingPathComponent("Fixtures/datasets")

    func testTheShippedDatasetsLoad() throws {
        let expected: [(String, Int, Int, Int)] = [
            ("iris", 150, 4, 3), ("wine_data", 178, 13, 3), ("breast_cancer", 569, 30, 2), ("digits", 1797, 64, 10),
        ]
        for (name, rows, features, classes) in expected {
            let data = try CSVDataset.load(contentsOf: datasets.appendingPathComponent("\(name).csv"))
            XCTAssertEqual(data.count, rows, name)
            XCTAssertEqual(data.inputWidth, features, name)
            XCTAssertEqual(data.classNames.count, classes, name)
            XCTAssertEqual(Int(data.targets.scalars.max() ?? -1), classes - 1, name)
        }
        let iris = try CSVDataset.load(contentsOf: datasets.appendingPathComponent("iris.csv"))
        XCTAssertEqual(iris.classNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(Array(iris.inputs.scalars.prefix(4)), [5.1, 3.5, 1.4, 0.2])
    }

    func testMalformedRowsNameTheLine() {
        func message(_ text: String) -> String {
            do {
                _ = try CSVDataset.parse(text, file: "bad.csv")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message(""), "bad.csv: is empty")
        XCTAssertEqual(message("1,2,0\n3,x,1\n"), "bad.csv:2: expected numbers separated by commas")
        XCTAssertEqual(message("1,2,0\n3,1\n"), "bad.csv:2: has 1 features, earlier rows have 2")
        XCTAssertEqual(message("2,2,a,b\n1,2,0\n3,4,2\n"), "bad.csv:3: label 2 but the header names 2 classes")
        XCTAssertEqual(message("3,2,a,b\n1,2,0\n3,4,1\n"), "bad.csv:1: header says 3 rows, the file has 2")
        XCTAssertEqual(message("1,2,0.5\n"), "bad.csv:1: label 0.5 is not a class index")
    }

    func testStandardizerUsesTheStatisticsItWasFittedTo() {
        let training = Dataset(inputs: Tensor(shape: [2, 2], scalars: [0, 5, 2, 5]), targets: Tensor(shape: [2]))
        let standardizer = Standardizer(fittingTo: training)
        XCTAssertEqual(standardizer.means, [1, 5])
        XCTAssertEqual(standardizer.standardDeviations, [1, 1], "a constant feature keeps a scale of 1")
        let other = Dataset(inputs: Tensor(shape: [1, 2], scalars: [3, 7]), targets: Tensor(shape: [1]))
        XCTAssertEqual(standardizer.applied(to: other).inputs.scalars, [2, 2])
    }
}
