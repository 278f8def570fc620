import ArgumentParser
import ConvergeEngine

extension Converge {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time full training steps.")
        func run() throws { print("bench") }
    }
}
