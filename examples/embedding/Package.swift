// swift-tools-version:6.1
import PackageDescription

// An embedder of Cairn: evaluates a program with gas (`Cairn`) and runs it as a provable task
// (`CairnProofs`). It depends on the checkout two levels up; to depend on a release instead,
// replace the dependency with `.package(url: "<Cairn's repository>", from: "<version>")`.
let package = Package(
    name: "embedding",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Cairn", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "embedding",
            dependencies: [
                .product(name: "Cairn", package: "Cairn"),
                .product(name: "CairnProofs", package: "Cairn"),
            ]
        ),
    ]
)
