/// A strict JSON parser producing IPLD values, with DAG-JSON's link and bytes forms.
struct JSONParser {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(IPLDError) -> IPLD {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard offset == bytes.count else { throw .trailingBytes(count: bytes.count - offset) }
        return value
    }

    mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]) { offset += 1 }
    }

    func fail(_ message: String) -> IPLDError { .invalidJSON("\(message) at byte \(offset)") }

    mutating func expect(_ literal: String) throws(IPLDError) {
        let l = Array(literal.utf8)
        guard bytes.count - offset >= l.count, Array(bytes[offset..<offset + l.count]) == l else {
            throw fail("expected \(literal)")
        }
        offset += l.count
    }

    mutating func parseValue(depth: Int) throws(IPLDError) -> IPLD {
        guard depth < DAGCBOR.maxDepth else { throw fail("nesting deeper than \(DAGCBOR.maxDepth)") }
        guard offset < bytes.count else { throw .unexpectedEnd(context: "JSON value") }
        switch bytes[offset] {
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "["): return try parseList(depth: depth)
        case UInt8(ascii: "{"): return try parseMap(depth: depth)
        default: return try parseNumber()
        }
    }

    mutating func parseList(depth: Int) throws(IPLDError) -> IPLD {
        offset += 1
        var items: [IPLD] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .list(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard offset < bytes.count else { throw .unexpectedEnd(context: "JSON list") }
            let c = bytes[offset]
            offset += 1
            if c == UInt8(ascii: "]") { return .list(items) }
            guard c == UInt8(ascii: ",") else { throw fail("expected , or ]") }
        }
    }

    mutating func parseMap(depth: Int) throws(IPLDError) -> IPLD {
        offset += 1
        var entries: [String: IPLD] = [:]
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .map(entries) }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            guard entries.updateValue(value, forKey: key) == nil else { throw .invalidJSON("repeat map key \"\(key)\"") }
            skipWhitespace()
            guard offset < bytes.count else { throw .unexpectedEnd(context: "JSON map") }
            let c = bytes[offset]
            offset += 1
            if c == UInt8(ascii: "}") { return try interpretSlash(entries) }
            guard c == UInt8(ascii: ",") else { throw fail("expected , or }") }
        }
    }

    /// Turns the reserved `{"/": ...}` forms into links and bytes.
    func interpretSlash(_ entries: [String: IPLD]) throws(IPLDError) -> IPLD {
        guard entries.count == 1, let slash = entries["/"] else { return .map(entries) }
        switch slash {
        case .string(let text): return .link(try CID(text))
        case .map(let inner) where inner.count == 1:
            guard case .string(let b64)? = inner["bytes"] else { return .map(entries) }
            guard let decoded = Base64.decode(b64) else { throw .invalidJSON("malformed base64 in bytes") }
            return .bytes(decoded)
        default: return .map(entries)
        }
    }

    mutating func parseString() throws(IPLDError) -> String {
        offset += 1
        var out: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw .unexpectedEnd(context: "JSON string") }
            let c = bytes[offset]
            offset += 1
            switch c {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"): try parseEscape(into: &out)
            case 0..<0x20: throw fail("unescaped control character in string")
            default: out.append(c)
            }
        }
    }

    mutating func parseEscape(into out: inout [UInt8]) throws(IPLDError) {
        guard offset < bytes.count else { throw .unexpectedEnd(context: "JSON escape") }
        let c = bytes[offset]
        offset += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0c)
        case UInt8(ascii: "n"): out.append(0x0a)
        case UInt8(ascii: "r"): out.append(0x0d)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xd800..<0xdc00).contains(scalar) {
                try expect("\\u")
                let low = try parseHex4()
                guard (0xdc00..<0xe000).contains(low) else { throw fail("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
            }
            guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
            out.append(contentsOf: String(Character(u)).utf8)
        default: throw fail("invalid escape")
        }
    }

    mutating func parseHex4() throws(IPLDError) -> UInt32 {
        guard bytes.count - offset >= 4, let b = Base16.decode(String(decoding: bytes[offset..<offset + 4], as: UTF8.self)) else {
            throw fail("invalid \\u escape")
        }
        offset += 4
        return UInt32(b[0]) << 8 | UInt32(b[1])
    }

    mutating func parseNumber() throws(IPLDError) -> IPLD {
        let start = offset
        var isFloat = false
        while offset < bytes.count {
            let c = bytes[offset]
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { isFloat = true }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(c) else { break }
            offset += 1
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard !text.isEmpty else { throw fail("unexpected character") }
        if isFloat {
            guard let d = Double(text), d.isFinite, text.first != "+", text.first != "." else { throw fail("invalid number \(text)") }
            return .float(d)
        }
        return .integer(try parseInteger(text))
    }

    func parseInteger(_ text: String) throws(IPLDError) -> IPLDInteger {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              digits == "0" || !digits.hasPrefix("0") else { throw fail("invalid integer \(text)") }
        if !negative {
            guard let v = UInt64(digits) else { throw fail("integer \(text) out of range") }
            return IPLDInteger(v)
        }
        // -1 - argument = value, so argument = magnitude - 1; magnitude may be 2^64.
        if digits == "18446744073709551616" { return IPLDInteger(negative: true, argument: .max) }
        guard let magnitude = UInt64(digits) else { throw fail("integer \(text) out of range") }
        if magnitude == 0 { return IPLDInteger(0) }
        return IPLDInteger(negative: true, argument: magnitude - 1)
    }
}
