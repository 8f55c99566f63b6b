/// DAG-CBOR: the strict, canonical subset of CBOR that IPLD and Filecoin use.
///
/// Encoding is always canonical: shortest arguments, map keys sorted by length then bytes,
/// floats as 64-bit, tag 42 only for links. Decoding (in `DAGCBOR+Decode`) rejects anything
/// else, so a block has exactly one encoding and so exactly one CID.
public enum DAGCBOR {
    /// The largest nesting of lists and maps accepted, so hostile input cannot exhaust the stack.
    public static let maxDepth = 512

    /// The canonical bytes of `value`; throws for NaN and infinities, which DAG-CBOR forbids.
    public static func encode(_ value: IPLD) throws(IPLDError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        try write(value, into: &out)
        return out
    }

    /// Whether map key `a` sorts before `b` in DAG-CBOR order: shorter first, then bytewise.
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let (ua, ub) = (a.utf8, b.utf8)
        if ua.count != ub.count { return ua.count < ub.count }
        return ua.lexicographicallyPrecedes(ub)
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: IPLD, into out: inout [UInt8]) throws(IPLDError) {
        switch value {
        case .null: out.append(0xf6)
        case .bool(let b): out.append(b ? 0xf5 : 0xf4)
        case .integer(let i): writeHead(major: i.isNegative ? 1 : 0, i.argument, into: &out)
        case .float(let d): try writeFloat(d, into: &out)
        case .string(let s):
            let utf8 = s.utf8
            writeHead(major: 3, UInt64(utf8.count), into: &out)
            out.append(contentsOf: utf8)
        case .bytes(let b):
            writeHead(major: 2, UInt64(b.count), into: &out)
            out.append(contentsOf: b)
        case .list(let items):
            writeHead(major: 4, UInt64(items.count), into: &out)
            for item in items { try write(item, into: &out) }
        case .map(let entries):
            writeHead(major: 5, UInt64(entries.count), into: &out)
            for key in entries.keys.sorted(by: keyPrecedes) {
                let utf8 = key.utf8
                writeHead(major: 3, UInt64(utf8.count), into: &out)
                out.append(contentsOf: utf8)
                try write(entries[key]!, into: &out)
            }
        case .link(let cid): writeLink(cid, into: &out)
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
