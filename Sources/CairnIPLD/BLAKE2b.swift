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
        // The last block must be compressed with the final flag, so a full block is compressed
        // only once more input is known to follow it.
        var index = 0
        if !buffer.isEmpty {
            index = min(128 - buffer.count, bytes.count)
            buffer.append(contentsOf: bytes[0..<index])
            if index == bytes.count { return }
            counter &+= 128
            compress(buffer, 0, final: false)
            buffer.removeAll(keepingCapacity: true)
        }
        // Whole blocks straight from the input, without copying.
        while bytes.count - index > 128 {
            counter &+= 128
            compress(bytes, index, final: false)
            index += 128
        }
        buffer.append(contentsOf: bytes[index...])
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
    private static func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 { (x >> n) | (x << (64 - n)) }

    @inline(__always)
    private static func g(_ a: inout UInt64, _ b: inout UInt64, _ c: inout UInt64, _ d: inout UInt64, _ x: UInt64, _ y: UInt64) {
        a = a &+ b &+ x
        d = rotr(d ^ a, 32)
        c = c &+ d
        b = rotr(b ^ c, 24)
        a = a &+ b &+ y
        d = rotr(d ^ a, 16)
        c = c &+ d
        b = rotr(b ^ c, 63)
    }

    /// The message schedule, flattened (10 rounds x 16).
    private static let sigmaFlat: [UInt8] = sigma.flatMap { $0.map(UInt8.init) }

    private mutating func compress(_ block: [UInt8], _ start: Int, final: Bool) {
        // The working vector lives in sixteen locals so the rounds run in registers.
        var v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7]
        var v8 = Self.iv[0], v9 = Self.iv[1], v10 = Self.iv[2], v11 = Self.iv[3]
        var v12 = Self.iv[4] ^ counter, v13 = Self.iv[5]
        var v14 = final ? ~Self.iv[6] : Self.iv[6], v15 = Self.iv[7]
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 16) { m in
            block.withUnsafeBytes { raw in
                for i in 0..<16 { m[i] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + i * 8, as: UInt64.self)) }
            }
            Self.sigmaFlat.withUnsafeBufferPointer { sigma in
                for round in 0..<12 {
                    let s = (round % 10) * 16
                    Self.g(&v0, &v4, &v8, &v12, m[Int(sigma[s])], m[Int(sigma[s + 1])])
                    Self.g(&v1, &v5, &v9, &v13, m[Int(sigma[s + 2])], m[Int(sigma[s + 3])])
                    Self.g(&v2, &v6, &v10, &v14, m[Int(sigma[s + 4])], m[Int(sigma[s + 5])])
                    Self.g(&v3, &v7, &v11, &v15, m[Int(sigma[s + 6])], m[Int(sigma[s + 7])])
                    Self.g(&v0, &v5, &v10, &v15, m[Int(sigma[s + 8])], m[Int(sigma[s + 9])])
                    Self.g(&v1, &v6, &v11, &v12, m[Int(sigma[s + 10])], m[Int(sigma[s + 11])])
                    Self.g(&v2, &v7, &v8, &v13, m[Int(sigma[s + 12])], m[Int(sigma[s + 13])])
                    Self.g(&v3, &v4, &v9, &v14, m[Int(sigma[s + 14])], m[Int(sigma[s + 15])])
                }
            }
        }
        h[0] ^= v0 ^ v8; h[1] ^= v1 ^ v9; h[2] ^= v2 ^ v10; h[3] ^= v3 ^ v11
        h[4] ^= v4 ^ v12; h[5] ^= v5 ^ v13; h[6] ^= v6 ^ v14; h[7] ^= v7 ^ v15
    }
}
