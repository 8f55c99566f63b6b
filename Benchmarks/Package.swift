// swift-tools-version:6.1
import PackageDescription

// The benchmark harness lives in its own package so that the root package (and CI) never builds
// WasmKit's full engine. Run from the repository root:
//   swift run -c release --package-path Benchmarks cairn-bench
let package = Package(
    name: "CairnBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Cairn", path: ".."),
        .package(url: "https://github.com/swiftwasm/WasmKit.git", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "cairn-bench",
            dependencies: [
                .product(name: "Cairn", package: "Cairn"),
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WAT", package: "WasmKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/cairn-bench"
        ),
        // Provable execution: step-counting overhead, commitments, long-run equivalence and
        // checkpointed proving (docs/proofs.md).
        .executableTarget(
            name: "cairn-proof-bench",
            dependencies: [
                .product(name: "Cairn", package: "Cairn"),
                .product(name: "CairnProofs", package: "Cairn"),
                .product(name: "WAT", package: "WasmKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/cairn-proof-bench"
        ),
        // The actor runtime: token transfers with the state committed to SQLite (docs/actors.md).
        .executableTarget(
            name: "cairn-actor-bench",
            dependencies: [
                .product(name: "CairnActors", package: "Cairn"),
                .product(name: "CairnIPLD", package: "Cairn"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/cairn-actor-bench"
        ),
    ]
)
