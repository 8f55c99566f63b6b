import CairnWasm

/// The soft-float library (softfloat/softfloat.c, compiled to softfloat/softfloat.wasm by
/// scripts/build-softfloat.sh): one integer-only Wasm function per float instruction that is not
/// a bit move, which the soft-float profile links into a program and calls in place of the
/// float instructions (docs/softfloat.md).
public enum SoftFloatLibrary {
    /// The library module's bytes, exactly softfloat/softfloat.wasm.
    public static let wasm: [UInt8] = decodeHex(moduleHex)

    /// The decoded library, or the error that says why it does not decode (it always does:
    /// scripts/build-softfloat.sh checks the module, and the tests decode it).
    static let module: Result<WasmModule, WasmError> = Result(catching: { () throws(WasmError) -> WasmModule in
        try ModuleDecoder.decode(wasm)
    })

    /// The library function, by the name of the float instruction it replaces with `.` spelled
    /// `_` (`f32_add` for `f32.add`), as a defined-function index of the library module.
    static let functionsByName: [String: UInt32] = {
        guard case .success(let library) = module else { return [:] }
        var names: [String: UInt32] = [:]
        for export in library.exports {
            if case .function(let index) = export.descriptor { names[export.name] = index }
        }
        return names
    }()

    /// The name of the library function that replaces `instruction`, if it is one of the 66
    /// float instructions the profile lowers to calls (arithmetic, comparisons, rounding, sign
    /// operations and every conversion that reads or writes a float other than a
    /// reinterpretation); nil for anything else, float loads, stores and constants included.
    public static func functionName(replacing instruction: Instruction) -> String? {
        guard isFloatOperation(opcode: instruction.opcode) else { return nil }
        return String(instruction.mnemonic.map { $0 == "." ? "_" : $0 })
    }

    /// Whether the opcode is a float operation of the program format (docs/program-format.md's
    /// table): f32/f64 binary 61–74, comparisons 95–106, unary 120–133, and the conversions
    /// 135–138 and 141–162 (139 and 140 are the integer extends).
    public static func isFloatOperation(opcode: UInt8) -> Bool {
        switch opcode {
        case 61...74, 95...106, 120...133, 135...138, 141...162: true
        default: false
        }
    }

    /// The opcode of `i32.trunc_f32_s`, the one float instruction of the library (the
    /// invalid-conversion trap on a constant NaN).
    public static let trapOpcode: UInt8 = 135

    static func decodeHex(_ text: StaticString) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8CodeUnitCount / 2)
        var high: UInt8?
        text.withUTF8Buffer { buffer in
            for character in buffer {
                let digit = character <= 0x39 ? character &- 0x30 : character &- 0x61 &+ 10
                if let first = high {
                    bytes.append(first << 4 | digit)
                    high = nil
                } else {
                    high = digit
                }
            }
        }
        return bytes
    }
}
