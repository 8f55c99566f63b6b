/// DAG-CBOR: the strict, canonical subset of CBOR that IPLD and Filecoin use.
///
/// Encoding is always canonical: shortest arguments, map keys sorted by length then bytes,
/// floats as 64-bit, tag 42 only for links. Decoding (`DAGCBORDecoder.swift`) rejects anything
/// else, so a block has exactly one encoding and so exactly one CID.
public enum DAGCBOR {
    /// The largest nesting of lists and maps accepted, so hostile input cannot exhaust the stack.
    public static let maxDepth = 512

    /// The canonical bytes of `value`; throws for NaN and infinities, which DAG-CBOR forbids.
    public static func encode(_ value: IPLD) throws(IPLDError) -> [UInt8] {
        var writer = CBORWriter(capacity: 256)
        try write(value, to: &writer)
        return writer.finish()
    }

    /// Whether map key `a` sorts before `b` in DAG-CBOR order: shorter first, then bytewise.
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let (ua, ub) = (a.utf8, b.utf8)
        if ua.count != ub.count { return ua.count < ub.count }
        return ua.lexicographicallyPrecedes(ub)
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: IPLD, into out: inout [UInt8]) throws(IPLDError) {
        out.append(contentsOf: try encode(value))
    }

    static func write(_ value: IPLD, to w: inout CBORWriter) throws(IPLDError) {
        switch value {
        case .null: w.byte(0xf6)
        case .bool(let b): w.byte(b ? 0xf5 : 0xf4)
        case .integer(let i): w.head(major: i.isNegative ? 1 : 0, i.argument)
        case .float(let d):
            guard d.isFinite else { throw .unsupported("DAG-CBOR cannot encode the float \(d)") }
            w.float(d)
        case .string(let s): w.text(s)
        case .bytes(let b):
            w.head(major: 2, UInt64(b.count))
            w.append(b)
        case .list(let items):
            w.head(major: 4, UInt64(items.count))
            for item in items { try write(item, to: &w) }
        case .map(let entries):
            w.head(major: 5, UInt64(entries.count))
            if entries.count == 1, let only = entries.first {
                w.text(only.key)
                try write(only.value, to: &w)
                return
            }
            // One pass over the pairs in key order, so no value is looked up by key again.
            for (key, value) in entries.sorted(by: { keyPrecedes($0.key, $1.key) }) {
                w.text(key)
                try write(value, to: &w)
            }
        case .link(let cid):
            w.byte(0xd8)
            w.byte(42)
            w.head(major: 2, UInt64(cid.bytes.count + 1))
            w.byte(0)
            w.append(cid.bytes)
        }
    }

    /// Appends a link: tag 42 over the CID's bytes behind a zero byte (multibase identity).
    public static func writeLink(_ cid: CID, into out: inout [UInt8]) {
        out.append(0xd8)
        out.append(42)
        writeHead(major: 2, UInt64(cid.bytes.count + 1), into: &out)
        out.append(0)
        out.append(contentsOf: cid.bytes)
    }

    /// Appends a 64-bit float; DAG-CBOR has no NaN or infinities.
    public static func writeFloat(_ d: Double, into out: inout [UInt8]) throws(IPLDError) {
        guard d.isFinite else { throw .unsupported("DAG-CBOR cannot encode the float \(d)") }
        out.append(0xfb)
        let bits = d.bitPattern
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    /// Appends a major type with its argument in the shortest form.
    @inline(__always)
    public static func writeHead(major: UInt8, _ argument: UInt64, into out: inout [UInt8]) {
        let m = major << 5
        switch argument {
        case 0..<24: out.append(m | UInt8(argument))
        case 24...0xff: out.append(m | 24); out.append(UInt8(argument))
        case 0x100...0xffff:
            out.append(m | 25)
            out.append(UInt8(argument >> 8)); out.append(UInt8(truncatingIfNeeded: argument))
        case 0x1_0000...0xffff_ffff:
            out.append(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: argument >> UInt64(shift))) }
        default:
            out.append(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: argument >> UInt64(shift))) }
        }
    }
}

/// The encoder's output: a growable raw buffer written with plain stores.
///
/// Appending to an `[UInt8]` byte by byte checks uniqueness and capacity at every byte; here a
/// head reserves its nine bytes at most once and stores them directly. The buffer is copied into
/// an array once, at the end. Noncopyable, so it is freed exactly once, also when encoding throws.
struct CBORWriter: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    consuming func finish() -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    @inline(__always)
    mutating func ensure(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    mutating func grow(_ n: Int) {
        let newCapacity = max(capacity * 2, count + n)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        ensure(1)
        base.storeBytes(of: b, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// A major type with its argument in the shortest form.
    @inline(__always)
    mutating func head(major: UInt8, _ argument: UInt64) {
        ensure(9)
        let m = major << 5
        if argument < 24 {
            base.storeBytes(of: m | UInt8(argument), toByteOffset: count, as: UInt8.self)
            count += 1
        } else if argument <= 0xff {
            base.storeBytes(of: m | 24, toByteOffset: count, as: UInt8.self)
            base.storeBytes(of: UInt8(argument), toByteOffset: count + 1, as: UInt8.self)
            count += 2
        } else if argument <= 0xffff {
            base.storeBytes(of: m | 25, toByteOffset: count, as: UInt8.self)
            base.storeBytes(of: UInt16(argument).bigEndian, toByteOffset: count + 1, as: UInt16.self)
            count += 3
        } else if argument <= 0xffff_ffff {
            base.storeBytes(of: m | 26, toByteOffset: count, as: UInt8.self)
            base.storeBytes(of: UInt32(argument).bigEndian, toByteOffset: count + 1, as: UInt32.self)
            count += 5
        } else {
            base.storeBytes(of: m | 27, toByteOffset: count, as: UInt8.self)
            base.storeBytes(of: argument.bigEndian, toByteOffset: count + 1, as: UInt64.self)
            count += 9
        }
    }

    /// A 64-bit float (the caller has checked it is finite).
    mutating func float(_ d: Double) {
        ensure(9)
        base.storeBytes(of: 0xfb, toByteOffset: count, as: UInt8.self)
        base.storeBytes(of: d.bitPattern.bigEndian, toByteOffset: count + 1, as: UInt64.self)
        count += 9
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        ensure(raw.count)
        (base + count).copyMemory(from: source, byteCount: raw.count)
        count += raw.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// A text string: head and UTF-8 bytes.
    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            head(major: 3, UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
    }
}
