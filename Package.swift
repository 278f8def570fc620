// swift-tools-version:6.0
import PackageDescription

// Dependencies flow one way, each part using only those above it:
// Support, Engine ← Reference, Scenarios ← Session ← Grader ← Interview ← converge.
// Benchmark sits beside the executable: it times the engine and the session.
let package = Package(
    name: "Converge",
    products: [
        .executable(name: "converge", targets: ["converge"]),
        .library(name: "ConvergeEngine", targets: ["ConvergeEngine"]),
    ],
    dependencies: [
        // The command line: subcommands, help, and "did you mean" for free.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Scenario files: YAML with line numbers for every node, so errors can name the line.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // OpenBLAS, reached through a module map; only Sources/ConvergeEngine/BLAS imports it.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // libedit, for line editing, history and completion at the session prompt.
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Snowball's stemmers (Porter2 for English), for reading answers and diagnoses.
        .systemLibrary(
            name: "CStemmer",
            path: "Sources/CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        // 3x3, stride-1 convolutions straight from the image, in C: AVX2 and FMA where the CPU
        // has them, portable C with the same bits elsewhere. On small images im2col's copies
        // cost more than the products, and Swift cannot ask for AVX2 in one function only.
        .target(name: "CConvolution"),
        // glibc's malloc.h, for heap statistics in the benchmark.
        .systemLibrary(name: "CHeap", path: "Sources/CHeap"),
        // Small things every part shares: JSON values, number formatting, wrapping,
        // "did you mean", and finding the project's files.
        .target(name: "ConvergeSupport"),
        // Reading free text: stems, clause-scoped negation, and the phrase matcher that
        // judges interview answers and session diagnoses alike.
        .target(name: "ConvergeLanguage", dependencies: ["CStemmer"]),
        // Tensors, layers, losses, optimizers, schedules, the seeded RNG and the trainer.
        .target(
            name: "ConvergeEngine",
            dependencies: ["CBLAS", "CConvolution"]
        ),
        // The PyTorch fixture format: reads a reference case, runs it through the engine.
        .target(
            name: "ConvergeReference",
            dependencies: ["ConvergeEngine", "ConvergeSupport"]
        ),
        .target(
            name: "ConvergeScenarios",
            dependencies: ["ConvergeEngine", "ConvergeLanguage", "ConvergeSupport", "Yams"]
        ),
        .target(
            name: "ConvergeSession",
            dependencies: ["ConvergeEngine", "ConvergeScenarios", "ConvergeSupport", "CEditLine"]
        ),
        .target(
            name: "ConvergeGrader",
            dependencies: ["ConvergeScenarios", "ConvergeSession", "ConvergeSupport"]
        ),
        .target(
            name: "ConvergeInterview",
            dependencies: [
                "ConvergeEngine", "ConvergeLanguage", "ConvergeScenarios", "ConvergeSession", "ConvergeGrader",
                "ConvergeSupport", "Yams",
            ]
        ),
        // Training-step timings beside PyTorch's, heap statistics, and the session's command times.
        .target(
            name: "ConvergeBenchmark",
            dependencies: ["ConvergeEngine", "ConvergeScenarios", "ConvergeSession", "CHeap"]
        ),
        .executableTarget(
            name: "converge",
            dependencies: [
                "ConvergeEngine",
                "ConvergeReference",
                "ConvergeScenarios",
                "ConvergeSession",
                "ConvergeGrader",
                "ConvergeInterview",
                "ConvergeBenchmark",
                "ConvergeSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets: the project's folders, the catalogue, tolerances.
        .target(
            name: "ConvergeTestSupport",
            dependencies: ["ConvergeEngine", "ConvergeScenarios", "ConvergeSupport"],
            path: "Tests/ConvergeTestSupport"
        ),
        .testTarget(
            name: "ConvergeEngineTests",
            dependencies: ["ConvergeEngine", "CConvolution", "ConvergeTestSupport"]
        ),
        .testTarget(
            name: "ConvergeLanguageTests",
            dependencies: ["ConvergeLanguage"]
        ),
        .testTarget(
            name: "ConvergeReferenceTests",
            dependencies: ["ConvergeReference", "ConvergeTestSupport"]
        ),
        .testTarget(
            name: "ConvergeScenariosTests",
            dependencies: ["ConvergeScenarios", "ConvergeTestSupport"]
        ),
        .testTarget(
            name: "ConvergeSessionTests",
            dependencies: ["ConvergeSession", "ConvergeLanguage", "ConvergeTestSupport"]
        ),
        .testTarget(
            name: "ConvergeGraderTests",
            dependencies: ["ConvergeGrader", "ConvergeTestSupport", .product(name: "Yams", package: "Yams")],
            // Recorded sessions and persona scripts the tests read from the project folder.
            exclude: ["Golden", "Personas"]
        ),
        .testTarget(
            name: "ConvergeInterviewTests",
            dependencies: ["ConvergeInterview", "ConvergeLanguage", "ConvergeTestSupport"],
            // Held-out answers the calibration tests read from the project folder.
            exclude: ["HeldOut"]
        ),
        .testTarget(
            name: "ConvergeBenchmarkTests",
            dependencies: ["ConvergeBenchmark", "ConvergeTestSupport"]
        ),
    ]
)
