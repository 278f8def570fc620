import ConvergeEngine
import ConvergeScenarios
import ConvergeSupport
import Foundation

extension Session {
    /// A Transformer's attention: each head's entropy in every block, at init and after the
    /// last run, and the map of one block and head on the first probe sequence.
    func transformerAttentionView(_ arguments: [String]) -> CommandResult {
        let prepared = preparedData()
        let batch = probeBatch(prepared)
        let fresh = makeRun(setup, prepared).model
        _ = fresh.forward(batch.inputs)
        let freshBlocks = fresh.layers.compactMap { $0 as? TransformerBlock }
        let numbers = arguments.map { Int($0) }
        guard numbers.count <= 2, numbers.allSatisfy({ $0 != nil }) else {
            return .error("Usage: `attention`, `attention BLOCK` or `attention BLOCK HEAD`, counting from 1.")
        }
        let block = numbers.first.flatMap { $0 } ?? freshBlocks.count
        let head = numbers.count > 1 ? numbers[1] ?? 1 : 1
        guard (1...Swift.max(freshBlocks.count, 1)).contains(block), (1...setup.heads).contains(head) else {
            return .error(
                "This model has blocks 1 to \(freshBlocks.count) and heads 1 to \(setup.heads) (`attention BLOCK HEAD`)."
            )
        }
        var trainedBlocks: [TransformerBlock] = []
        if !lastReport.history.hasDiverged, lastRun.setup.blocks == setup.blocks, lastRun.setup.heads == setup.heads {
            let trainedBatch = probeBatch(lastRun.data)
            _ = lastRun.model.forward(trainedBatch.inputs)
            trainedBlocks = lastRun.model.layers.compactMap { $0 as? TransformerBlock }
        }
        let steps = batch.inputs.shape[1]
        let uniform = Foundation.log(Float(steps))
        var rows: [[String]] = []
        var smallest: Float = 1
        for (index, reading) in freshBlocks.enumerated() {
            let initial = reading.attention.headEntropies
            let trained = trainedBlocks.indices.contains(index) ? trainedBlocks[index].attention.headEntropies : []
            for h in initial.indices {
                smallest = Swift.min(smallest, initial[h] / uniform)
                rows.append([
                    "block \(index + 1) head \(h + 1)", Format.percent(initial[h] / uniform),
                    trained.indices.contains(h) ? Format.percent(trained[h] / uniform) : "-",
                ])
            }
        }
        var lines = [
            "attention entropy per head, as a share of uniform over \(steps) keys (\(Format.number(uniform)) nats):",
            Format.table(
                ["head", "at init", trainedBlocks.isEmpty ? "last run (other model)" : "after last run"], rows),
        ]
        if let legend = CodeModuleNames.blockLegend(layerKinds: fresh.layers.map(\.kind)) { lines.append(legend) }
        let shown = trainedBlocks.isEmpty ? freshBlocks : trainedBlocks
        let when = trainedBlocks.isEmpty ? "at init" : "after the last run"
        lines.append("\nblock \(block), head \(head), first probe sequence, \(when):")
        let attention = shown[block - 1].attention.attention
        lines.append(
            AttentionHeatMap(
                weights: AttentionHeatMap.matrix(attention, example: 0, head: head - 1),
                labels: (0..<steps).map { "t\($0)" }, style: style
            ).text)
        return CommandResult(
            text: lines.joined(separator: "\n"),
            record: AttentionCommand.Record(
                attention: true, entropyRatioInit: smallest.measured,
                findings: [Finding(.attentionSaturated, abnormal: smallest < 0.3)]))
    }
}
