/// DAG-JSON: IPLD's JSON codec. Links are `{"/": "<cid>"}`, bytes `{"/": {"bytes": "<base64>"}}`.
///
/// Encoding is canonical (no whitespace, map keys sorted bytewise, floats in JavaScript's
/// shortest form). Decoding accepts any JSON that maps onto the data model without loss and
/// rejects duplicate keys; `isCanonical` tells whether bytes are exactly what `encode` writes.
public enum DAGJSON {
    /// The canonical DAG-JSON bytes of `value`.
    public static func encode(_ value: IPLD) throws(IPLDError) -> [UInt8] {
        var out: [UInt8] = []
        try write(value, into: &out)
        return out
    }

    /// Decodes a DAG-JSON document.
    public static func decode(_ bytes: [UInt8]) throws(IPLDError) -> IPLD {
        var parser = JSONParser(bytes)
        let value = try parser.parseDocument()
        return value
    }

    /// Whether `bytes` decode and are byte for byte the canonical encoding.
    public static func isCanonical(_ bytes: [UInt8]) throws(IPLDError) -> Bool {
        try encode(decode(bytes)) == bytes
    }

    static func write(_ value: IPLD, into out: inout [UInt8]) throws(IPLDError) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: i.description.utf8)
        case .float(let d):
            guard d.isFinite else { throw .unsupported("DAG-JSON cannot encode the float \(d)") }
            out.append(contentsOf: JSFloat.format(d).utf8)
        case .string(let s): writeString(s, into: &out)
        case .bytes(let b):
            out.append(contentsOf: #"{"/":{"bytes":""#.utf8)
            out.append(contentsOf: Base64.encode(b).utf8)
            out.append(contentsOf: #""}}"#.utf8)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let entries): try writeMap(entries, into: &out)
        case .link(let cid):
            out.append(contentsOf: #"{"/":""#.utf8)
            out.append(contentsOf: cid.description.utf8)
            out.append(contentsOf: #""}"#.utf8)
        }
    }

    static func writeMap(_ entries: [String: IPLD], into out: inout [UInt8]) throws(IPLDError) {
        out.append(UInt8(ascii: "{"))
        let keys = entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (i, key) in keys.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            try write(entries[key]!, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Writes a JSON string with the minimal escapes JSON.stringify uses.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0c: out.append(contentsOf: #"\f"#.utf8)
            case 0x0a: out.append(contentsOf: #"\n"#.utf8)
            case 0x0d: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20: out.append(contentsOf: #"\u00"#.utf8); out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// JavaScript's Number.prototype.toString for finite doubles, which DAG-JSON follows.
enum JSFloat {
    static func format(_ d: Double) -> String {
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description has the shortest round-tripping digits; re-lay them out as JS does.
        let (negative, digits, exponent) = decompose(d)
        let n = exponent + 1  // Position of the decimal point after the first digit, as in ECMA-262.
        let k = digits.count
        var body: String
        if k <= n && n <= 21 {
            body = digits + String(repeating: "0", count: n - k) + ".0"  // Keep it a float.
        } else if 0 < n && n <= 21 {
            body = String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        } else if -6 < n && n <= 0 {
            body = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
            body = mantissa + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        return negative ? "-" + body : body
    }

    /// Sign, significant digits (no leading/trailing zeros) and decimal exponent of the first digit.
    static func decompose(_ d: Double) -> (Bool, String, Int) {
        var text = abs(d).description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var pointExponent = intPart.count - 1 + exponent
        while all.first == "0" { all.removeFirst(); pointExponent -= 1 }
        while all.last == "0" { all.removeLast() }
        return (d.sign == .minus, all, pointExponent)
    }
}
