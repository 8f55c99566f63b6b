import Foundation
import Testing
@testable import CairnIPLD

/// The IPLD codec fixtures (`shared/ipld/codec-fixtures`): decode each block, re-encode it, and
/// compare the CID (CIDv1, sha2-256) with the one in the file's name.
@Suite(.enabled(if: SharedData.runsFixtureTests, SharedData.missingMessage))
struct CodecFixtureTests {
    static let root = SharedData.ipldRoot?.appendingPathComponent("codec-fixtures")

    struct Block {
        let fixture: String
        let file: URL
        let expected: CID
        let codec: Multicodec
    }

    static func blocks(_ codec: Multicodec) -> [Block] {
        guard let root else { return [] }
        return SharedData.list(root.appendingPathComponent("fixtures")).flatMap { dir in
            SharedData.list(dir).compactMap { file -> Block? in
                guard file.pathExtension == codec.description, let cid = try? CID(file.deletingPathExtension().lastPathComponent) else { return nil }
                return Block(fixture: dir.lastPathComponent, file: file, expected: cid, codec: codec)
            }
        }
    }

    static func available() -> Bool {
        if root == nil {
            #expect(!SharedData.required, "shared/ipld/codec-fixtures is missing in CI")
            return false
        }
        return true
    }

    func encode(_ value: IPLD, _ codec: Multicodec) throws -> [UInt8] {
        codec == .dagCBOR ? try DAGCBOR.encode(value) : try DAGJSON.encode(value)
    }

    func decode(_ bytes: [UInt8], _ codec: Multicodec) throws -> IPLD {
        codec == .dagCBOR ? try DAGCBOR.decode(bytes) : try DAGJSON.decode(bytes)
    }

    @Test func dagCBORFixturesRoundTripToTheirCIDs() throws {
        guard Self.available() else { return }
        let blocks = Self.blocks(.dagCBOR)
        #expect(blocks.count > 90)
        for block in blocks {
            let bytes = try SharedData.bytes(block.file)
            let value = try decode(bytes, .dagCBOR)
            let again = try encode(value, .dagCBOR)
            #expect(again == bytes, "\(block.fixture): re-encoding differs")
            #expect(CID(codec: .dagCBOR, hashing: again, with: .sha2_256) == block.expected, "\(block.fixture)")
        }
    }

    @Test func dagJSONFixturesRoundTripToTheirCIDs() throws {
        guard Self.available() else { return }
        let blocks = Self.blocks(.dagJSON)
        #expect(blocks.count > 90)
        var failures: [String] = []
        for block in blocks {
            let bytes = try SharedData.bytes(block.file)
            let value = try decode(bytes, .dagJSON)
            let again = try encode(value, .dagJSON)
            if CID(codec: .dagJSON, hashing: again, with: .sha2_256) != block.expected { failures.append(block.fixture) }
        }
        #expect(failures.isEmpty, "DAG-JSON fixtures that do not round-trip: \(failures)")
    }

    /// Each fixture's DAG-JSON form, re-encoded as DAG-CBOR, names the fixture's DAG-CBOR block.
    @Test func crossCodecFixturesAgree() throws {
        guard Self.available() else { return }
        let cbor = Dictionary(Self.blocks(.dagCBOR).map { ($0.fixture, $0) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for block in Self.blocks(.dagJSON) {
            guard let target = cbor[block.fixture] else { continue }
            let value = try decode(try SharedData.bytes(block.file), .dagJSON)
            #expect(CID(codec: .dagCBOR, hashing: try DAGCBOR.encode(value), with: .sha2_256) == target.expected, "\(block.fixture)")
            compared += 1
        }
        #expect(compared > 90)
    }

    /// The integers outside signed 64-bit are kept: CBOR's full range, -2^64 ... 2^64-1.
    @Test func integersBeyondInt64AreSupported() throws {
        guard Self.available() else { return }
        let names = ["int-11959030306112471731", "int-18446744073709551615", "int--11959030306112471732"]
        for block in Self.blocks(.dagCBOR) where names.contains(block.fixture) {
            let value = try DAGCBOR.decode(try SharedData.bytes(block.file))
            guard case .integer(let i) = value else { Issue.record("\(block.fixture) is not an integer"); continue }
            #expect("int-" + i.description == block.fixture)
            #expect(i.int64 == nil)
        }
    }

    struct Negative: Decodable { let name: String; let hex: String }

    @Test func negativeDecodeFixturesAreRejected() throws {
        guard Self.available(), let root = Self.root else { return }
        var count = 0
        for codec in [Multicodec.dagCBOR, .dagJSON] {
            let dir = root.appendingPathComponent("negative-fixtures/\(codec)/decode")
            for file in SharedData.list(dir) where file.pathExtension == "json" {
                let cases = try JSONDecoder().decode([Negative].self, from: Data(contentsOf: file))
                for c in cases {
                    let bytes = try #require(Base16.decode(c.hex))
                    #expect(throws: IPLDError.self, "\(codec) \(c.name)") { try decode(bytes, codec) }
                    count += 1
                }
            }
        }
        #expect(count >= 2)
    }
}
