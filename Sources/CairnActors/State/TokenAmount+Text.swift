import BigInt

extension TokenAmount: CustomStringConvertible {
    /// The amount in FIL as ref-fvm prints it: integer part, a point, the fraction without
    /// trailing zeros (`0` when there is none): `1.0`, `0.5`, `-0.000000000000000001`.
    public var filString: String {
        let (whole, fraction) = atto.magnitude.quotientAndRemainder(dividingBy: Self.attoPerFIL.magnitude)
        var after = "0"
        if !fraction.isZero {
            let digits = String(fraction)
            after = String(repeating: "0", count: Self.decimals - digits.count) + digits
            while after.hasSuffix("0") { after.removeLast() }
        }
        return (isNegative ? "-" : "") + String(whole) + "." + after
    }

    /// `filString` followed by ` FIL`.
    public var description: String { filString + " FIL" }

    /// Parses a decimal FIL amount: optional `-`, digits, optionally a point and 1...18 digits,
    /// optionally followed by ` FIL`. Nil for anything else (exponents, more than 18 decimals,
    /// a bare point, signs other than a leading `-`).
    public init?(fil text: String) {
        var body = Substring(text)
        if body.hasSuffix(" FIL") { body = body.dropLast(4) }
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (s: Substring) in !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard isDigits(parts[0]), let whole = BigInt(String(parts[0])) else { return nil }
        var fraction = BigInt(0)
        if parts.count == 2 {
            guard isDigits(parts[1]), parts[1].count <= Self.decimals else { return nil }
            let padded = String(parts[1]) + String(repeating: "0", count: Self.decimals - parts[1].count)
            guard let f = BigInt(padded) else { return nil }
            fraction = f
        }
        let magnitude = whole * Self.attoPerFIL + fraction
        self.init(atto: negative ? -magnitude : magnitude)
    }
}
