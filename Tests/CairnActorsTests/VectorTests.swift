import CairnIPLD
import Foundation
import Testing
@testable import CairnActors

/// The test vectors of `Tests/vectors` (docs/vectors.md): every one passes, a corrupted one
/// fails, and the scenarios recorded afresh agree with the files (set CAIRN_RECORD_VECTORS=1
/// to rewrite the files from the scenarios).
@Suite(.serialized) struct VectorTests {
    static let directory: String = {
        var path = #filePath
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/vectors"
    }()

    static func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> TestVector {
        let data = try #require(FileManager.default.contents(atPath: directory + "/" + name))
        return try TestVector.decode(Array(data))
    }

    /// With CAIRN_RECORD_VECTORS=1, writes every scenario's vector to Tests/vectors; always
    /// checks that each recorded vector passes when run on a fresh machine.
    @Test(arguments: VectorScenario.all.map(\.id))
    func scenarioRecordsAVectorThatPasses(id: String) throws {
        let scenario = try #require(VectorScenario.all.first { $0.id == id })
        let vector = try scenario.record()
        let outcome = try VectorRunner.run(vector)
        #expect(outcome.passed, "\(id): \(outcome.differences)")
        if ProcessInfo.processInfo.environment["CAIRN_RECORD_VECTORS"] == "1" {
            let file = Self.directory + "/" + id + ".json"
            #expect(FileManager.default.createFile(atPath: file, contents: Data(try vector.encoded())))
        }
    }

    @Test func everyScenarioHasAVectorFile() {
        #expect(Set(Self.files()) == Set(VectorScenario.all.map { $0.id + ".json" }))
    }

    @Test(arguments: VectorTests.files())
    func vectorPasses(file: String) throws {
        let outcome = try VectorRunner.run(try Self.load(file))
        #expect(outcome.passed, "\(file): \(outcome.differences)")
    }

    /// One flipped byte in a receipt's return data, or a gas count one off, fails the vector
    /// with that difference first.
    @Test func aFlippedReceiptByteFails() throws {
        var vector = try Self.load("ipld_roundtrip.json")
        var returned = try #require(Data(base64Encoded: vector.postconditions.receipts[1].returnData))
        returned[returned.count - 1] ^= 0x01
        vector.postconditions.receipts[1].returnData = returned.base64EncodedString()
        let outcome = try VectorRunner.run(vector)
        #expect(!outcome.passed)
        #expect(outcome.differences.first?.hasPrefix("receipts[1].return") == true)

        var gas = try Self.load("hello_world.json")
        gas.postconditions.receipts[0].gasUsed += 1
        #expect(try VectorRunner.run(gas).differences == ["receipts[0].gas_used: expected \(gas.postconditions.receipts[0].gasUsed), got \(gas.postconditions.receipts[0].gasUsed - 1)"])
    }

    /// A vector pins a failed message's backtrace: a changed function name fails it with that
    /// difference, and a receipt without one is not checked.
    @Test func aWrongBacktraceFails() throws {
        var vector = try Self.load("unreachable.json")
        let index = try #require(vector.postconditions.receipts.firstIndex { $0.backtrace != nil })
        let frames = try #require(vector.postconditions.receipts[index].backtrace)
        #expect(frames.contains { !($0.wasmFrames ?? []).isEmpty })
        var changed = frames
        let frame = try #require(changed.firstIndex { !($0.wasmFrames ?? []).isEmpty })
        changed[frame].wasmFrames![0] += "_renamed"
        vector.postconditions.receipts[index].backtrace = changed
        #expect(try VectorRunner.run(vector).differences.first?.hasPrefix("receipts[\(index)].backtrace") == true)
        vector.postconditions.receipts[index].backtrace = nil
        #expect(try VectorRunner.run(vector).passed)
    }

    @Test func aWrongPostStateRootFails() throws {
        var vector = try Self.load("self_state.json")
        vector.postconditions.stateTree.rootCID = vector.preconditions.stateTree.rootCID
        let outcome = try VectorRunner.run(vector)
        #expect(outcome.differences.first?.hasPrefix("state_tree.root_cid") == true)
    }

    @Test func malformedVectorsAreTypedErrors() throws {
        #expect(throws: VectorError.self) { try TestVector.decode(Array("{}".utf8)) }
        var badCAR = try Self.load("hello_world.json")
        badCAR.car = "not base64!"
        let noCAR = badCAR
        #expect(throws: VectorError.malformed("car is not base64")) { try VectorRunner.run(noCAR) }
        var badMessage = try Self.load("hello_world.json")
        badMessage.applyMessages[0].bytes = Data([0x82, 0x01]).base64EncodedString()
        let notAMessage = badMessage
        #expect(throws: VectorError.self) { try VectorRunner.run(notAMessage) }
    }
}
