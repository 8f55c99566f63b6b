import Foundation
import Testing
@testable import CairnIPLD

/// A writer process flushing batches into an SQLite store is killed with SIGKILL at a random
/// moment; the reopened store must hold every reported batch whole, and no batch in part.
@Suite struct CrashTests {
    static func toolURL() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["CAIRN_IPLD_TOOL"] { candidates.append(URL(fileURLWithPath: env)) }
        for start in [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap({ $0 }) {
            var dir = start.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("cairn-ipld-tool"))
                dir = dir.deletingLastPathComponent()
            }
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The same batches `cairn-ipld-tool crash-writer` writes.
    static func batch(_ k: Int) throws -> [(CID, [UInt8])] {
        var out: [(CID, [UInt8])] = []
        for j in 0..<1500 {
            let leaf = try DAGCBOR.encode(.list([.string("leaf"), .int(Int64(k)), .int(Int64(j)),
                                                 .bytes([UInt8](repeating: UInt8((k * 31 + j) % 251), count: 512))]))
            out.append((CID(codec: .dagCBOR, hashing: leaf), leaf))
        }
        let root = try DAGCBOR.encode(.list([.string("root"), .int(Int64(k)), .list(out.map { .link($0.0) })]))
        out.append((CID(codec: .dagCBOR, hashing: root), root))
        return out
    }

    @Test(arguments: [0, 1, 2]) func killDashNineMidFlush(_ run: Int) throws {
        guard let tool = Self.toolURL() else {
            #expect(!SharedData.required, "cairn-ipld-tool not built")
            print("skipping the kill -9 test: cairn-ipld-tool not found (set CAIRN_IPLD_TOOL)")
            return
        }
        let path = BlockstoreTests.tempPath("crash.sqlite")
        let process = Process()
        process.executableURL = tool
        process.arguments = ["crash-writer", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        // Let a few batches complete, then kill at a moment that varies with the run.
        var reported = -1
        var pending = Data()
        let handle = pipe.fileHandleForReading
        while reported < 2 + run {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            for line in String(decoding: pending, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("flushed "), let k = Int(line.dropFirst(8)) { reported = max(reported, k) }
            }
        }
        usleep(UInt32(3_000 + run * 7_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        for line in String(decoding: pending + handle.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("flushed "), let k = Int(line.dropFirst(8)) { reported = max(reported, k) }
        }
        #expect(reported >= 2 + run)

        let store = try SQLiteBlockstore(path: path)
        var complete = 0
        for k in 0...(reported + 2) {
            let blocks = try Self.batch(k)
            let present = try blocks.filter { (pair) throws -> Bool in try store.has(pair.0) }.count
            #expect(present == 0 || present == blocks.count, "batch \(k) is partial: \(present) of \(blocks.count)")
            if k <= reported { #expect(present == blocks.count, "reported batch \(k) lost") }
            if present == blocks.count {
                complete += 1
                #expect(try store.require(blocks[0].0) == blocks[0].1)
            }
        }
        #expect(try store.count() == complete * 1501)
    }
}
