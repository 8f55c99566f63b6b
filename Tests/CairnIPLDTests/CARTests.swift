import Foundation
import Testing
@testable import CairnIPLD

/// go-car's test files (`shared/ipld/car`): valid ones read, corrupt ones rejected with an error.
@Suite struct CARTests {
    /// The trait of the tests that read go-car's files: skipped (with one line) when they are missing.
    static let needsFiles = ConditionTrait.enabled(if: SharedData.runsFixtureTests, SharedData.missingMessage)

    static let root = SharedData.ipldRoot?.appendingPathComponent("car")

    func file(_ name: String) throws -> [UInt8]? {
        guard let root = Self.root else {
            #expect(!SharedData.required, "shared/ipld/car is missing in CI")
            return nil
        }
        return try SharedData.bytes(root.appendingPathComponent(name))
    }

    @Test(CARTests.needsFiles, arguments: ["sample-v1.car", "sample-v1-noidentity.car", "sample-v2-indexless.car", "sample-wrapped-v2.car",
                      "sample-rw-bs-v2.car", "sample-unixfs-v2.car", "simple-unixfs.car",
                      "simple-unixfs-missing-blocks.car", "wikipedia-cryptographic-hash-function.car"])
    func validFilesRead(_ name: String) throws {
        guard let bytes = try file(name) else { return }
        let car = try CAR.read(bytes)
        #expect(!car.blocks.isEmpty)
        #expect(!car.roots.isEmpty)
        // Writing the blocks back gives a file that reads back to the same blocks.
        let again = try CAR.read(try CAR.writeV1(roots: car.roots, blocks: car.blocks.map { ($0.cid, $0.data) }))
        #expect(again.blocks.map(\.cid) == car.blocks.map(\.cid))
        #expect(again.roots == car.roots)
    }

    @Test(CARTests.needsFiles) func v1RewritesByteForByte() throws {
        guard let bytes = try file("sample-v1.car") else { return }
        let car = try CAR.read(bytes)
        #expect(try CAR.writeV1(roots: car.roots, blocks: car.blocks.map { ($0.cid, $0.data) }) == bytes)
        #expect(car.blocks.count == 1049)
    }

    @Test(CARTests.needsFiles) func wrappedV2HasTheV1PayloadAndAVerifiedIndex() throws {
        guard let v1 = try file("sample-v1.car"), let v2 = try file("sample-wrapped-v2.car") else { return }
        let a = try CAR.read(v1), b = try CAR.read(v2)
        #expect(b.version == 2)
        #expect(a.blocks.map(\.cid) == b.blocks.map(\.cid))
        let index = try #require(b.index)
        #expect(index.entries.count > 0)
    }

    @Test(CARTests.needsFiles, arguments: ["sample-index.carindex", "sample-multihash-index-sorted.carindex"])
    func indexFilesParse(_ name: String) throws {
        guard let bytes = try file(name) else { return }
        let index = try CARIndex.parse(bytes)
        #expect(index.entries.count > 0)
    }

    @Test(CARTests.needsFiles, arguments: ["badheaderlength.car", "badsectionlength.car", "sample-corrupt-pragma.car", "sample-rootless-v42.car",
                      "sample-v1-tailing-corrupt-section.car", "sample-v2-corrupt-data-and-index.car",
                      "sample-v1-with-zero-len-section.car", "sample-v1-with-zero-len-section2.car"])
    func corruptFilesAreRejected(_ name: String) throws {
        guard let bytes = try file(name) else { return }
        #expect(throws: IPLDError.self) { try CAR.read(bytes) }
    }

    /// Lotus once padded CARs with zeros; with the lenient option those files read up to the padding.
    @Test(CARTests.needsFiles, arguments: ["sample-v1-with-zero-len-section.car", "sample-v1-with-zero-len-section2.car"])
    func zeroLengthSectionAsEOF(_ name: String) throws {
        guard let bytes = try file(name) else { return }
        let car = try CAR.read(bytes, options: .init(zeroLengthSectionAsEOF: true))
        #expect(!car.blocks.isEmpty)
    }

    /// Every truncation and many single-byte corruptions of a valid file fail cleanly, never crash.
    @Test(CARTests.needsFiles) func mutatedFilesNeverCrash() throws {
        guard let bytes = try file("sample-rw-bs-v2.car") else { return }
        for cut in stride(from: 0, to: bytes.count, by: 7) { _ = try? CAR.read(Array(bytes.prefix(cut))) }
        var rng = SplitMix(seed: 5)
        for _ in 0..<500 {
            var m = bytes
            m[Int(rng.next() % UInt64(m.count))] = UInt8(truncatingIfNeeded: rng.next())
            _ = try? CAR.read(m)
        }
    }

    @Test func exportImportRoundTripsAHAMT() throws {
        let store = MemoryBlockstore()
        let h = HAMT(store: store, config: .init(bitWidth: 5))
        for i in 0..<400 { try h.set(Array("k\(i)".utf8), .string("v\(i)")) }
        let root = try h.flush()
        for version in [1, 2] {
            let car = try CAR.export(root: root, from: store, version: version)
            let target = MemoryBlockstore()
            #expect(try CAR.import(car, into: target) == [root])
            let loaded = try HAMT(loading: root, store: target, config: .init(bitWidth: 5))
            for i in 0..<400 { #expect(try loaded.get(Array("k\(i)".utf8)) == .string("v\(i)")) }
        }
        // A DAG with a missing block cannot be exported.
        let partial = MemoryBlockstore()
        try partial.put(root, try store.require(root))
        #expect(throws: IPLDError.self) { try CAR.export(root: root, from: partial) }
    }
}
