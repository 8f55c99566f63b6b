import CairnWasm

/// Turns WebAssembly into a ``Program``: decode, validate, lower.
public enum Lowering {
    /// Decodes, validates and lowers a binary module.
    public static func lower(
        wasm bytes: [UInt8], profile: WasmProfile = .standard, limits: LoweringLimits = LoweringLimits()
    ) throws(WasmError) -> Program {
        try lower(try ModuleDecoder.decode(bytes), profile: profile, limits: limits)
    }

    /// Validates and lowers a decoded module. Time is linear in the size of the module.
    public static func lower(
        _ module: WasmModule, profile: WasmProfile = .standard, limits: LoweringLimits = LoweringLimits()
    ) throws(WasmError) -> Program {
        try lower(module, profile: profile, limits: limits, recordingOffsets: false).program
    }

    /// Lowers a decoded module like ``lower(_:profile:limits:)`` and also returns, for each
    /// instruction of the program's code, the byte offset in the module of the Wasm
    /// instruction it was lowered from (-1 for the entrypoint's code, which has none): the map
    /// from Cairn program offsets back to Wasm code that backtraces and source lines use
    /// (docs/debugging.md). The program is the same as ``lower(_:profile:limits:)``'s.
    public static func lowerRecordingOffsets(
        _ module: WasmModule, profile: WasmProfile = .standard, limits: LoweringLimits = LoweringLimits()
    ) throws(WasmError) -> (program: Program, wasmOffsets: [Int]) {
        let lowered = try lower(module, profile: profile, limits: limits, recordingOffsets: true)
        return (lowered.program, lowered.offsets ?? [])
    }

    static func lower(
        _ module: WasmModule, profile: WasmProfile, limits: LoweringLimits, recordingOffsets: Bool
    ) throws(WasmError) -> (program: Program, offsets: [Int]?) {
        try ModuleValidator.validate(module)
        try profile.check(module)
        // The soft-float profile links its library after the module's own functions (whose
        // indices stay as they are); every other profile lowers the module as it is.
        var link: SoftFloatLink?
        var module = module
        if profile.softFloat { (module, link) = try SoftFloatLink.link(module) }
        let context = ModuleContext(
            types: module.types,
            functionTypeIndices: module.allFunctionTypeIndices,
            tables: module.allTables,
            memoryCount: module.allMemories.count,
            globals: module.allGlobalTypes,
            elementTypes: module.elements.map(\.type),
            dataCount: module.dataCount,
            declaredReferences: ModuleValidator.declaredFunctionReferences(module),
            importedFunctionCount: module.importedFunctionTypes.count)
        var translator = FunctionTranslator(context: context, limits: limits, allowsFloats: profile.allowsFloats)
        if recordingOffsets { translator.wasmOffsets = [] }
        translator.softFloat = link
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(module.bodies.count)
        for (index, (body, typeIndex)) in zip(module.bodies, module.functionTypeIndices).enumerated() {
            if let link, index == link.libraryBodyStart { translator.callOffset = link.base }
            functions.append(try translator.translate(body: body, typeIndex: typeIndex))
        }
        let entrypointCode = EntrypointBuilder.build(module)
        let entrypoint = CompiledFunction(
            entry: UInt32(translator.code.count), typeIndex: .max, parameterCount: 0, resultCount: 0,
            localCount: 0, frameSize: EntrypointBuilder.frameSize)
        let offsets = translator.wasmOffsets.map { $0 + repeatElement(-1, count: entrypointCode.count) }
        let program = Program(
            code: translator.code + entrypointCode,
            brTableTargets: translator.brTableTargets,
            functions: functions,
            entrypoint: entrypoint,
            types: module.types,
            imports: module.imports,
            functionTypeIndices: module.allFunctionTypeIndices,
            tables: module.tables,
            memories: module.memories,
            globals: module.globals,
            exports: module.exports,
            start: module.start,
            elements: module.elements,
            data: module.data,
            functionNames: module.functionNames)
        if let link { try SoftFloatLink.checkNoFloats(program, trapFunction: link.trapFunction) }
        return (program, offsets)
    }
}
