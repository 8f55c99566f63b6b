import Cairn
import CairnDebug
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A GDB remote protocol client over TCP, for the tests: sends packets, checks acks and
/// checksums of the replies.
final class GDBTestClient {
    let socket: Int32
    var codec = GDBPacketCodec()
    var noAck = false
    var received: [GDBPacketCodec.Event] = []

    init(port: UInt16) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var connected: Int32 = -1
        for _ in 0..<200 {
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 { break }
            usleep(10_000)
        }
        try #require(connected == 0)
    }

    deinit { close(socket) }

    /// Sends a packet and returns the reply's contents (after the `+` when acks are on).
    func ask(_ packet: String) throws -> String {
        let framed = GDBPacketCodec.frame(packet)
        _ = framed.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var sawAck = noAck
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.isEmpty {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            try #require(count > 0, "the server closed the connection")
            let bytes = Array(buffer[0..<count])
            if !sawAck, bytes.first == UInt8(ascii: "+") { sawAck = true }
            received += codec.feed(bytes)
        }
        #expect(sawAck)
        guard case .packet(let reply) = received.removeFirst() else {
            Issue.record("bad checksum in a reply")
            return ""
        }
        if !noAck { _ = [UInt8(ascii: "+")].withUnsafeBytes { send(socket, $0.baseAddress, 1, 0) } }
        return reply
    }
}

/// Hex digits of `value`'s `bytes` low bytes, little-endian.
func littleEndianHex(_ value: UInt64, bytes: Int = 8) -> String {
    (0..<bytes).map { String(format: "%02x", (value >> (8 * UInt64($0))) & 0xFF) }.joined()
}

@Suite struct GDBRemoteTests {
    func target(argument: Int32 = 2) throws -> GDBRemoteTarget {
        let session = try divideSession(argument: argument)
        return GDBRemoteTarget(session: session, module: try fixture("divide-dwarf5.wasm"), modulePath: "divide.wasm")
    }

    /// The module offset of the first instruction of line `line` in `function`.
    func wasmAddress(_ session: DebugSession, line: UInt64) throws -> UInt64 {
        let pc = try #require((0..<session.target.program.code.count).first { session.target.info.sourceLine(at: $0)?.line == line })
        return GDBRemoteTarget.codeSpace | UInt64(try #require(session.target.info.moduleOffset(of: pc)))
    }

    @Test func framingChecksumsAndEscapes() {
        #expect(GDBPacketCodec.frame("OK") == Array("$OK#9a".utf8))
        var codec = GDBPacketCodec()
        #expect(codec.feed(Array("+$qSupported:xmlRegisters=i386#".utf8)) == [])
        #expect(codec.feed(Array("c1$g#67$m0,4#00".utf8)) == [.packet("qSupported:xmlRegisters=i386"), .packet("g"), .badChecksum])
        #expect(codec.feed(GDBPacketCodec.frame("a#b$c}d")) == [.packet("a#b$c}d")])
    }

    @Test func answersAScriptedSessionOfPackets() throws {
        let target = try target()
        let session = target.session
        #expect(target.reply(to: "qSupported:xmlRegisters=i386")?.contains("PacketSize=") == true)
        #expect(target.reply(to: "QStartNoAckMode") == "OK")
        #expect(target.noAck)
        // Stopped before the first instruction (the entrypoint's, which has no Wasm origin).
        #expect(target.reply(to: "?")?.hasPrefix("T05thread:1;") == true)
        let line3 = try wasmAddress(session, line: 3)
        #expect(target.reply(to: "Z0,\(String(line3, radix: 16)),1") == "OK")
        let stop = try #require(target.reply(to: "c"))
        #expect(stop == "T05thread:1;threads:1;thread-pcs:\(String(format: "%016llx", line3));00:\(littleEndianHex(line3));reason:breakpoint;")
        #expect(target.reply(to: "p0") == littleEndianHex(line3))
        #expect(target.reply(to: "g") == littleEndianHex(line3))
        // The call stack: divide at line 3, then its callers at their calls (lines 8 and 19).
        let stack = try #require(target.reply(to: "qWasmCallStack:1"))
        #expect(stack.count == 3 * 16)
        #expect(stack.prefix(16) == littleEndianHex(line3))
        let state = try #require(session.state)
        let callers = state.frames.reversed().map { session.target.info.sourceLine(at: $0.pc)?.line }
        #expect(callers == [3, 8, 19])
        for (number, frame) in state.frames.reversed().enumerated() {
            let address = GDBRemoteTarget.codeSpace | UInt64(try #require(session.target.info.moduleOffset(of: frame.pc)))
            #expect(stack.dropFirst(16 * number).prefix(16) == littleEndianHex(address))
        }
        // divide(10, 2): its parameters are Wasm locals 0 and 1 (i32: 4 bytes each).
        #expect(target.reply(to: "qWasmLocal:0;0") == "0a000000")
        #expect(target.reply(to: "qWasmLocal:0;1") == "02000000")
        // average(10, 2), one frame up, has the same arguments.
        #expect(target.reply(to: "qWasmLocal:1;0") == "0a000000")
        #expect(target.reply(to: "qWasmLocal:0;99") == "E45")
        // Global 0 is the C stack pointer, which average moved down to its frame.
        let stackPointer = try #require(state.globals.first)
        #expect(target.reply(to: "qWasmGlobal:0;0") == littleEndianHex(stackPointer, bytes: 4))
        #expect(target.reply(to: "qWasmGlobal:0;instance:0") == littleEndianHex(stackPointer, bytes: 4))
        // Memory at the stack pointer: average stored total = 10 and count = 2 in its frame (-O0).
        let memory = try #require(target.reply(to: "m\(String(stackPointer, radix: 16)),10"))
        #expect(memory.count == 32)
        #expect(memory.contains("0a000000") && memory.contains("02000000"))
        #expect(memory == state.memory[Int(stackPointer)..<Int(stackPointer + 16)].map { String(format: "%02x", $0) }.joined())
        // The module image is readable in the code space.
        #expect(target.reply(to: "m\(String(GDBRemoteTarget.codeSpace, radix: 16)),4") == "0061736d")
        #expect(target.reply(to: "m\(String(1 << 40, radix: 16)),4") == "E08")
        #expect(target.reply(to: "qWasmStackValue:0;0")?.count == 16)
        // A step moves one instruction; removing the breakpoint and continuing ends the run:
        // run(2) returns 5.
        let step = try #require(target.reply(to: "s"))
        #expect(step.hasSuffix("reason:trace;"))
        #expect(session.state?.step == state.step + 1)
        #expect(target.reply(to: "z0,\(String(line3, radix: 16)),1") == "OK")
        #expect(target.reply(to: "c") == "W05")
        #expect(target.reply(to: "unknownPacket") == "")
        #expect(target.reply(to: "k") == nil)
        #expect(target.done)
    }

    @Test func hostilePacketsGetErrorsNotCrashes() throws {
        let target = try target()
        let line3 = try wasmAddress(target.session, line: 3)
        #expect(target.reply(to: "Z0,\(String(line3, radix: 16)),1") == "OK")
        #expect(target.reply(to: "c")?.hasSuffix("reason:breakpoint;") == true)
        for packet in [
            "mffffffffffffffff,10", "m,", "mzz,1", "Z0,zz,1", "Z0,1,1", "z0", "qWasmLocal:a;b",
            "qWasmLocal:99;0", "qWasmLocal:-1;0", "qWasmGlobal:0;99999999999999999999", "qWasmGlobal:0;instance:7",
            "qWasmStackValue:0;100000", "p5", "qRegisterInfo9", "vCont;x", "qMemoryRegionInfo:zz",
        ] {
            let reply = try #require(target.reply(to: packet), "\(packet)")
            #expect(reply.hasPrefix("E"), "\(packet) -> \(reply)")
        }
        // At most 64 KiB a read, from the address asked for to the end of memory.
        let memory = try #require(target.session.state?.memory)
        #expect(target.reply(to: "m0,ffffffffffffffff")?.count == 2 * min(memory.count, 1 << 16))
        var codec = GDBPacketCodec()
        #expect(codec.feed([UInt8(ascii: "$")] + Array(repeating: UInt8(ascii: "a"), count: 1 << 17)) == [])
        #expect(codec.feed(GDBPacketCodec.frame("g")) == [.packet("g")])
    }

    @Test func aTrapIsReportedAsASignal() throws {
        let target = try target(argument: 0)
        #expect(target.reply(to: "c") == "X0b")
    }

    @Test func servesAClientOverTCP() throws {
        let target = try target()
        let server = try GDBServer(port: 0)
        let port = server.port
        let done = DispatchSemaphore(value: 0)
        let serving = UncheckedBox((server, target))
        let thread = Thread {
            try? serving.value.0.serve(serving.value.1)
            done.signal()
        }
        thread.start()
        let client = try GDBTestClient(port: port)
        #expect(try client.ask("qSupported:multiprocess+").contains("QStartNoAckMode+"))
        let line3 = try wasmAddress(target.session, line: 3)
        #expect(try client.ask("Z0,\(String(line3, radix: 16)),1") == "OK")
        #expect(try client.ask("c").hasSuffix("reason:breakpoint;"))
        #expect(try client.ask("qWasmCallStack:1").prefix(16) == littleEndianHex(line3))
        #expect(try client.ask("qWasmLocal:0;0") == "0a000000")
        #expect(try client.ask("QStartNoAckMode") == "OK")
        client.noAck = true
        let stackPointer = try #require(target.session.state?.globals.first)
        #expect(try client.ask("qWasmGlobal:0;0") == littleEndianHex(stackPointer, bytes: 4))
        #expect(try client.ask("m\(String(stackPointer, radix: 16)),4").count == 8)
        #expect(try client.ask("D") == "OK")
        #expect(done.wait(timeout: .now() + 10) == .success)
    }
}

/// Hands a value to another thread (the server runs on its own thread in the test; nothing
/// else touches it meanwhile).
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
