import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// Token amounts: Filecoin's big-integer bytes (vectors computed with Python's int.to_bytes),
/// ref-fvm's leniency on decoding, arithmetic and FIL text.
@Suite struct StateTokenAmountTests {
    static let vectors: [(BigInt, String)] = [
        (0, ""), (1, "0001"), (-1, "0101"), (255, "00ff"), (256, "000100"),
        (BigInt(10).power(18), "000de0b6b3a7640000"), (-BigInt(10).power(18), "010de0b6b3a7640000"),
        (BigInt(1) << 64, "00010000000000000000"),
    ]

    @Test func encodingVectors() throws {
        for (value, bytes) in Self.vectors {
            let amount = TokenAmount(atto: value)
            #expect(try amount.encodedBytes() == hex(bytes))
            #expect(try TokenAmount(encodedBytes: hex(bytes)) == amount)
            // In DAG-CBOR: a byte string.
            #expect(try DAGCBOR.encode(amount.ipld()) == DAGCBOR.encode(.bytes(hex(bytes))))
        }
    }

    /// What ref-fvm's `bigint_ser::deserialize` accepts and refuses.
    @Test func decodingMatchesRefFVM() throws {
        #expect(try TokenAmount(encodedBytes: [0x00]) == .zero)
        #expect(try TokenAmount(encodedBytes: [0x01]) == .zero)
        #expect(try !TokenAmount(encodedBytes: [0x01]).isNegative)
        #expect(try TokenAmount(encodedBytes: [0x00, 0x00, 0x05]) == 5)
        #expect(try TokenAmount(encodedBytes: [0x01, 0x00, 0x05]) == -5)
        #expect(throws: ActorDataError.tokenAmount("sign byte 2 is neither 0 nor 1")) { try TokenAmount(encodedBytes: [0x02, 0x05]) }
        #expect(throws: ActorDataError.tokenAmount("129 bytes, over 128")) {
            try TokenAmount(encodedBytes: [0x00] + [UInt8](repeating: 0xff, count: 128))
        }
        let largest = TokenAmount(atto: BigInt(1) << (127 * 8) - 1)
        #expect(try largest.encodedBytes().count == 128)
        #expect(throws: ActorDataError.tokenAmount("129 bytes, over 128")) { try TokenAmount(atto: BigInt(1) << (127 * 8)).encodedBytes() }
        #expect(throws: ActorDataError.shape("token amount: expected bytes, got integer")) { try TokenAmount(ipld: .int(5)) }
    }

    @Test func arithmetic() {
        let a = TokenAmount.fil(3), b = TokenAmount(atto: 1)
        #expect(a + b - b == a)
        #expect((a - a).isZero)
        #expect(b - a < .zero)
        #expect((b - a).isNegative)
        #expect(a * 2 == .fil(6))
        #expect(TokenAmount(atto: -7) / 2 == TokenAmount(atto: -3))  // truncates toward zero
        #expect(-a + a == .zero)
        #expect(Set([TokenAmount(atto: 0), TokenAmount(atto: -BigInt(0))]).count == 1)
    }

    @Test func filText() {
        #expect(TokenAmount.zero.filString == "0.0")
        #expect(TokenAmount.fil(1).filString == "1.0")
        #expect(TokenAmount(atto: 1).filString == "0.000000000000000001")
        #expect(TokenAmount(atto: -1_500_000_000_000_000_000).filString == "-1.5")
        #expect(TokenAmount(atto: BigInt(10).power(18) * 123 + 456).description == "123.000000000000000456 FIL")
        for text in ["0", "1", "1.5", "-1.5", "0.000000000000000001", "12345678901234567890.123456789012345678", "2 FIL"] {
            let amount = TokenAmount(fil: text)
            #expect(amount != nil, "\(text)")
            if let amount { #expect(TokenAmount(fil: amount.filString) == amount) }
        }
        #expect(TokenAmount(fil: "1.5") == TokenAmount(atto: 1_500_000_000_000_000_000))
        #expect(TokenAmount(fil: "-0.000000000000000001") == TokenAmount(atto: -1))
        for bad in ["", ".", "1.", ".5", "1e18", "+1", "--1", "1.0000000000000000001", "1,5", "0x10", " 1", "1 fil"] {
            #expect(TokenAmount(fil: bad) == nil, "\(bad)")
        }
    }
}

/// Addresses and amounts inside `IPLDTupleCodable` structs, as actor parameters embed them.
@Suite struct StateCodableTests {
    struct TransferParams: IPLDTupleCodable, Equatable {
        var to: Address
        var amount: TokenAmount
        var memo: Address?
        var code: ExitCode
    }

    @Test func tupleEncoding() throws {
        let params = TransferParams(to: .id(1024), amount: .fil(1), memo: nil, code: .usrForbidden)
        let bytes = try IPLDCoder.encodeDAGCBOR(params)
        // [bytes(00 80 08), bytes(00 0de0b6b3a7640000), null, 18]
        #expect(bytes == hex("84430080084900" + "0de0b6b3a7640000" + "f612"))
        #expect(try IPLDCoder.decodeDAGCBOR(TransferParams.self, from: bytes) == params)
        #expect(throws: AddressError.unknownProtocol) {
            try IPLDCoder.decodeDAGCBOR(TransferParams.self, from: hex("844209014900" + "0de0b6b3a7640000" + "f612"))
        }
    }
}
