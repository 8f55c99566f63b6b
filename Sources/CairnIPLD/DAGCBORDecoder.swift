extension DAGCBOR {
    /// Decodes one DAG-CBOR item that must fill `bytes` exactly.
    ///
    /// Throws `IPLDError.nonCanonical` for valid CBOR that is not the canonical encoding, and
    /// `.unsupported` for CBOR features outside DAG-CBOR.
    public static func decode(_ bytes: [UInt8]) throws(IPLDError) -> IPLD {
        try bytes.withUnsafeBufferPointer { (buffer) throws(IPLDError) -> IPLD in
            var reader = CBORReader(UnsafeRawBufferPointer(buffer))
            let value = try reader.readValue(depth: 0)
            guard reader.offset == buffer.count else { throw .trailingBytes(count: buffer.count - reader.offset) }
            return value
        }
    }
}

/// A cursor over DAG-CBOR bytes that checks canonical form as it reads.
///
/// It reads a borrowed raw buffer (the caller's array, pinned for the duration of the decode)
/// so that each byte costs one load and one comparison against `bytes.count`, and byte and
/// text strings are copied straight out of it with no intermediate slice or array.
struct CBORReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    @inline(__always)
    mutating func byte(_ context: StaticString) throws(IPLDError) -> UInt8 {
        guard offset < bytes.count else { throw .unexpectedEnd(context: "\(context)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a head: major type and argument, rejecting non-shortest arguments.
    @inline(__always)
    mutating func readHead() throws(IPLDError) -> (major: UInt8, info: UInt8, argument: UInt64) {
        let initial = try byte("item head")
        let major = initial >> 5
        let info = initial & 0x1f
        if major == 7 { return (major, info, 0) }  // Simple values and floats: the caller reads.
        if info < 24 { return (major, info, UInt64(info)) }
        return (major, info, try readArgument(info))
    }

    /// The 1-, 2-, 4- or 8-byte argument that follows a head with additional information `info`.
    mutating func readArgument(_ info: UInt8) throws(IPLDError) -> UInt64 {
        let v: UInt64
        switch info {
        case 24:
            guard remaining >= 1 else { throw .unexpectedEnd(context: "1-byte argument") }
            v = UInt64(bytes[offset])
            guard v >= 24 else { throw .nonCanonical("argument \(v) not in its shortest form") }
        case 25:
            guard remaining >= 2 else { throw .unexpectedEnd(context: "2-byte argument") }
            v = UInt64(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            guard v > 0xff else { throw .nonCanonical("argument \(v) not in its shortest form") }
        case 26:
            guard remaining >= 4 else { throw .unexpectedEnd(context: "4-byte argument") }
            v = UInt64(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            guard v > 0xffff else { throw .nonCanonical("argument \(v) not in its shortest form") }
        case 27:
            guard remaining >= 8 else { throw .unexpectedEnd(context: "8-byte argument") }
            v = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            guard v > 0xffff_ffff else { throw .nonCanonical("argument \(v) not in its shortest form") }
        case 31: throw .unsupported("indefinite-length items are not allowed in DAG-CBOR")
        default: throw .unsupported("reserved additional information \(info)")
        }
        offset += 1 << Int(info - 24)
        return v
    }

    /// Reads a length and checks it cannot exceed the input, so no huge allocation follows.
    @inline(__always)
    mutating func readLength(_ argument: UInt64, minimumItemBytes: Int, _ what: StaticString) throws(IPLDError) -> Int {
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

    /// The next `argument` bytes as a raw buffer, after checking that they are there.
    @inline(__always)
    mutating func take(_ argument: UInt64, _ what: StaticString) throws(IPLDError) -> UnsafeRawBufferPointer {
        let n = try readLength(argument, minimumItemBytes: 1, what)
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
    }

    mutating func readBytes(_ argument: UInt64) throws(IPLDError) -> [UInt8] {
        Array(try take(argument, "byte string"))
    }

    mutating func readString(_ argument: UInt64) throws(IPLDError) -> String {
        try Self.string(try take(argument, "text string"))
    }

    /// `raw` as a String if it is valid UTF-8. ASCII, which nearly all keys and Filecoin strings
    /// are, is recognised eight bytes at a time and then needs no further validation.
    static func string(_ raw: UnsafeRawBufferPointer) throws(IPLDError) -> String {
        let utf8 = raw.assumingMemoryBound(to: UInt8.self)
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= raw.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < raw.count {
            high |= UInt64(raw[i])
            i += 1
        }
        if high & 0x8080_8080_8080_8080 == 0 { return String(decoding: utf8, as: UTF8.self) }
        guard let s = String(validating: utf8, as: UTF8.self) else {
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
        var previous = UnsafeRawBufferPointer(start: nil, count: 0)
        for i in 0..<n {
            let (major, _, keyLength) = try readHead()
            guard major == 3 else { throw .unsupported("map keys must be strings, found major type \(major)") }
            let keyBytes = try take(keyLength, "text string")
            let key = try Self.string(keyBytes)
            if i > 0 { try Self.checkKeyOrder(previous, keyBytes, key) }
            previous = keyBytes
            entries[key] = try readValue(depth: depth + 1)
        }
        // Distinct byte strings that Swift deems equal (canonically equivalent Unicode) collide.
        guard entries.count == n else { throw .unsupported("map keys that are canonically equivalent Unicode") }
        return .map(entries)
    }

    /// DAG-CBOR orders keys by their encoded bytes: shorter first, then bytewise; equal is a duplicate.
    @inline(__always)
    static func checkKeyOrder(_ previous: UnsafeRawBufferPointer, _ key: UnsafeRawBufferPointer, _ name: String) throws(IPLDError) {
        if previous.count != key.count {
            guard previous.count < key.count else { throw .nonCanonical("map key \"\(name)\" out of canonical order") }
            return
        }
        for i in 0..<key.count where previous[i] != key[i] {
            guard previous[i] < key[i] else { throw .nonCanonical("map key \"\(name)\" out of canonical order") }
            return
        }
        throw .nonCanonical("duplicate map key \"\(name)\"")
    }

    mutating func readTagged(_ tag: UInt64) throws(IPLDError) -> CID {
        guard tag == 42 else { throw .unsupported("CBOR tag \(tag) (only tag 42, links, is allowed)") }
        let (major, _, argument) = try readHead()
        guard major == 2 else { throw .unsupported("tag 42 must wrap a byte string") }
        let content = try take(argument, "byte string")
        guard content.first == 0 else { throw .invalidCID("a link's bytes must start with the 0x00 multibase prefix") }
        return try CID(exactly: UnsafeRawBufferPointer(rebasing: content.dropFirst()))
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
            let bits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
            let d = Double(bitPattern: bits)
            guard d.isFinite else { throw .unsupported("NaN and infinities are not allowed in DAG-CBOR") }
            return .float(d)
        case 31: throw .unsupported("break outside an indefinite-length item")
        default: throw .unsupported("simple value \(info)")
        }
    }
}
