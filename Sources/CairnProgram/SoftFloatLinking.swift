import CairnWasm
import WasmParser

/// How a module is lowered under the soft-float profile (docs/softfloat.md): the library's
/// functions are appended to the module's own, and the translator turns each float instruction
/// of the module's code into a call of the library function that computes it.
///
/// The rewrite is made at the one place every Wasm instruction of a body passes through (the
/// translator's `visit`), as the Wasm-to-Wasm rewrite `f32.add` → `call $f32_add` would be,
/// before any register allocation: the call is lowered by the same code as any other call, and
/// nothing after lowering needs to know about floats. Completeness does not rest on that
/// rewrite being exhaustive: ``checkNoFloats(_:trapFunction:)`` scans the lowered program.
struct SoftFloatLink {
    /// The function index of the library's first function in the linked module.
    let base: UInt32
    /// How many functions the module itself had (imported and defined): library bodies are
    /// those translated after them.
    let libraryBodyStart: Int
    /// The library's function holding the trap sequence, as a linked function index.
    let trapFunction: UInt32

    /// The library function computing `instruction`, with the Wasm types of the instruction it
    /// replaces (so the operand stack stays typed as the module's validation expects; slots
    /// hold bits, so the callee's integer parameters read the float bits unchanged).
    func call(for instruction: WasmParser.Instruction) -> (type: FunctionType, function: UInt32)? {
        let probe: Instruction
        let type: FunctionType
        switch instruction {
        case .binary(let op):
            let lowering = Instruction.lowering(op)
            probe = lowering.make(0, 0, 0)
            type = FunctionType(parameters: [lowering.operands.0, lowering.operands.1], results: [lowering.result])
        case .cmp(let op):
            let lowering = Instruction.lowering(op)
            probe = lowering.make(0, 0, 0)
            type = FunctionType(parameters: [lowering.operands.0, lowering.operands.1], results: [lowering.result])
        case .unary(let op):
            let lowering = Instruction.lowering(op)
            probe = lowering.make(0, 0)
            type = FunctionType(parameters: [lowering.operand], results: [lowering.result])
        case .conversion(let op):
            let lowering = Instruction.lowering(op)
            probe = lowering.make(0, 0)
            type = FunctionType(parameters: [lowering.operand], results: [lowering.result])
        default:
            return nil
        }
        guard let name = SoftFloatLibrary.functionName(replacing: probe),
              let index = SoftFloatLibrary.functionsByName[name] else { return nil }
        return (type, base + index)
    }

    /// Appends the library to `module`: its types after the module's, its functions after the
    /// module's own (so no index of the module changes), their names as `softfloat.NAME`.
    /// The library has no imports, and its bodies use no memory, global or table (checked when
    /// it is built), so its memory and its stack-pointer global are left behind.
    static func link(_ module: WasmModule) throws(WasmError) -> (module: WasmModule, link: SoftFloatLink) {
        let library: WasmModule
        switch SoftFloatLibrary.module {
        case .success(let decoded): library = decoded
        case .failure(let error): throw WasmError(.invalid, "the soft-float library does not decode: \(error)")
        }
        guard library.imports.isEmpty,
              let trapIndex = library.functionNames.first(where: { $0.value == "trap_invalid_conversion" })?.key
        else { throw WasmError(.invalid, "the soft-float library is not the module scripts/build-softfloat.sh builds") }
        var linked = module
        let typeOffset = UInt32(module.types.count)
        let base = UInt32(module.allFunctionTypeIndices.count)
        linked.types += library.types
        linked.functionTypeIndices += library.functionTypeIndices.map { $0 + typeOffset }
        linked.bodies += library.bodies
        // Functions named after the instruction they compute (their export names), helpers
        // after their C names.
        var names = library.functionNames
        for export in library.exports {
            if case .function(let index) = export.descriptor { names[index] = export.name }
        }
        for (index, name) in names {
            linked.functionNames[base + index] = "softfloat." + name
        }
        let link = SoftFloatLink(base: base, libraryBodyStart: module.bodies.count, trapFunction: base + trapIndex)
        return (linked, link)
    }

    /// Refuses a lowered program that still has a float operation: none may remain, except the
    /// library's trap (`i32.trunc_f32_s` of the constant NaN) inside the trap function.
    static func checkNoFloats(_ program: Program, trapFunction: UInt32) throws(WasmError) {
        let importCount = UInt32(program.importedFunctionCount)
        var trapRange = 0..<0
        if trapFunction >= importCount, Int(trapFunction - importCount) < program.functions.count {
            let defined = Int(trapFunction - importCount)
            let start = Int(program.functions[defined].entry)
            let end = defined + 1 < program.functions.count ? Int(program.functions[defined + 1].entry) : Int(program.entrypoint.entry)
            trapRange = start..<end
        }
        for (offset, instruction) in program.code.enumerated()
        where SoftFloatLibrary.isFloatOperation(opcode: instruction.opcode) {
            if trapRange.contains(offset) && instruction.opcode == SoftFloatLibrary.trapOpcode { continue }
            throw WasmError(.invalid, "soft-float lowering left a float instruction at \(offset): \(instruction.mnemonic)")
        }
    }
}
