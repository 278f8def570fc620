import ArgumentParser
import ConvergeEngine

/// The `converge` executable: argument parsing and subcommands only.
@main
struct Converge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "converge",
        abstract: "A convergence-debugging sandbox for deep-learning interviews.",
        discussion: "Every number comes from really training a network, seeded and deterministic.",
        subcommands: [
            Interview.self, Run.self, List.self, Practice.self, Assess.self, Grade.self, History.self, Replay.self,
            Attention.self, Demo.self, Scenarios.self, Grads.self, Bench.self,
        ],
        defaultSubcommand: Interview.self
    )

    /// Sets OpenBLAS up first (see `OpenBLASSettings`), then parses and runs the command.
    static func main() {
        OpenBLASSettings.ensure()
        main(nil)
    }
}
