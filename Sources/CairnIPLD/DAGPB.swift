/// DAG-PB, read only: enough protobuf to find a node's links (for CAR export and walks).
///
/// A PBNode is `Links` (field 2, repeated PBLink) and `Data` (field 1); a PBLink's `Hash`
/// is field 1 and holds a CID's binary form.
public enum DAGPB {
    /// The CIDs of a DAG-PB node's links, in order.
    public static func links(_ block: [UInt8]) throws(IPLDError) -> [CID] {
        var out: [CID] = []
        var offset = 0
        while offset < block.count {
            let (field, wire) = try key(block, &offset)
            guard wire == 2 else { throw .invalidStructure("DAG-PB node field \(field) has wire type \(wire)") }
            let body = try lengthDelimited(block, &offset)
            if field == 2 { if let cid = try linkHash(body) { out.append(cid) } }
            else if field != 1 { throw .invalidStructure("DAG-PB node has unknown field \(field)") }
        }
        return out
    }

    static func linkHash(_ link: [UInt8]) throws(IPLDError) -> CID? {
        var offset = 0
        var hash: CID? = nil
        while offset < link.count {
            let (field, wire) = try key(link, &offset)
            switch wire {
            case 0: _ = try varint(link, &offset)
            case 2:
                let body = try lengthDelimited(link, &offset)
                if field == 1 { hash = try CID(bytes: body) }
            default: throw .invalidStructure("DAG-PB link field \(field) has wire type \(wire)")
            }
        }
        return hash
    }

    static func key(_ b: [UInt8], _ offset: inout Int) throws(IPLDError) -> (UInt64, UInt64) {
        let k = try varint(b, &offset)
        return (k >> 3, k & 7)
    }

    static func lengthDelimited(_ b: [UInt8], _ offset: inout Int) throws(IPLDError) -> [UInt8] {
        let n = try varint(b, &offset)
        guard n <= UInt64(b.count - offset) else { throw .unexpectedEnd(context: "DAG-PB field") }
        defer { offset += Int(n) }
        return Array(b[offset..<offset + Int(n)])
    }

    /// A protobuf varint (up to 10 bytes, unlike multiformats' 9).
    static func varint(_ b: [UInt8], _ offset: inout Int) throws(IPLDError) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<10 {
            guard offset < b.count else { throw .unexpectedEnd(context: "protobuf varint") }
            let byte = b[offset]
            offset += 1
            v |= UInt64(byte & 0x7f) << UInt64(7 * i)
            if byte & 0x80 == 0 { return v }
        }
        throw .invalidVarint("protobuf varint longer than 10 bytes")
    }
}
