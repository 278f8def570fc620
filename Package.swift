// swift-tools-version:6.0
import PackageDescription

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
        // glibc's malloc.h, for heap statistics in the benchmark.
        .systemLibrary(name: "CHeap", path: "Sources/CHeap"),
        .target(
            name: "ConvergeEngine",
            dependencies: ["CBLAS", "CHeap"]
        ),
        .target(
            name: "ConvergeScenarios",
            dependencies: ["ConvergeEngine", "Yams"]
        ),
        .target(
            name: "ConvergeSession",
            dependencies: ["ConvergeEngine", "ConvergeScenarios", "CEditLine"]
        ),
        .target(
            name: "ConvergeGrader",
            dependencies: ["ConvergeEngine", "ConvergeScenarios", "ConvergeSession"]
        ),
        .target(
            name: "ConvergeInterview",
            dependencies: ["ConvergeEngine", "ConvergeScenarios", "ConvergeSession", "ConvergeGrader", "Yams"]
        ),
        .executableTarget(
            name: "converge",
            dependencies: [
                "ConvergeEngine",
                "ConvergeScenarios",
                "ConvergeSession",
                "ConvergeGrader",
                "ConvergeInterview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ConvergeEngineTests",
            dependencies: ["ConvergeEngine"]
        ),
        .testTarget(
            name: "ConvergeScenariosTests",
            dependencies: ["ConvergeScenarios"]
        ),
        .testTarget(
            name: "ConvergeSessionTests",
            dependencies: ["ConvergeSession"]
        ),
        .testTarget(
            name: "ConvergeGraderTests",
            dependencies: ["ConvergeGrader"]
        ),
        .testTarget(
            name: "ConvergeInterviewTests",
            dependencies: ["ConvergeInterview"]
        ),
    ]
)
