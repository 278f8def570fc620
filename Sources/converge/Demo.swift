import ArgumentParser
import ConvergeEngine

extension Converge {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Train a small network and show its loss curve.")
        func run() throws { print("demo") }
    }
}
