import ConvergeEngine
import Foundation

/// Reads the tabular data sets in `Fixtures/datasets/`: one row per example, the features
/// followed by an integer class label, and an optional header line
/// `rows,features,class names…` (as described in that folder's README).
public enum CSVDataset {
    /// Loads a data set file.
    public static func load(contentsOf url: URL) throws -> Dataset {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DatasetError(file: url.path, line: nil, problem: "cannot be read")
        }
        return try parse(text, file: url.path)
    }

    /// Parses data set text; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws -> Dataset {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.text.isEmpty }
        guard let first = lines.first else { throw DatasetError(file: file, line: nil, problem: "is empty") }

        var classNames: [String] = []
        var declaredRows: Int?
        var declaredFeatures: Int?
        let headerFields = first.text.split(separator: ",").map(String.init)
        if headerFields.count >= 2, let rows = Int(headerFields[0]), let features = Int(headerFields[1]),
            headerFields.dropFirst(2).contains(where: { Double($0) == nil }) || headerFields.count == 2
        {
            declaredRows = rows
            declaredFeatures = features
            classNames = Array(headerFields.dropFirst(2))
            lines.removeFirst()
        }

        var features: [Float] = []
        var labels: [Float] = []
        var width: Int?
        for line in lines {
            let fields = line.text.split(separator: ",", omittingEmptySubsequences: false)
            let values = fields.map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard values.allSatisfy({ $0 != nil }), let label = values.last ?? nil else {
                throw DatasetError(file: file, line: line.number, problem: "expected numbers separated by commas")
            }
            if let width, fields.count - 1 != width {
                throw DatasetError(
                    file: file, line: line.number,
                    problem: "has \(fields.count - 1) features, earlier rows have \(width)")
            }
            width = fields.count - 1
            guard label >= 0, label == label.rounded() else {
                throw DatasetError(file: file, line: line.number, problem: "label \(label) is not a class index")
            }
            if !classNames.isEmpty, Int(label) >= classNames.count {
                throw DatasetError(
                    file: file, line: line.number,
                    problem: "label \(Int(label)) but the header names \(classNames.count) classes")
            }
            features.append(contentsOf: values.dropLast().map { $0 ?? 0 })
            labels.append(label)
        }
        let featureCount = width ?? 0
        if let declaredFeatures, declaredFeatures != featureCount {
            throw DatasetError(
                file: file, line: 1, problem: "header says \(declaredFeatures) features, rows have \(featureCount)")
        }
        if let declaredRows, declaredRows != labels.count {
            throw DatasetError(
                file: file, line: 1, problem: "header says \(declaredRows) rows, the file has \(labels.count)")
        }
        if classNames.isEmpty {
            let classCount = Int(labels.max() ?? 0) + 1
            classNames = (0..<classCount).map(String.init)
        }
        return Dataset(
            inputs: Tensor(shape: [labels.count, featureCount], scalars: features),
            targets: Tensor(shape: [labels.count], scalars: labels),
            classNames: classNames)
    }
}
