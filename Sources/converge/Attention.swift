import ArgumentParser
import ConvergeEngine
import ConvergeSession

extension Converge {
    /// The self-attention picture, computed by the engine.
    struct Attention: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw self-attention over [The] [cat] [sat] [on] [the] [mat] from a small trained model.")

        @Flag(help: "Show the same weights without the 1/sqrt(d_k) scale.")
        var unscaled = false

        @Option(help: "Seed of the model's initialisation and training data.")
        var seed: UInt64 = 1

        func run() throws {
            BLAS.setThreadCount(1)
            print(AttentionPicture(seed: seed).rendered(style: .forStandardOutput(), unscaled: unscaled))
        }
    }
}
