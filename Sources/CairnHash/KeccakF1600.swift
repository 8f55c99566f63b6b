// Keccak-f[1600], the permutation under Keccak-256 (FIPS 202 §3, "The Keccak reference" §1-2).
//
// The state is 25 lanes of 64 bits, lane (x, y) at index x + 5y. Lanes hold bytes in
// little-endian order: byte i of the state is byte i % 8 of lane i / 8. The permutation runs on
// 25 local variables rather than an array, so it has no bounds checks and no memory traffic
// besides the initial load and final store.

/// The 1600-bit Keccak state: 25 lanes `a0...a24`, lane (x, y) at index `x + 5 * y`.
struct KeccakState: Sendable {
    var a0: UInt64 = 0, a1: UInt64 = 0, a2: UInt64 = 0, a3: UInt64 = 0, a4: UInt64 = 0
    var a5: UInt64 = 0, a6: UInt64 = 0, a7: UInt64 = 0, a8: UInt64 = 0, a9: UInt64 = 0
    var a10: UInt64 = 0, a11: UInt64 = 0, a12: UInt64 = 0, a13: UInt64 = 0, a14: UInt64 = 0
    var a15: UInt64 = 0, a16: UInt64 = 0, a17: UInt64 = 0, a18: UInt64 = 0, a19: UInt64 = 0
    var a20: UInt64 = 0, a21: UInt64 = 0, a22: UInt64 = 0, a23: UInt64 = 0, a24: UInt64 = 0

    init() {}

    /// XORs one 136-byte block (the Keccak-256 rate, 17 lanes) into the first 17 lanes.
    ///
    /// - Parameter block: at least 136 readable bytes; no alignment is required.
    @inline(__always)
    mutating func absorb(_ block: UnsafeRawPointer) {
        @inline(__always) func lane(_ i: Int) -> UInt64 {
            UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 8 &* i, as: UInt64.self))
        }
        a0 ^= lane(0); a1 ^= lane(1); a2 ^= lane(2); a3 ^= lane(3); a4 ^= lane(4)
        a5 ^= lane(5); a6 ^= lane(6); a7 ^= lane(7); a8 ^= lane(8); a9 ^= lane(9)
        a10 ^= lane(10); a11 ^= lane(11); a12 ^= lane(12); a13 ^= lane(13); a14 ^= lane(14)
        a15 ^= lane(15); a16 ^= lane(16)
    }

    /// Applies Keccak-f[1600]: 24 rounds of θ, ρ, π, χ and ι.
    mutating func permute() {
        @inline(__always) func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 {
            (x &<< n) | (x &>> (64 &- n))
        }
        var a0 = a0, a1 = a1, a2 = a2, a3 = a3, a4 = a4
        var a5 = a5, a6 = a6, a7 = a7, a8 = a8, a9 = a9
        var a10 = a10, a11 = a11, a12 = a12, a13 = a13, a14 = a14
        var a15 = a15, a16 = a16, a17 = a17, a18 = a18, a19 = a19
        var a20 = a20, a21 = a21, a22 = a22, a23 = a23, a24 = a24
        for round in 0..<24 {
            // θ: column parities c, and the value d mixed into each column.
            let c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
            let c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
            let c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
            let c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
            let c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            // ρ and π: b[y, 2x + 3y] = rotl(a[x, y] ^ d[x], r[x, y]).
            let b0 = a0 ^ d0
            let b1 = rotl(a6 ^ d1, 44)
            let b2 = rotl(a12 ^ d2, 43)
            let b3 = rotl(a18 ^ d3, 21)
            let b4 = rotl(a24 ^ d4, 14)
            let b5 = rotl(a3 ^ d3, 28)
            let b6 = rotl(a9 ^ d4, 20)
            let b7 = rotl(a10 ^ d0, 3)
            let b8 = rotl(a16 ^ d1, 45)
            let b9 = rotl(a22 ^ d2, 61)
            let b10 = rotl(a1 ^ d1, 1)
            let b11 = rotl(a7 ^ d2, 6)
            let b12 = rotl(a13 ^ d3, 25)
            let b13 = rotl(a19 ^ d4, 8)
            let b14 = rotl(a20 ^ d0, 18)
            let b15 = rotl(a4 ^ d4, 27)
            let b16 = rotl(a5 ^ d0, 36)
            let b17 = rotl(a11 ^ d1, 10)
            let b18 = rotl(a17 ^ d2, 15)
            let b19 = rotl(a23 ^ d3, 56)
            let b20 = rotl(a2 ^ d2, 62)
            let b21 = rotl(a8 ^ d3, 55)
            let b22 = rotl(a14 ^ d4, 39)
            let b23 = rotl(a15 ^ d0, 41)
            let b24 = rotl(a21 ^ d1, 2)
            // χ: a[x, y] = b[x, y] ^ (~b[x + 1, y] & b[x + 2, y]).
            a0 = b0 ^ (~b1 & b2)
            a1 = b1 ^ (~b2 & b3)
            a2 = b2 ^ (~b3 & b4)
            a3 = b3 ^ (~b4 & b0)
            a4 = b4 ^ (~b0 & b1)
            a5 = b5 ^ (~b6 & b7)
            a6 = b6 ^ (~b7 & b8)
            a7 = b7 ^ (~b8 & b9)
            a8 = b8 ^ (~b9 & b5)
            a9 = b9 ^ (~b5 & b6)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            // ι
            a0 ^= keccakRoundConstant(round)
        }
        self.a0 = a0; self.a1 = a1; self.a2 = a2; self.a3 = a3; self.a4 = a4
        self.a5 = a5; self.a6 = a6; self.a7 = a7; self.a8 = a8; self.a9 = a9
        self.a10 = a10; self.a11 = a11; self.a12 = a12; self.a13 = a13; self.a14 = a14
        self.a15 = a15; self.a16 = a16; self.a17 = a17; self.a18 = a18; self.a19 = a19
        self.a20 = a20; self.a21 = a21; self.a22 = a22; self.a23 = a23; self.a24 = a24
    }
}

/// The ι round constant of round `round` (0..<24).
@inline(__always)
private func keccakRoundConstant(_ round: Int) -> UInt64 {
    keccakRoundConstants.withUnsafeBufferPointer { $0[round] }
}

private let keccakRoundConstants: [UInt64] = [
    0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
    0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
    0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
    0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
    0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
    0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
]
