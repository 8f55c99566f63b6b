#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A GDB remote protocol server on TCP at 127.0.0.1 (POSIX sockets, no Foundation): serves
/// one client at a time with a ``GDBRemoteTarget`` until it kills or detaches.
public final class GDBServer {
    private let listener: Int32
    /// The port it listens on (the one asked for, or the system's choice for 0).
    public let port: UInt16

    /// Listens on 127.0.0.1:`port` (0: any free port).
    public init(port: UInt16) throws(DebugError) {
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw DebugError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else {
            close(fd)
            throw DebugError("cannot listen on 127.0.0.1:\(port): errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(listener) }

    /// Accepts one client and answers its packets from `target` until it kills, detaches or
    /// disconnects. `log` sees each packet and reply (for `--verbose`).
    public func serve(_ target: GDBRemoteTarget, log: ((String) -> Void)? = nil) throws(DebugError) {
        let client = accept(listener, nil, nil)
        guard client >= 0 else { throw DebugError("accept: errno \(errno)") }
        defer { close(client) }
        var codec = GDBPacketCodec()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !target.done {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            for event in codec.feed(Array(buffer[0..<count])) {
                switch event {
                case .badChecksum:
                    if !target.noAck { transmit(client, [UInt8(ascii: "-")]) }
                case .packet(let packet):
                    let acked = !target.noAck
                    if acked { transmit(client, [UInt8(ascii: "+")]) }
                    let reply = target.reply(to: packet)
                    log?("<- \(packet)\n-> \(reply ?? "(none)")")
                    if let reply { transmit(client, GDBPacketCodec.frame(reply)) }
                }
                if target.done { break }
            }
        }
    }

    private func transmit(_ client: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}
