import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport

extension DataCommand {
    /// What the transcript keeps of `data batch`.
    public struct BatchRecord: Codable, Sendable {
        /// The share of input values that are not where the stored rows have them.
        public var movedFraction: Double?
        /// What the check showed, for the grader.
        public var findings: [Finding] = []
    }
}

extension Session {
    /// The first batch of stored training rows after the loader has assembled it, the very
    /// tensor the first layer reads, against the same rows as stored. Looking at a batch
    /// where the model takes it catches every mistake between the file and the model.
    func loaderBatch() -> CommandResult {
        let training = preparedData().training
        let size = Swift.min(setup.batchSize, training.count)
        guard size > 0 else { return .error("The training set is empty.") }
        let stored = training.subset(Array(0..<size))
        let model = ModelFactory.makeModel(
            setup, exampleShape: Array(training.inputs.shape.dropFirst()), classCount: lastRun.data.outputWidth)
        let received = (model.inputAdapter?.forward(stored.inputs) ?? stored.inputs).copy()
        let moved = (0..<received.count).filter { received[$0] != stored.inputs[$0] }.count
        let movedFraction = Float(moved) / Float(Swift.max(received.count, 1))
        var lines = [
            "the first \(size) training rows as one batch (batch \(setup.batchSize)), as the model's first layer "
                + "receives it:"
        ]
        let imageShape = source.holdsImages ? Array(source.inputs.shape.dropFirst()) : []
        let asReceived = Dataset(inputs: received, targets: stored.targets, classNames: stored.classNames)
        if imageShape.count == 3 {
            let pictures = Swift.min(3, Swift.max(1, 78 / (imageShape[2] + 3)), size)
            lines.append(
                ImagePicture.render(
                    rows: Array(0..<pictures), of: asReceived, shape: imageShape, unicode: style.unicode))
        } else {
            let width = Swift.min(training.inputWidth, 6)
            let rows = (0..<Swift.min(3, size)).map { row in
                ["row \(row)"] + (0..<width).map { Format.number(received[row * training.inputWidth + $0]) }
            }
            lines.append(Format.table(["", "first \(width) values"] + Array(repeating: "", count: width - 1), rows))
        }
        lines.append("")
        if moved == 0 {
            lines.append("every value is where the stored rows have it")
        } else {
            lines.append(
                style.alert(
                    "\(Format.percent(movedFraction)) of the values are not where the stored rows have them: "
                        + "the loader rearranges the batch"))
        }
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: DataCommand.BatchRecord(
                movedFraction: movedFraction.measured, findings: [Finding(.batchScrambled, abnormal: moved > 0)]))
    }
}
