import Foundation
import CairnIPLD
import Testing
@testable import CairnActors

/// Messages, receipts, events and exit codes; the expected bytes and CIDs were computed
/// independently with Python's dag-cbor and multiformats from fvm_shared's tuple layouts.
@Suite struct MessageTests {
    static let sample = Message(
        version: 0, to: .id(1000), from: .id(1001), sequence: 7, value: .fil(1), gasLimit: 1_000_000,
        gasFeeCap: 100, gasPremium: 1, method: 2, params: hex("82016178"))

    @Test func messageBytesAndCID() throws {
        let bytes = try Self.sample.encoded()
        #expect(bytes == hex("8a004300e8074300e9070749000de0b6b3a76400001a000f4240420064420001024482016178"))
        #expect(try Self.sample.cid().description == "bafy2bzacedihctlj3mp3a2zgdjunvlr2rl3vlpqibrdknbqwuigrxt5zfumy4")
        #expect(try Self.sample.signingBytes() == hex("0171a0e40220d0714d69db1fb06b261a68daae3a8af755be080c46a68616a20d1bcfb92d198e"))
        #expect(try Message(encoded: bytes) == Self.sample)
    }

    /// The tuple order is fvm_shared's: to before from, gas fields before method and params.
    @Test func fieldOrder() throws {
        guard case .list(let fields) = try Self.sample.ipld() else { Issue.record("not a list"); return }
        #expect(fields[1] == Address.id(1000).ipld)  // to
        #expect(fields[2] == Address.id(1001).ipld)  // from
        #expect(fields[5] == .int(1_000_000))  // gas limit
        #expect(fields[8] == .uint(2))  // method
    }

    @Test func malformedMessages() throws {
        var fields = try #require({ if case .list(let f) = try Self.sample.ipld() { return f }; return nil }())
        #expect(throws: ActorDataError.shape("message: expected 10 fields, got 9")) { try Message(ipld: .list(Array(fields.dropLast()))) }
        fields[3] = .int(-1)
        #expect(throws: ActorDataError.shape("message sequence: expected an unsigned integer")) { try Message(ipld: .list(fields)) }
        fields[3] = .uint(7)
        fields[5] = .int(-1)  // fvm_shared v4's gas limit is a u64
        #expect(throws: ActorDataError.shape("message gas limit: expected an unsigned integer")) { try Message(ipld: .list(fields)) }
        fields[5] = .uint(1)
        fields[1] = .bytes([9, 9])
        #expect(throws: ActorDataError.address(.unknownProtocol)) { try Message(ipld: .list(fields)) }
        #expect(throws: ActorDataError.self) { try Message(encoded: [0x8a]) }
    }

    @Test func receipts() throws {
        let plain = Receipt(exitCode: .ok, gasUsed: 12345)
        #expect(try plain.encoded() == hex("840040193039f6"))
        #expect(try Receipt(encoded: hex("840040193039f6")) == plain)
        let info = try CID("bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a")
        let full = Receipt(exitCode: .usrIllegalArgument, returnData: [1, 2], gasUsed: 1 << 40, eventsRoot: info)
        let bytes = hex("84104201021b0000010000000000d82a5827000171a0e4022045b0cfc220ceec5b7c1c62c4d4193d38e4eba48e8815729ce75f9c0ab0e4c1c0")
        #expect(try full.encoded() == bytes)
        #expect(try Receipt(encoded: bytes) == full)
        #expect(throws: ActorDataError.shape("receipt exit code 4294967296 exceeds u32")) {
            try Receipt(ipld: .list([.uint(1 << 32), .bytes([]), .uint(0), .null]))
        }
        #expect(throws: ActorDataError.shape("receipt events root: expected a link, got bytes")) {
            try Receipt(ipld: .list([.uint(0), .bytes([]), .uint(0), .bytes([])]))
        }
    }

    @Test func events() throws {
        let event = StampedEvent(emitter: 1000, event: ActorEvent(entries: [
            EventEntry(flags: EventEntry.flagIndexedAll, key: "t1", codec: 0x55, value: [1]),
            EventEntry(flags: EventEntry.flagIndexedKey, key: "t2", codec: 0x71, value: try DAGCBOR.encode(.string("v"))),
        ]))
        let bytes = try DAGCBOR.encode(event.ipld)
        #expect(bytes == hex("821903e88284036274311855410184016274321871426176"))
        #expect(try StampedEvent(ipld: DAGCBOR.decode(bytes)) == event)
        #expect(throws: ActorDataError.self) { try StampedEvent(ipld: .list([.uint(1), .list([.list([.uint(0)])])])) }
    }

    @Test func exitCodes() {
        let expected: [(ExitCode, UInt32, String)] = [
            (.ok, 0, "OK"), (.sysSenderInvalid, 1, "SYS_SENDER_INVALID"), (.sysSenderStateInvalid, 2, "SYS_SENDER_STATE_INVALID"),
            (.sysIllegalInstruction, 4, "SYS_ILLEGAL_INSTRUCTION"), (.sysInvalidReceiver, 5, "SYS_INVALID_RECEIVER"),
            (.sysInsufficientFunds, 6, "SYS_INSUFFICIENT_FUNDS"), (.sysOutOfGas, 7, "SYS_OUT_OF_GAS"),
            (.sysIllegalExitCode, 9, "SYS_ILLEGAL_EXIT_CODE"), (.sysAssertionFailed, 10, "SYS_ASSERTION_FAILED"),
            (.sysMissingReturn, 11, "SYS_MISSING_RETURN"), (.usrIllegalArgument, 16, "USR_ILLEGAL_ARGUMENT"),
            (.usrNotFound, 17, "USR_NOT_FOUND"), (.usrForbidden, 18, "USR_FORBIDDEN"),
            (.usrInsufficientFunds, 19, "USR_INSUFFICIENT_FUNDS"), (.usrIllegalState, 20, "USR_ILLEGAL_STATE"),
            (.usrSerialization, 21, "USR_SERIALIZATION"), (.usrUnhandledMessage, 22, "USR_UNHANDLED_MESSAGE"),
            (.usrUnspecified, 23, "USR_UNSPECIFIED"), (.usrAssertionFailed, 24, "USR_ASSERTION_FAILED"),
            (.usrReadOnly, 25, "USR_READ_ONLY"), (.usrNotPayable, 26, "USR_NOT_PAYABLE"),
        ]
        for (code, number, name) in expected {
            #expect(code.rawValue == number)
            #expect(code.name == name)
            #expect(code.isSystemError == (number < 16))
        }
        #expect(ExitCode(3).name == nil)
        #expect(ExitCode.sysOutOfGas.description == "7 (SYS_OUT_OF_GAS)")
        #expect(ExitCode(1234).description == "1234")
        #expect(Method.send == 0 && Method.constructor == 1)
    }
}

/// Lotus-style JSON, checked by parsing it back with Foundation's JSON parser.
@Suite struct MessageJSONTests {
    @Test func messageJSON() throws {
        let text = try LotusJSON.render(MessageTests.sample)
        #expect(text.hasPrefix("{\"Version\":0,\"To\":\"f01000\",\"From\":\"f01001\",\"Nonce\":7,\"Value\":\"1000000000000000000\""))
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["GasLimit"] as? Int == 1_000_000)
        #expect(object["Params"] as? String == "ggFheA==")
        #expect((object["CID"] as? [String: String])?["/"] == "bafy2bzacedihctlj3mp3a2zgdjunvlr2rl3vlpqibrdknbqwuigrxt5zfumy4")
    }

    @Test func receiptJSON() throws {
        #expect(LotusJSON.render(Receipt(exitCode: .sysOutOfGas, gasUsed: 5)) == "{\"ExitCode\":7,\"Return\":null,\"GasUsed\":5,\"EventsRoot\":null}")
        let text = LotusJSON.render(Receipt(exitCode: .ok, returnData: [0xff], gasUsed: 1, eventsRoot: StateTreeTests.code))
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["Return"] as? String == "/w==")
        #expect((object["EventsRoot"] as? [String: String])?["/"] == StateTreeTests.code.description)
    }
}
