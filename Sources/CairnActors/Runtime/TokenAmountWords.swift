import BigInt

/// Token amounts across the syscall boundary: two 64-bit words, low first (ref-fvm's
/// `fvm_sdk::sys::TokenAmount {lo, hi}`), so amounts up to 2¹²⁸ − 1 attoFIL.
enum TokenAmountWords {
    /// The amount's low and high words; a negative amount is 0, one of 2¹²⁸ or more saturates.
    static func split(_ amount: TokenAmount) -> (lo: UInt64, hi: UInt64) {
        let atto = amount.atto
        guard atto.sign == .plus else { return (0, 0) }
        let magnitude = atto.magnitude
        guard magnitude.bitWidth <= 128 else { return (.max, .max) }
        let words = Array(magnitude.words)
        return (words.count > 0 ? UInt64(words[0]) : 0, words.count > 1 ? UInt64(words[1]) : 0)
    }

    /// The amount `hi × 2⁶⁴ + lo`.
    static func join(lo: UInt64, hi: UInt64) -> TokenAmount {
        TokenAmount(atto: BigInt(BigUInt(words: [UInt(lo), UInt(hi)])))
    }
}
