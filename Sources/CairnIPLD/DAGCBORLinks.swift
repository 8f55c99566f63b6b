extension DAGCBOR {
    /// The links (tag 42) in a CBOR block, found without judging its canonical form.
    ///
    /// Walking a DAG (CAR export, the buffered store's flush) must follow links even through
    /// blocks that real chains hold but the strict decoder refuses (e.g. text that is not
    /// UTF-8), so this scanner only checks the framing. It is iterative: nesting costs no stack.
    public static func scanLinks(_ bytes: [UInt8]) throws(IPLDError) -> [CID] {
        try bytes.withUnsafeBufferPointer { (buffer) throws(IPLDError) -> [CID] in
            try scanLinks(UnsafeRawBufferPointer(buffer))
        }
    }

    static func scanLinks(_ bytes: UnsafeRawBufferPointer) throws(IPLDError) -> [CID] {
        var reader = CBORReader(bytes)
        var links: [CID] = []
        var pending = 1  // Items still to read.
        while pending > 0 {
            pending -= 1
            let initial = try reader.byte("item head")
            reader.offset -= 1
            let major = initial >> 5
            if major == 7 {
                reader.offset += 1
                let extra = switch initial & 0x1f { case 25: 2; case 26: 4; case 27: 8; default: 0 }
                guard reader.remaining >= extra else { throw .unexpectedEnd(context: "simple value") }
                reader.offset += extra
                continue
            }
            let argument = try reader.readHeadLenient()
            switch major {
            case 2, 3:
                guard argument <= UInt64(reader.remaining) else { throw .unexpectedEnd(context: "string") }
                reader.offset += Int(argument)
            case 4, 5:
                let items = argument * (major == 5 ? 2 : 1)
                guard items <= UInt64(reader.remaining) else { throw .unexpectedEnd(context: "container") }
                pending += Int(items)
            case 6 where argument == 42:
                links.append(try reader.readTagged(42))
            case 6:
                pending += 1
            default:
                break
            }
        }
        guard reader.offset == bytes.count else { throw .trailingBytes(count: bytes.count - reader.offset) }
        return links
    }
}

extension CBORReader {
    /// A head's argument, accepting non-shortest forms (but not indefinite lengths).
    mutating func readHeadLenient() throws(IPLDError) -> UInt64 {
        let info = try byte("item head") & 0x1f
        switch info {
        case 0..<24: return UInt64(info)
        case 24...27:
            let n = 1 << Int(info - 24)
            guard remaining >= n else { throw .unexpectedEnd(context: "\(n)-byte argument") }
            var v: UInt64 = 0
            for i in 0..<n { v = v << 8 | UInt64(bytes[offset + i]) }
            offset += n
            return v
        default: throw .unsupported("indefinite length or reserved additional information \(info)")
        }
    }
}
