import Testing
@testable import CairnIPLD

@Suite struct CodableTests {
    /// Filecoin's actor record, a tuple struct: `[code, head, nonce, balance, address]`.
    struct ActorState: IPLDTupleCodable, Equatable {
        var code: CID
        var state: CID
        var sequence: UInt64
        var balance: [UInt8]
        var delegatedAddress: [UInt8]?
    }

    struct Named: Codable, Equatable {
        var name: String
        var weight: Double
        var tags: [String]
        var children: [Named]
        var note: String?
    }

    @Test func tupleStructsEncodeAsLists() throws {
        let code = CID(codec: .raw, hashing: Array("code".utf8))
        let head = CID(codec: .dagCBOR, hashing: [0x80])
        let actor = ActorState(code: code, state: head, sequence: 7, balance: [0, 1], delegatedAddress: nil)
        let value = try IPLDCoder.encode(actor)
        #expect(value == .list([.link(code), .link(head), .int(7), .bytes([0, 1]), .null]))
        let bytes = try IPLDCoder.encodeDAGCBOR(actor)
        #expect(try IPLDCoder.decodeDAGCBOR(ActorState.self, from: bytes) == actor)
    }

    @Test func structsEncodeAsCanonicalMaps() throws {
        let n = Named(name: "root", weight: 1.5, tags: ["a", "bb"], children: [Named(name: "leaf", weight: -2, tags: [], children: [], note: "x")], note: nil)
        let bytes = try IPLDCoder.encodeDAGCBOR(n)
        #expect(try IPLDCoder.decodeDAGCBOR(Named.self, from: bytes) == n)
        guard case .map(let m) = try DAGCBOR.decode(bytes) else { Issue.record("not a map"); return }
        #expect(Set(m.keys) == ["name", "weight", "tags", "children"])
    }

    @Test func typeMismatchesAreErrors() throws {
        #expect(throws: (any Error).self) { try IPLDCoder.decode(UInt8.self, from: .int(300)) }
        #expect(throws: (any Error).self) { try IPLDCoder.decode(UInt64.self, from: .int(-1)) }
        #expect(throws: (any Error).self) { try IPLDCoder.decode(String.self, from: .bytes([1])) }
        #expect(throws: (any Error).self) { try IPLDCoder.decode(ActorState.self, from: .list([.null])) }
    }
}
