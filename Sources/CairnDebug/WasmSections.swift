/// The sections of a binary Wasm module, as far as debugging needs them: where the code
/// section's contents start (DWARF addresses are offsets from there) and the custom sections
/// by name (`.debug_line`, `.debug_line_str`, `.debug_str`, `name`).
public struct WasmSections: Sendable {
    /// The module offset of the code section's contents (after its id and size), if any.
    public var codeStart: Int?
    /// The contents of each custom section, by name (the first of a name wins).
    public var custom: [String: [UInt8]] = [:]

    /// Walks the sections of `bytes`, a binary module.
    public init(_ bytes: [UInt8]) throws(DebugInfoError) {
        var reader = ByteReader(bytes)
        guard try reader.fixed(4) == 0x6D73_6100 else { throw reader.error("not a binary Wasm module") }
        _ = try reader.fixed(4)
        while !reader.isAtEnd {
            let id = try reader.byte()
            let size = Int(clamping: try reader.uleb())
            let start = reader.offset
            guard size <= reader.end - start else { throw reader.error("section runs past the end") }
            if id == 10 { codeStart = start }
            if id == 0 {
                var name = ByteReader(bytes, from: start, to: start + size)
                let length = Int(clamping: try name.uleb())
                guard length <= name.end - name.offset else { throw name.error("custom section name runs past the section") }
                let text = String(decoding: bytes[name.offset..<name.offset + length], as: UTF8.self)
                if custom[text] == nil { custom[text] = Array(bytes[(name.offset + length)..<(start + size)]) }
            }
            reader.offset = start + size
        }
    }
}
