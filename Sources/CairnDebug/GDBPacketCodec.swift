/// The GDB remote serial protocol's framing: `$CONTENTS#CHECKSUM` (the checksum is the sum of
/// the contents' bytes modulo 256, two hex digits), `+`/`-` acknowledgements, `}` escapes.
public struct GDBPacketCodec {
    /// What arrived: a packet's contents (checksum checked), or one with a bad checksum.
    public enum Event: Equatable {
        case packet(String)
        case badChecksum
    }

    private var pending: [UInt8] = []
    /// The longest packet kept (this target's packets are short: no binary writes).
    static let maxPacket = 1 << 16

    public init() {}

    /// Feeds received bytes; returns the events they complete. Acknowledgements and the
    /// interrupt byte (0x03) between packets are dropped.
    public mutating func feed(_ bytes: [UInt8]) -> [Event] {
        pending += bytes
        var events: [Event] = []
        while true {
            guard let dollar = pending.firstIndex(of: UInt8(ascii: "$")) else {
                pending.removeAll()
                break
            }
            guard let hash = pending[dollar...].firstIndex(of: UInt8(ascii: "#")), hash + 2 < pending.count else {
                pending.removeFirst(dollar)
                // A packet longer than any this target takes is dropped, not buffered forever.
                if pending.count > Self.maxPacket { pending.removeAll() }
                break
            }
            let body = Array(pending[(dollar + 1)..<hash])
            let sent = UInt8(String(decoding: pending[(hash + 1)...(hash + 2)], as: UTF8.self), radix: 16)
            pending.removeFirst(hash + 3)
            if sent == Self.checksum(body) {
                events.append(.packet(String(decoding: Self.unescape(body), as: UTF8.self)))
            } else {
                events.append(.badChecksum)
            }
        }
        return events
    }

    /// The framed bytes of a packet with `contents`.
    public static func frame(_ contents: String) -> [UInt8] {
        var body: [UInt8] = []
        for byte in contents.utf8 {
            if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "*") {
                body += [UInt8(ascii: "}"), byte ^ 0x20]
            } else {
                body.append(byte)
            }
        }
        let sum = checksum(body)
        let digits = Array("0123456789abcdef".utf8)
        return [UInt8(ascii: "$")] + body + [UInt8(ascii: "#"), digits[Int(sum >> 4)], digits[Int(sum & 15)]]
    }

    static func checksum(_ bytes: [UInt8]) -> UInt8 {
        bytes.reduce(0) { $0 &+ $1 }
    }

    static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var escaped = false
        for byte in bytes {
            if escaped {
                out.append(byte ^ 0x20)
                escaped = false
            } else if byte == UInt8(ascii: "}") {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return out
    }
}
