import ArgumentParser
import CairnIPLD
import Foundation

/// `cairn ipld car ls|verify|import|export`.
struct IPLDCARCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "car",
        abstract: "List, verify, import and export CAR (v1 and v2) files.",
        subcommands: [List.self, Verify.self, Import.self, Export.self]
    )

    struct Lenient: ParsableArguments {
        @Flag(help: "Treat a zero-length section as the end of the file (CARs padded by old Lotus).")
        var zeroLengthSectionAsEOF = false
        var options: CAR.ReadOptions { .init(zeroLengthSectionAsEOF: zeroLengthSectionAsEOF) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "Print the roots and every block's CID and size.")
        @Argument(help: "The CAR file.") var file: String
        @OptionGroup var lenient: Lenient

        func run() throws {
            let bytes = try IPLDIO.read(file)
            let car = IPLDIO.checked(file) { try CAR.read(bytes, options: lenient.options) }
            for root in car.roots { print("root \(root)") }
            for block in car.blocks { print("\(block.cid) \(block.data.count)") }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check the framing, every block against its CID, and a CARv2 index.")
        @Argument(help: "The CAR file.") var file: String
        @OptionGroup var lenient: Lenient

        func run() throws {
            let bytes = try IPLDIO.read(file)
            let car = IPLDIO.checked(file) { try CAR.read(bytes, options: lenient.options) }
            let index = car.index.map { ", index of \($0.entries.count) entries verified" } ?? ""
            print("ok: CARv\(car.version), \(car.roots.count) root(s), \(car.blocks.count) block(s) verified\(index)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Verify a CAR and store its blocks in an SQLite blockstore (one transaction).")
        @Argument(help: "The CAR file.") var file: String
        @Option(help: "The SQLite blockstore (created if missing).") var store: String
        @OptionGroup var lenient: Lenient

        func run() throws {
            let bytes = try IPLDIO.read(file)
            let roots = IPLDIO.checked(file) { try CAR.import(bytes, into: try SQLiteBlockstore(path: store), options: lenient.options) }
            for root in roots { print(root) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the DAG under a root, from an SQLite blockstore, as a CAR.")
        @Argument(help: "The root CID.") var root: String
        @Option(help: "The SQLite blockstore.") var store: String
        @Option(name: .shortAndLong, help: "The CAR file to write (default: standard output).") var output: String?
        @Option(help: "CAR version: 1 or 2.") var carVersion = 1

        func run() throws {
            let car = IPLDIO.checked(root) {
                try CAR.export(root: try CID(root), from: try SQLiteBlockstore(path: store), version: carVersion)
            }
            try IPLDIO.write(car, to: output)
        }
    }
}
