/// One line program of `.debug_line`: its header (DWARF 5 §6.2.4, and the DWARF 2–4 forms)
/// and the state machine that runs its opcodes into rows.
struct LineProgramHeader {
    var version: UInt16
    var offsetSize: Int
    var minimumInstructionLength: UInt64
    var defaultIsStatement: Bool
    var lineBase: Int64
    var lineRange: UInt64
    var opcodeBase: UInt8
    var standardOpcodeLengths: [UInt8]
    /// File names (with their directory), indexed as the line program's `file` register.
    var files: [String]
    /// Where this unit's program ends.
    var unitEnd: Int

    init(_ reader: inout ByteReader, lineStrings: [UInt8], strings: [UInt8]) throws(DebugInfoError) {
        var length = try reader.fixed(4)
        offsetSize = 4
        if length == 0xFFFF_FFFF {
            length = try reader.fixed(8)
            offsetSize = 8
        }
        guard length <= UInt64(reader.end - reader.offset) else { throw reader.error("line program runs past the section") }
        unitEnd = reader.offset + Int(length)
        version = UInt16(try reader.fixed(2))
        guard (2...5).contains(version) else { throw reader.error("unsupported line table version \(version)") }
        if version >= 5 { try reader.skip(2) }  // address_size, segment_selector_size
        let headerLength = Int(clamping: try reader.fixed(offsetSize))
        let programStart = reader.offset + headerLength
        guard programStart <= unitEnd else { throw reader.error("line program header runs past its unit") }
        minimumInstructionLength = UInt64(try reader.byte())
        if version >= 4 { _ = try reader.byte() }  // maximum_operations_per_instruction (1 for non-VLIW)
        defaultIsStatement = try reader.byte() != 0
        lineBase = Int64(Int8(bitPattern: try reader.byte()))
        lineRange = UInt64(try reader.byte())
        guard lineRange > 0 else { throw reader.error("line_range 0") }
        opcodeBase = try reader.byte()
        guard opcodeBase > 0 else { throw reader.error("opcode_base 0") }
        standardOpcodeLengths = []
        for _ in 1..<Int(opcodeBase) { standardOpcodeLengths.append(try reader.byte()) }
        files = []
        if version >= 5 {
            let directories = try Self.entries(&reader, offsetSize: offsetSize, lineStrings: lineStrings, strings: strings)
            let names = try Self.entries(&reader, offsetSize: offsetSize, lineStrings: lineStrings, strings: strings)
            files = names.map { entry in Self.joined(entry.directory.flatMap { $0 < directories.count ? directories[$0].path : nil }, entry.path) }
        } else {
            var directories: [String] = []
            while true {
                let directory = try reader.cString()
                if directory.isEmpty { break }
                directories.append(directory)
            }
            // DWARF 2-4 file numbers start at 1; directory 0 is the compilation directory.
            files = ["?"]
            while true {
                let name = try reader.cString()
                if name.isEmpty { break }
                let directory = Int(clamping: try reader.uleb())
                _ = try reader.uleb()  // modification time
                _ = try reader.uleb()  // length
                files.append(Self.joined(directory > 0 && directory <= directories.count ? directories[directory - 1] : nil, name))
            }
        }
        reader.offset = programStart
    }

    /// A path in a directory (kept as is when absolute or without a directory).
    static func joined(_ directory: String?, _ path: String) -> String {
        guard let directory, !directory.isEmpty, directory != ".", !path.hasPrefix("/") else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// A DWARF 5 directory or file-name table: a format (content type, form pairs), then entries.
    static func entries(
        _ reader: inout ByteReader, offsetSize: Int, lineStrings: [UInt8], strings: [UInt8]
    ) throws(DebugInfoError) -> [(path: String, directory: Int?)] {
        let formatCount = Int(try reader.byte())
        var format: [(content: UInt64, form: UInt64)] = []
        for _ in 0..<formatCount { format.append((try reader.uleb(), try reader.uleb())) }
        let count = try reader.uleb()
        guard count <= UInt64(reader.end - reader.offset) else { throw reader.error("too many entries") }
        var entries: [(path: String, directory: Int?)] = []
        for _ in 0..<count {
            var entry: (path: String, directory: Int?) = ("", nil)
            for (content, form) in format {
                let value = try FormValue(&reader, form: form, offsetSize: offsetSize, lineStrings: lineStrings, strings: strings)
                if content == 1, case .string(let text) = value { entry.path = text }  // DW_LNCT_path
                if content == 2, case .number(let n) = value { entry.directory = Int(clamping: n) }  // DW_LNCT_directory_index
            }
            entries.append(entry)
        }
        return entries
    }

    /// Runs the line program into sequences of rows (DWARF 5 §6.2.5).
    mutating func run(_ reader: inout ByteReader) throws(DebugInfoError) -> [LineTable.LineSequence] {
        var program = ByteReader(reader.bytes, from: reader.offset, to: unitEnd)
        defer { reader.offset = unitEnd }
        var sequences: [LineTable.LineSequence] = []
        var rows: [LineTable.Row] = []
        let initial = LineTable.Row(address: 0, file: 1, line: 1, column: 0, end: false)
        var state = initial
        while !program.isAtEnd {
            let opcode = try program.byte()
            if opcode >= opcodeBase {
                let adjusted = UInt64(opcode - opcodeBase)
                state.address &+= adjusted / lineRange * minimumInstructionLength
                state.line = UInt64(bitPattern: Int64(bitPattern: state.line) &+ lineBase &+ Int64(adjusted % lineRange))
                rows.append(state)
                continue
            }
            switch opcode {
            case 0:
                let length = Int(clamping: try program.uleb())
                guard length > 0 else { continue }
                let next = program.offset + length
                let sub = try program.byte()
                switch sub {
                case 1:  // DW_LNE_end_sequence
                    state.end = true
                    rows.append(state)
                    sequences.append(LineTable.LineSequence(rows: rows.sorted { $0.address < $1.address }, files: files))
                    rows = []
                    state = initial
                case 2:  // DW_LNE_set_address
                    state.address = try program.fixed(min(length - 1, 8))
                default: break  // define_file (DWARF 2-4), set_discriminator, vendor extensions
                }
                guard next <= unitEnd else { throw program.error("extended opcode runs past its unit") }
                program.offset = next
            case 1: rows.append(state)  // DW_LNS_copy
            case 2: state.address &+= try program.uleb() &* minimumInstructionLength
            case 3:
                let advance = try program.sleb()
                state.line = UInt64(bitPattern: Int64(bitPattern: state.line) &+ advance)
            case 4: state.file = Int(clamping: try program.uleb())
            case 5: state.column = try program.uleb()
            case 6, 7, 10, 11: break  // negate_stmt, set_basic_block, set_prologue_end, set_epilogue_begin
            case 8: state.address &+= UInt64(255 - opcodeBase) / lineRange * minimumInstructionLength
            case 9: state.address &+= try program.fixed(2)
            default:
                // A standard opcode this reader does not know: skip its LEB128 operands.
                for _ in 0..<standardOpcodeLengths[Int(opcode) - 1] { _ = try program.uleb() }
            }
        }
        return sequences
    }
}

/// An attribute value of a DWARF 5 entry format: a string or a number (others are skipped).
enum FormValue {
    case string(String)
    case number(UInt64)
    case other

    init(_ reader: inout ByteReader, form: UInt64, offsetSize: Int, lineStrings: [UInt8], strings: [UInt8]) throws(DebugInfoError) {
        switch form {
        case 0x08: self = .string(try reader.cString())  // DW_FORM_string
        case 0x1F: self = .string(try ByteReader.string(in: lineStrings, at: Int(clamping: try reader.fixed(offsetSize))))  // line_strp
        case 0x0E: self = .string(try ByteReader.string(in: strings, at: Int(clamping: try reader.fixed(offsetSize))))  // strp
        case 0x0B: self = .number(try reader.fixed(1))  // data1
        case 0x05: self = .number(try reader.fixed(2))  // data2
        case 0x06: self = .number(try reader.fixed(4))  // data4
        case 0x07: self = .number(try reader.fixed(8))  // data8
        case 0x0F: self = .number(try reader.uleb())  // udata
        case 0x1E: try reader.skip(16); self = .other  // data16 (MD5)
        case 0x09: try reader.skip(Int(clamping: try reader.uleb())); self = .other  // block
        default: throw reader.error("unsupported form \(form) in a line table header")
        }
    }
}
