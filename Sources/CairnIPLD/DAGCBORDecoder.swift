extension DAGCBOR {
    /// Decodes one DAG-CBOR item that must fill `bytes` exactly.
    ///
    /// Throws `IPLDError.nonCanonical` for valid CBOR that is not the canonical encoding, and
    /// `.unsupported` for CBOR features outside DAG-CBOR.
    public static func decode(_ bytes: [UInt8]) throws(IPLDError) -> IPLD {
        var reader = CBORReader(bytes)
        let value = try reader.readValue(depth: 0)
        guard reader.offset == bytes.count else { throw .trailingBytes(count: bytes.count - reader.offset) }
        return value
    }
}

/// A cursor over DAG-CBOR bytes that checks canonical form as it reads.
struct CBORReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func byte(_ context: String) throws(IPLDError) -> UInt8 {
        guard offset < bytes.count else { throw .unexpectedEnd(context: context) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a head: major type and argument, rejecting non-shortest arguments.
    mutating func readHead() throws(IPLDError) -> (major: UInt8, info: UInt8, argument: UInt64) {
        let initial = try byte("item head")
        let major = initial >> 5
        let info = initial & 0x1f
        if major == 7 { return (major, info, 0) }  // Simple values and floats: the caller reads.
        switch info {
        case 0..<24: return (major, info, UInt64(info))
        case 24...27:
            let n = 1 << Int(info - 24)
            guard remaining >= n else { throw .unexpectedEnd(context: "\(n)-byte argument") }
            var v: UInt64 = 0
            for i in 0..<n { v = v << 8 | UInt64(bytes[offset + i]) }
            offset += n
            let minimum: UInt64 = switch info { case 24: 24; case 25: 0x100; case 26: 0x1_0000; default: 0x1_0000_0000 }
            guard v >= minimum else { throw .nonCanonical("argument \(v) not in its shortest form") }
            return (major, info, v)
        case 31: throw .unsupported("indefinite-length items are not allowed in DAG-CBOR")
        default: throw .unsupported("reserved additional information \(info)")
        }
    }

    /// Reads a length and checks it cannot exceed the input, so no huge allocation follows.
    mutating func readLength(_ argument: UInt64, minimumItemBytes: Int, _ what: String) throws(IPLDError) -> Int {
        guard argument <= UInt64(remaining / minimumItemBytes) else {
            throw .unexpectedEnd(context: "\(what) of declared length \(argument)")
        }
        return Int(argument)
    }

    mutating func readValue(depth: Int) throws(IPLDError) -> IPLD {
        let (major, info, argument) = try readHead()
        switch major {
        case 0: return .integer(IPLDInteger(negative: false, argument: argument))
        case 1: return .integer(IPLDInteger(negative: true, argument: argument))
        case 2: return .bytes(try readBytes(argument))
        case 3: return .string(try readString(argument))
        case 4: return try readList(argument, depth: depth)
        case 5: return try readMap(argument, depth: depth)
        case 6: return .link(try readTagged(argument))
        default: return try readSimple(info)
        }
    }

    mutating func readBytes(_ argument: UInt64) throws(IPLDError) -> [UInt8] {
        let n = try readLength(argument, minimumItemBytes: 1, "byte string")
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    mutating func readString(_ argument: UInt64) throws(IPLDError) -> String {
        let n = try readLength(argument, minimumItemBytes: 1, "text string")
        let slice = bytes[offset..<offset + n]
        offset += n
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw .nonCanonical("text string is not valid UTF-8")
        }
        return s
    }

    mutating func readList(_ argument: UInt64, depth: Int) throws(IPLDError) -> IPLD {
        guard depth < DAGCBOR.maxDepth else { throw .unsupported("nesting deeper than \(DAGCBOR.maxDepth)") }
        let n = try readLength(argument, minimumItemBytes: 1, "list")
        var items: [IPLD] = []
        items.reserveCapacity(n)
        for _ in 0..<n { items.append(try readValue(depth: depth + 1)) }
        return .list(items)
    }

    mutating func readMap(_ argument: UInt64, depth: Int) throws(IPLDError) -> IPLD {
        guard depth < DAGCBOR.maxDepth else { throw .unsupported("nesting deeper than \(DAGCBOR.maxDepth)") }
        let n = try readLength(argument, minimumItemBytes: 2, "map")
        var entries: [String: IPLD] = [:]
        entries.reserveCapacity(n)
        var previous: ArraySlice<UInt8>? = nil
        for _ in 0..<n {
            let (major, _, keyLength) = try readHead()
            guard major == 3 else { throw .unsupported("map keys must be strings, found major type \(major)") }
            let start = offset
            let key = try readString(keyLength)
            let keyBytes = bytes[start..<offset]
            if let previous { try checkKeyOrder(previous, keyBytes, key) }
            previous = keyBytes
            entries[key] = try readValue(depth: depth + 1)
        }
        // Distinct byte strings that Swift deems equal (canonically equivalent Unicode) collide.
        guard entries.count == n else { throw .unsupported("map keys that are canonically equivalent Unicode") }
        return .map(entries)
    }

    func checkKeyOrder(_ previous: ArraySlice<UInt8>, _ key: ArraySlice<UInt8>, _ name: String) throws(IPLDError) {
        if previous.count == key.count && previous.elementsEqual(key) {
            throw .nonCanonical("duplicate map key \"\(name)\"")
        }
        let ordered = previous.count != key.count ? previous.count < key.count : previous.lexicographicallyPrecedes(key)
        guard ordered else { throw .nonCanonical("map key \"\(name)\" out of canonical order") }
    }

    mutating func readTagged(_ tag: UInt64) throws(IPLDError) -> CID {
        guard tag == 42 else { throw .unsupported("CBOR tag \(tag) (only tag 42, links, is allowed)") }
        let (major, _, argument) = try readHead()
        guard major == 2 else { throw .unsupported("tag 42 must wrap a byte string") }
        let content = try readBytes(argument)
        guard content.first == 0 else { throw .invalidCID("a link's bytes must start with the 0x00 multibase prefix") }
        return try CID(bytes: Array(content.dropFirst()))
    }

    mutating func readSimple(_ info: UInt8) throws(IPLDError) -> IPLD {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: throw .unsupported("undefined is not part of the IPLD data model")
        case 25, 26: throw .nonCanonical("floats must be encoded in 64 bits")
        case 27:
            guard remaining >= 8 else { throw .unexpectedEnd(context: "64-bit float") }
            var bits: UInt64 = 0
            for i in 0..<8 { bits = bits << 8 | UInt64(bytes[offset + i]) }
            offset += 8
            let d = Double(bitPattern: bits)
            guard d.isFinite else { throw .unsupported("NaN and infinities are not allowed in DAG-CBOR") }
            return .float(d)
        case 31: throw .unsupported("break outside an indefinite-length item")
        default: throw .unsupported("simple value \(info)")
        }
    }
}
