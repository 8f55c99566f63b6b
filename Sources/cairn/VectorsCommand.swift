import ArgumentParser
import CairnActors
import CairnIPLD
import Foundation

/// `cairn vectors`: message test vectors (docs/vectors.md).
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Run message test vectors (docs/vectors.md).",
        subcommands: [VectorsRunCommand.self])
}

/// `cairn vectors run DIR|FILE`.
struct VectorsRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run test vectors: each JSON file given, or every *.json in a directory.",
        discussion: """
            Prints each vector's result, with its first difference when it fails. Exit status: 0 \
            when every vector passes, 2 when one fails, 3 when one is malformed (it is reported \
            and the others still run).
            """)

    @Argument(help: "Vector files or directories.") var paths: [String]
    @Flag(help: "Print one JSON object per vector.") var json = false

    func run() throws {
        var failed = false
        var malformed = false
        let files = paths.flatMap(Self.vectorFiles)
        if files.isEmpty { ActorIO.fail("no vectors in \(paths.joined(separator: " "))", status: ExitStatus.badInput) }
        for file in files {
            let result = Self.result(of: file)
            failed = failed || result.status == "fail"
            malformed = malformed || result.status == "error"
            if json {
                var fields: [String: IPLD] = ["file": .string(file), "status": .string(result.status)]
                if let detail = result.detail { fields["difference"] = .string(detail) }
                if let gas = result.gas { fields["gas_used"] = .list(gas.map { .uint($0) }) }
                print(String(decoding: (try? DAGJSON.encode(.map(fields))) ?? [], as: UTF8.self))
            } else {
                print("\(result.status.uppercased()) \(file)\(result.detail.map { ": \($0)" } ?? "")")
            }
        }
        if !json { print("\(files.count) vectors") }
        if malformed { throw ArgumentParser.ExitCode(ExitStatus.badInput) }
        if failed { throw ArgumentParser.ExitCode(ExitStatus.rejected) }
    }

    static func result(of file: String) -> (status: String, detail: String?, gas: [UInt64]?) {
        guard let data = FileManager.default.contents(atPath: file) else { return ("error", "cannot read", nil) }
        do {
            let outcome = try VectorRunner.run(try TestVector.decode(Array(data)))
            let gas = outcome.receipts.map(\.gasUsed)
            return outcome.passed ? ("pass", nil, gas) : ("fail", outcome.differences.first, gas)
        } catch {
            return ("error", "\(error)", nil)
        }
    }

    /// `path` itself, or the `.json` files in it (sorted), if it is a directory.
    static func vectorFiles(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            ActorIO.fail("no such file or directory: \(path)", status: ExitStatus.badInput)
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
