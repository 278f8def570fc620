import ArgumentParser
import ConvergeBenchmark
import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import Foundation

extension Converge {
    /// Times the engine's training steps beside the PyTorch reference figures.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time full training steps (forward, cross-entropy, backward, SGD momentum).",
            discussion: """
                Each case runs after a warm-up at one and at two BLAS threads and keeps the faster, \
                as the PyTorch reference did. The PyTorch column is PyTorch 2.15 CPU eager measured \
                on this machine kind (see README.md).
                """
        )

        @Flag(help: "Print one JSON object per case.")
        var json = false

        @Option(help: "Run only the named cases (comma-separated: \(Bench.caseNames.joined(separator: ", "))).")
        var only: String?

        /// The cases `--only` can name, in the order they run.
        static var caseNames: [String] { TrainingBenchmark.standardCases.map(\.benchmark.name) }

        @Option(help: "BLAS thread counts to try (comma-separated).")
        var threads: String = "1,2"

        @Flag(help: "Time the session's commands on every scenario instead (slowest scenario per command).")
        var commands = false

        @Flag(help: "Time each layer's forward and backward pass, the loss and the optimizer instead.")
        var layers = false

        func run() throws {
            if commands { return try runCommandBenchmark() }
            let wanted = only.map { Set($0.split(separator: ",").map(String.init)) }
            if let unknown = wanted?.subtracting(Bench.caseNames).sorted(), !unknown.isEmpty {
                throw ValidationError(
                    "no bench case named \(unknown.joined(separator: ", ")); the cases are "
                        + Bench.caseNames.joined(separator: ", "))
            }
            let threadCounts = threads.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            guard !threadCounts.isEmpty else { throw ValidationError("--threads needs at least one positive count") }
            if layers { return printStepProfiles(wanted: wanted, threadCounts: threadCounts) }
            let benchmark = TrainingBenchmark()
            if !json {
                print("OpenBLAS kernel: \(BLAS.kernel)")
                print("case              engine µs   threads   PyTorch µs   speed-up   heap growth")
            }
            for (benchmarkCase, reference) in TrainingBenchmark.standardCases {
                if let wanted, !wanted.contains(benchmarkCase.name) { continue }
                guard
                    let best = threadCounts.map({ benchmark.measure(benchmarkCase, threads: $0) })
                        .min(by: { $0.medianMicroseconds < $1.medianMicroseconds })
                else { continue }
                if json {
                    print(
                        JSONValue.object([
                            ("name", .string(best.name)),
                            ("median_us", .number((best.medianMicroseconds * 10).rounded() / 10)),
                            ("steps", .number(Double(best.steps))),
                            ("threads", .number(Double(best.threads))),
                            ("pytorch_us", .number(reference)),
                            ("speedup", .number((reference / best.medianMicroseconds * 100).rounded() / 100)),
                            ("heap_growth_bytes", .number(Double(best.heapGrowthBytes))),
                        ]).serialized())
                } else {
                    print(
                        best.name.padding(toLength: 16, withPad: " ", startingAt: 0)
                            + String(
                                format: " %11.1f %9d %12.0f %9.2fx %9d B",
                                best.medianMicroseconds, best.threads, reference,
                                reference / best.medianMicroseconds, best.heapGrowthBytes))
                }
            }
        }

        /// Each wanted case's step, part by part, at each thread count.
        func printStepProfiles(wanted: Set<String>?, threadCounts: [Int]) {
            for (benchmarkCase, _) in TrainingBenchmark.standardCases {
                if let wanted, !wanted.contains(benchmarkCase.name) { continue }
                for threads in threadCounts {
                    let profile = StepProfile.measure(benchmarkCase, threads: threads)
                    let rows = profile.parts.map {
                        [
                            $0.name, String(format: "%.1f", $0.medianMicroseconds),
                            String(format: "%.1f", $0.minimumMicroseconds),
                        ]
                    }
                    let total = profile.parts.reduce(0) { $0 + $1.medianMicroseconds }
                    print(
                        "\(profile.caseName) at \(threads) thread\(threads == 1 ? "" : "s"): \(String(format: "%.1f", total)) µs in all (medians)"
                    )
                    print(Format.table(["part", "median µs", "minimum µs"], rows))
                    print()
                }
            }
        }

        func runCommandBenchmark() throws {
            let catalog = try Catalog.loadForSessions()
            let results = try CommandBenchmark(scenarios: catalog.scenarios, library: DataLibrary()).measure()
            var rows: [[String]] = []
            for result in results {
                if json {
                    print(
                        JSONValue.object([
                            ("name", .string(result.command)),
                            ("slowest_ms", .number((result.slowestMilliseconds * 100).rounded() / 100)),
                            ("scenario", .string(result.slowestScenario)),
                            ("budget_ms", .number(result.budgetMilliseconds)),
                            ("within_budget", .bool(result.withinBudget)),
                        ]).serialized())
                } else {
                    let row = [
                        result.command, String(format: "%.1f", result.slowestMilliseconds), result.slowestScenario,
                        String(format: "%.0f", result.budgetMilliseconds),
                    ]
                    rows.append(result.withinBudget ? row : row + ["OVER"])
                }
            }
            if !json {
                // The last column only holds "OVER"; its empty header leaves nothing to pad.
                let table = Format.table(["command", "slowest ms", "scenario", "budget ms", ""], rows)
                for line in table.split(separator: "\n") {
                    print(line.replacing(/\ +$/, with: ""))
                }
            }
        }
    }
}
