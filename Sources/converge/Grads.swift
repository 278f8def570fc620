import ArgumentParser
import ConvergeEngine
import ConvergeReference
import Foundation

extension Converge {
    /// Runs a PyTorch reference case through the engine and prints what it computes.
    struct Grads: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forward and backward pass (and optimizer steps) for a fixture-format file.",
            discussion: """
                Reads any file in the format of Fixtures/pytorch/README.md, ignoring its expected \
                values, and prints the output, the loss and every gradient. With --json the result \
                is one object that Fixtures/pytorch/check_grads.py can compare with the fixture.
                """
        )

        @Argument(help: "A fixture-format JSON file.")
        var file: String

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        func run() throws {
            // A ReferenceCaseError names the file and the field; ArgumentParser prints it as is.
            do {
                let referenceCase = try ReferenceCase(contentsOf: URL(fileURLWithPath: file))
                let result = try ReferenceRunner.run(referenceCase)
                if json {
                    print(result.json.serialized())
                } else {
                    print(
                        GradientTable(name: referenceCase.name, lossKind: referenceCase.lossKind, result: result)
                            .rendered)
                }
            } catch var error as ReferenceCaseError {
                error.file = error.file ?? file
                throw error
            }
        }
    }
}
