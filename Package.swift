// swift-tools-version:6.1
import PackageDescription

// Layers (see docs/architecture.md): CairnWasm, CairnHash -> CairnProgram -> CairnMachine -> Cairn.
// The core targets (CairnWasm, CairnHash, CairnProgram, CairnMachine) must not import Foundation.
let package = Package(
    name: "Cairn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Cairn", targets: ["Cairn"]),
        .executable(name: "cairn", targets: ["cairn"]),
        // Provable tasks: the verifier, the Merkleized state and prover, fast runs and disputes,
        // imported as one module (`import CairnProofs`); the modules it re-exports stay importable.
        .library(name: "CairnProofs", targets: ["CairnProofs"]),
        // IPLD: CIDs, DAG-CBOR, blockstores, Filecoin's HAMT and AMT, CAR (docs/ipld.md).
        .library(name: "CairnIPLD", targets: ["CairnIPLD"]),
        .library(name: "CairnActors", targets: ["CairnActors"]),
        .executable(name: "cairn-ipld-tool", targets: ["cairn-ipld-tool"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit.git", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        // Token amounts of the actor runtime (Filecoin's big integers).
        .package(url: "https://github.com/attaswift/BigInt.git", exact: "6.0.1"),
        // `swift package generate-documentation --target Cairn` (Sources/Cairn/Cairn.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
    ],
    targets: [
        // Decoding, validation and the pure numeric semantics of WebAssembly.
        .target(
            name: "CairnWasm",
            dependencies: [.product(name: "WasmParser", package: "WasmKit")]
        ),
        // Keccak-256 (state commitments and program content hashes).
        .target(name: "CairnHash"),
        // Validated Wasm lowered to the flat register program the machine runs.
        .target(name: "CairnProgram", dependencies: ["CairnWasm", "CairnHash"]),
        // The machine: store, instances, interpreter, traps, host functions.
        // The glue of the threaded interpreter: handlers that tail-call one another (C only moves
        // control; every semantic is in CairnMachine's Swift).
        .target(name: "CCairnThreaded"),
        // The threaded handlers are C functions that the Clang importer compiles into this
        // module (docs/register-machine.md, "How the handlers are built"). They need no flags,
        // so a package can depend on Cairn by version. By default the importer compiles them for
        // size (`optsize`) and SwiftPM asks for frame pointers, which cost every handler a push,
        // a move and a pop; `CAIRN_FAST_BUILD=1 swift build` (root builds only: SwiftPM refuses
        // unsafe flags in a dependency) compiles them at -O2 without frame pointers.
        .target(name: "CairnMachine", dependencies: ["CairnProgram", "CCairnThreaded"],
                swiftSettings: Context.environment["CAIRN_FAST_BUILD"] == "1"
                    ? [.unsafeFlags(["-Xcc", "-O2", "-Xcc", "-Xclang", "-Xcc", "-mframe-pointer=none"])] : []),
        // The task machine's step semantics, state hashing, proof format and the stateless
        // verifier: what an on-chain referee runs. Depends on no machine (docs/proofs.md).
        .target(name: "CairnVerifier", dependencies: ["CairnProgram", "CairnWasm", "CairnHash"]),
        // Provable tasks: the Merkleized concrete state, stepping, checkpoints and the prover.
        .target(name: "CairnProof", dependencies: ["CairnVerifier", "CairnProgram"]),
        // Tasks run fast on the machine, with step counting, checkpoints and state export.
        .target(name: "CairnTask", dependencies: ["CairnMachine", "CairnProof", "CairnWasm"]),
        // The differential fuzzer of the three executions (fast machine, stepper, verifier):
        // programs generated at the level of the program format (docs/fuzzing.md).
        .target(name: "CairnFuzz", dependencies: ["CairnTask", "CairnProof", "CairnVerifier", "CairnMachine", "CairnProgram", "CairnWasm", "CairnHash"]),
        .executableTarget(
            name: "cairn-fuzz",
            dependencies: ["CairnFuzz", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "CairnFuzzTests", dependencies: ["CairnFuzz", "CairnTask", "CairnProof", "CairnVerifier", "CairnProgram"]),
        // The dispute game's referee, history commitments, claims and moves: what an on-chain
        // referee runs. Beside the verifier; depends on no machine (docs/disputes.md).
        .target(name: "CairnDispute", dependencies: ["CairnVerifier", "CairnHash"]),
        // The parties of the dispute game (honest and adversarial, from fast runs with
        // checkpoints), the game driver, and the transparent provable VM.
        .target(name: "CairnDisputeParty", dependencies: ["CairnDispute", "CairnTask", "CairnProof"]),
        // The CairnProofs product as one module: re-exports the verifier, tasks and disputes.
        .target(name: "CairnProofs", dependencies: ["CairnVerifier", "CairnProof", "CairnTask", "CairnDispute", "CairnDisputeParty"]),
        // Debugging and profiling (docs/debugging.md): step traces.
        .target(name: "CairnDebug", dependencies: ["CairnMachine", "CairnProgram"]),
        // The library product embedders import.
        .target(name: "Cairn", dependencies: ["CairnMachine", .product(name: "WAT", package: "WasmKit")]),
        // The .wast runner used by `cairn spectest` and the conformance tests.
        .target(
            name: "CairnSpecTest",
            dependencies: ["Cairn", .product(name: "WAT", package: "WasmKit")]
        ),
        // IPLD, its own layer (the engine targets stay free of it): multiformats, DAG-CBOR and
        // DAG-JSON, blockstores (memory, SQLite through GRDB, buffered), HAMT, AMT, CAR.
        .target(
            name: "CairnIPLD",
            dependencies: [
                "CairnHash",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Debian's libsecp256k1 (`apt-get install libsecp256k1-dev`): signature checks and
        // public-key recovery for the actor runtime's crypto syscalls.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        // Hashes and signatures the actor runtime offers actors (sha2-256, blake2b-256,
        // keccak-256; secp256k1 verify and recover).
        .target(
            name: "CairnCrypto",
            dependencies: [
                "CairnHash", "CairnIPLD", "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Actors (docs/actors.md): Filecoin addresses, token amounts, the state tree, messages and
        // receipts, and the runtime (call manager, invocation containers, syscalls, gas).
        .target(
            name: "CairnActors",
            dependencies: [
                "CairnIPLD", "CairnCrypto", "CairnMachine", "CairnProgram", "CairnWasm", "CairnHash",
                .product(name: "BigInt", package: "BigInt"),
                // The state directory commits blocks and its head in one SQLite transaction.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The EVM foreign runtime's hosts (docs/evm.md): RLP, the Merkle-Patricia state root, the world
        // state and transaction processing of Ethereum's state tests, around the EVM interpreter (evm/,
        // C compiled to Wasm) running on Cairn.
        .target(
            name: "CairnEVM",
            dependencies: [
                "Cairn", "CairnMachine", "CairnProgram", "CairnWasm", "CairnHash", "CairnCrypto",
                .product(name: "BigInt", package: "BigInt"),
            ]
        ),
        // The kill -9 tests' writers (blocks; state directory), the differential test's batch decoder and the benchmark.
        .executableTarget(name: "cairn-ipld-tool", dependencies: ["CairnIPLD", "CairnActors"]),
        .executableTarget(
            name: "cairn",
            dependencies: [
                "Cairn", "CairnSpecTest", "CairnTask", "CairnIPLD", "CairnDispute", "CairnDisputeParty", "CairnDebug",
                "CairnActors", "CairnEVM",
                .product(name: "WAT", package: "WasmKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CairnWasmTests", dependencies: ["CairnWasm"]),
        .testTarget(name: "CairnHashTests", dependencies: ["CairnHash"]),
        .testTarget(
            name: "CairnMachineTests",
            dependencies: ["Cairn", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(name: "CairnSpecTestTests", dependencies: ["CairnSpecTest"]),
        .testTarget(name: "CairnIPLDTests", dependencies: ["CairnIPLD", "cairn-ipld-tool"]),
        .testTarget(name: "CairnDebugTests", dependencies: ["CairnDebug", "CairnTask", "Cairn", "CairnSpecTest", .product(name: "WAT", package: "WasmKit")], exclude: ["Fixtures"]),
        .testTarget(name: "CairnCryptoTests", dependencies: ["CairnCrypto"]),
        .testTarget(name: "CairnActorsTests", dependencies: ["CairnActors", "CairnIPLD", "CairnCrypto", "cairn-ipld-tool", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(name: "CairnEVMTests", dependencies: ["CairnEVM", "CairnHash"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CairnDisputeTests",
            dependencies: ["CairnDispute", "CairnDisputeParty", "CairnTask", "Cairn", "CairnSpecTest", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "CairnProofTests",
            dependencies: ["CairnTask", "Cairn", "CairnSpecTest", .product(name: "WAT", package: "WasmKit")]
        ),
    ]
)
