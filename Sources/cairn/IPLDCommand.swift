import ArgumentParser
import CairnIPLD
import Foundation

/// `cairn ipld`: CIDs, DAG-CBOR/DAG-JSON conversion and CAR files.
struct IPLDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipld",
        abstract: "IPLD tools: CIDs, DAG-CBOR and DAG-JSON, CAR files.",
        discussion: """
            Exit status (see `cairn --help`): 0 on success; 3 when the input cannot be read, is \
            malformed or is not canonical for its codec (`error: ...`); 1 when the output cannot \
            be written.
            """,
        subcommands: [IPLDCIDCommand.self, IPLDEncodeCommand.self, IPLDDecodeCommand.self, IPLDCARCommand.self]
    )
}

/// Shared input, output and error reporting of the `cairn ipld` subcommands.
enum IPLDIO {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)", status: ExitStatus.badInput) }
        return [UInt8](data)
    }

    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else { FileHandle.standardOutput.write(Data(bytes)); return }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fail("cannot write \(path)", status: ExitStatus.usage) }
    }

    static func fail(_ message: String, status: Int32 = ExitStatus.badInput) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(status)
    }

    /// Runs `body`, turning IPLD errors into `error: ...` and exit status 3.
    static func checked<T>(_ what: String, _ body: () throws -> T) -> T {
        do { return try body() } catch { fail("\(what): \(error)") }
    }
}

/// `cairn ipld cid FILE`: the CIDv1 of a file's bytes, after checking they are canonical.
struct IPLDCIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cid",
        abstract: "Print the CIDv1 (base32) of a file's bytes, after checking they are canonical for the codec."
    )

    @Argument(help: "The block's file ('-' for standard input).") var file: String
    @Option(help: "The codec: dag-cbor, raw or dag-json.") var codec = "dag-cbor"
    @Option(help: "The hash: sha2-256 or blake2b-256 (or keccak-256, identity).") var hash = "sha2-256"

    func run() throws {
        guard let codec = Multicodec(name: codec), codec != .dagPB else { IPLDIO.fail("unsupported codec \(codec)", status: 2) }
        guard let hash = HashFunction(name: hash) else { IPLDIO.fail("unsupported hash \(hash)", status: 2) }
        let bytes = try IPLDIO.read(file)
        IPLDIO.checked(file) {
            switch codec {
            case .dagCBOR: _ = try DAGCBOR.decode(bytes)
            case .dagJSON: guard try DAGJSON.isCanonical(bytes) else { throw IPLDError.nonCanonical("not canonical DAG-JSON") }
            default: break
            }
        }
        print(CID(codec: codec, hashing: bytes, with: hash))
    }
}

/// `cairn ipld encode`: DAG-JSON in, DAG-CBOR out.
struct IPLDEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "encode", abstract: "Convert DAG-JSON to DAG-CBOR.")

    @Argument(help: "The DAG-JSON file ('-' for standard input).") var input = "-"
    @Option(name: .shortAndLong, help: "Where to write the DAG-CBOR (default: standard output).") var output: String?

    func run() throws {
        let bytes = try IPLDIO.read(input)
        let cbor = IPLDIO.checked(input) { try DAGCBOR.encode(try DAGJSON.decode(bytes)) }
        try IPLDIO.write(cbor, to: output)
    }
}

/// `cairn ipld decode`: DAG-CBOR in, DAG-JSON out.
struct IPLDDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "Convert DAG-CBOR to DAG-JSON.")

    @Argument(help: "The DAG-CBOR file ('-' for standard input).") var input = "-"
    @Option(name: .shortAndLong, help: "Where to write the DAG-JSON (default: standard output).") var output: String?

    func run() throws {
        let bytes = try IPLDIO.read(input)
        let json = IPLDIO.checked(input) { try DAGJSON.encode(try DAGCBOR.decode(bytes)) }
        try IPLDIO.write(json + (output == nil ? [0x0a] : []), to: output)
    }
}
