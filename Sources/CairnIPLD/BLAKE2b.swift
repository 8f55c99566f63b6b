/// BLAKE2b (RFC 7693), unkeyed, with any digest length from 1 to 64 bytes.
///
/// Filecoin names every block with a BLAKE2b-256 multihash, and swift-crypto has no BLAKE2.
public struct BLAKE2b: Sendable {
    private static let iv: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]
    private static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    private var h: [UInt64]
    private var buffer: [UInt8] = []
    private var counter: UInt64 = 0  // Bytes compressed so far (messages over 2^64 bytes are not supported).
    private let digestLength: Int

    /// A hasher producing `digestLength` bytes (1...64).
    public init(digestLength: Int = 32) {
        precondition((1...64).contains(digestLength), "BLAKE2b digest length must be 1...64")
        self.digestLength = digestLength
        h = Self.iv
        h[0] ^= 0x0101_0000 ^ UInt64(digestLength)
        buffer.reserveCapacity(128)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            // The last block must be compressed with the final flag, so a full buffer waits for
            // more input before it is compressed.
            if buffer.count == 128 {
                counter &+= 128
                compress(buffer, 0, final: false)
                buffer.removeAll(keepingCapacity: true)
            }
            let take = min(128 - buffer.count, bytes.count - index)
            buffer.append(contentsOf: bytes[index..<index + take])
            index += take
        }
    }

    /// The digest of everything absorbed.
    public mutating func finalize() -> [UInt8] {
        counter &+= UInt64(buffer.count)
        let last = buffer + [UInt8](repeating: 0, count: 128 - buffer.count)
        compress(last, 0, final: true)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for word in h {
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(out.prefix(digestLength))
    }

    /// The BLAKE2b digest of `bytes` with `digestLength` bytes.
    public static func hash(_ bytes: [UInt8], digestLength: Int = 32) -> [UInt8] {
        var hasher = BLAKE2b(digestLength: digestLength)
        hasher.update(bytes)
        return hasher.finalize()
    }

    @inline(__always)
    private static func g(_ v: inout (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                      UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64),
                          _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        withUnsafeMutableBytes(of: &v) { raw in
            let p = raw.bindMemory(to: UInt64.self)
            p[a] = p[a] &+ p[b] &+ x
            p[d] = rotr(p[d] ^ p[a], 32)
            p[c] = p[c] &+ p[d]
            p[b] = rotr(p[b] ^ p[c], 24)
            p[a] = p[a] &+ p[b] &+ y
            p[d] = rotr(p[d] ^ p[a], 16)
            p[c] = p[c] &+ p[d]
            p[b] = rotr(p[b] ^ p[c], 63)
        }
    }

    @inline(__always)
    private static func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 { (x >> n) | (x << (64 - n)) }

    private mutating func compress(_ block: [UInt8], _ start: Int, final: Bool) {
        var m = [UInt64](repeating: 0, count: 16)
        block.withUnsafeBytes { raw in
            for i in 0..<16 { m[i] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + i * 8, as: UInt64.self)) }
        }
        let iv = Self.iv
        var v = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
                 iv[0], iv[1], iv[2], iv[3], iv[4] ^ counter, iv[5], final ? ~iv[6] : iv[6], iv[7])
        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            Self.g(&v, 0, 4, 8, 12, m[s[0]], m[s[1]])
            Self.g(&v, 1, 5, 9, 13, m[s[2]], m[s[3]])
            Self.g(&v, 2, 6, 10, 14, m[s[4]], m[s[5]])
            Self.g(&v, 3, 7, 11, 15, m[s[6]], m[s[7]])
            Self.g(&v, 0, 5, 10, 15, m[s[8]], m[s[9]])
            Self.g(&v, 1, 6, 11, 12, m[s[10]], m[s[11]])
            Self.g(&v, 2, 7, 8, 13, m[s[12]], m[s[13]])
            Self.g(&v, 3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        withUnsafeBytes(of: v) { raw in
            let p = raw.bindMemory(to: UInt64.self)
            for i in 0..<8 { h[i] ^= p[i] ^ p[i + 8] }
        }
    }
}
