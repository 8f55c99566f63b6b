/// Builds the bytes of an encoded program.
struct ProgramWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// Unsigned LEB128, always in its shortest form (the only form the reader accepts).
    mutating func leb<T: UnsignedInteger & FixedWidthInteger>(_ value: T) {
        var value = UInt64(value)
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
    }

    mutating func leb(_ value: Int) { leb(UInt64(value)) }

    mutating func fixed32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func name(_ string: String) {
        leb(string.utf8.count)
        bytes.append(contentsOf: string.utf8)
    }

    mutating func vector<C: Collection>(_ items: C, _ write: (inout ProgramWriter, C.Element) -> Void) {
        leb(items.count)
        for item in items { write(&self, item) }
    }
}
