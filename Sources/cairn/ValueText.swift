import Cairn
import CairnDebug

/// The text forms of values on the command line: parsing arguments and printing results.
enum ValueText {
    /// An argument that cannot be read as its parameter's type.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `text` as a value of `type`.
    ///
    /// - i32, i64: decimal, negative allowed (wrapped to the bit pattern) or unsigned up to
    ///   2^N - 1; or hexadecimal with `0x` (optionally negated). `_` separators are ignored.
    /// - f32, f64: a decimal or hexadecimal float (`1.5`, `-0`, `1e10`, `0x1p-3`), `inf`,
    ///   `-inf`, `nan` (the canonical NaN), `-nan`, or `nan:0xN` (N is a payload, or the whole
    ///   bit pattern when it includes the exponent bits).
    /// - funcref, externref: `null`; externref also accepts a host value (unsigned decimal).
    static func parse(_ text: String, as type: ValueType) throws(ParseError) -> Value {
        switch type {
        case .i32:
            guard let v = parseInteger(text, bits: 32) else { throw ParseError(description: "'\(text)' is not an i32") }
            return .i32(UInt32(truncatingIfNeeded: v))
        case .i64:
            guard let v = parseInteger(text, bits: 64) else { throw ParseError(description: "'\(text)' is not an i64") }
            return .i64(v)
        case .f32:
            guard let bits = parseFloatBits(text, exponentBits: 8, significandBits: 23) else {
                throw ParseError(description: "'\(text)' is not an f32")
            }
            return .f32(UInt32(truncatingIfNeeded: bits))
        case .f64:
            guard let bits = parseFloatBits(text, exponentBits: 11, significandBits: 52) else {
                throw ParseError(description: "'\(text)' is not an f64")
            }
            return .f64(bits)
        case .funcref:
            guard text == "null" else { throw ParseError(description: "a funcref argument can only be 'null'") }
            return .funcref(nil)
        case .externref:
            if text == "null" { return .externref(nil) }
            guard let v = UInt64(text), v < UInt64.max else {
                throw ParseError(description: "'\(text)' is not an externref ('null' or an unsigned host value)")
            }
            return .externref(v)
        }
    }

    /// An integer of `bits` bits as its bit pattern, from signed or unsigned text.
    static func parseInteger(_ text: String, bits: Int) -> UInt64? {
        var body = Substring(text.filter { $0 != "_" })
        var negative = false
        if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        } else if body.hasPrefix("+") {
            body = body.dropFirst()
        }
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            radix = 16
            body = body.dropFirst(2)
        }
        guard !body.isEmpty, let magnitude = UInt64(body, radix: radix) else { return nil }
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            // Down to -2^(bits-1).
            guard magnitude <= (UInt64(1) << UInt64(bits - 1)) else { return nil }
            return (0 &- magnitude) & mask
        }
        guard magnitude <= mask else { return nil }
        return magnitude
    }

    /// The bit pattern of a float of the given format.
    static func parseFloatBits(_ text: String, exponentBits: Int, significandBits: Int) -> UInt64? {
        let lower = text.lowercased()
        var body = Substring(lower)
        var sign: UInt64 = 0
        if body.hasPrefix("-") {
            sign = 1 << UInt64(exponentBits + significandBits)
            body = body.dropFirst()
        } else if body.hasPrefix("+") {
            body = body.dropFirst()
        }
        let exponentMask = ((UInt64(1) << UInt64(exponentBits)) - 1) << UInt64(significandBits)
        let quietBit = UInt64(1) << UInt64(significandBits - 1)
        let significandMask = (UInt64(1) << UInt64(significandBits)) - 1
        if body == "nan" { return sign | exponentMask | quietBit }
        if body.hasPrefix("nan:0x") {
            guard let n = UInt64(body.dropFirst(6).filter { $0 != "_" }, radix: 16) else { return nil }
            if n & ~significandMask == 0 {
                guard n != 0 else { return nil }
                return sign | exponentMask | n
            }
            // A whole NaN bit pattern.
            guard n & exponentMask == exponentMask, n & significandMask != 0,
                n <= (exponentMask | significandMask | (UInt64(1) << UInt64(exponentBits + significandBits)))
            else { return nil }
            return n | sign
        }
        if body == "inf" || body == "infinity" { return sign | exponentMask }
        let cleaned = String(body.filter { $0 != "_" })
        guard let first = cleaned.first, first.isNumber || first == "." else { return nil }
        if significandBits == 23 {
            guard let value = Float(cleaned) else { return nil }
            return UInt64(value.bitPattern) | sign
        }
        guard let value = Double(cleaned) else { return nil }
        return value.bitPattern | sign
    }

    /// The result's text: `i32:-1`, `f64:0.5`, `funcref:null`. Integers are signed decimal,
    /// floats use Swift's shortest round-trip `description`.
    static func format(_ value: Value) -> String {
        "\(value.type):\(valueText(value))"
    }

    /// The part after the colon of ``format(_:)``.
    static func valueText(_ value: Value) -> String {
        switch value {
        case .i32(let v): "\(Int32(bitPattern: v))"
        case .i64(let v): "\(Int64(bitPattern: v))"
        case .f32(let v): Float(bitPattern: v).description
        case .f64(let v): Double(bitPattern: v).description
        case .funcref(let address): address.map { "\($0)" } ?? "null"
        case .externref(let host): host.map { "\($0)" } ?? "null"
        }
    }

    /// The unsigned decimal bit pattern of a float, for JSON.
    static func floatBits(_ value: Value) -> String? {
        switch value {
        case .f32(let v): "\(v)"
        case .f64(let v): "\(v)"
        default: nil
        }
    }
}

/// A minimal JSON writer with a fixed key order, so that output is byte-for-byte reproducible.
enum JSONText {
    /// A JSON string literal (the escaping of CairnDebug's traces).
    static func string(_ text: String) -> String { JSONWriting.string(text) }

    /// A JSON object from ordered key/value pairs whose values are already JSON text.
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The JSON of a result value: `{"type": "f32", "value": "1.5", "bits": "1069547520"}`.
    static func value(_ value: Value) -> String {
        var pairs = [("type", string(value.type.description)), ("value", string(ValueText.valueText(value)))]
        if let bits = ValueText.floatBits(value) { pairs.append(("bits", string(bits))) }
        return object(pairs)
    }
}
