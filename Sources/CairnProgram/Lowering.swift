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
        try ModuleValidator.validate(module)
        try profile.check(module)
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
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(module.bodies.count)
        for (body, typeIndex) in zip(module.bodies, module.functionTypeIndices) {
            functions.append(try translator.translate(body: body, typeIndex: typeIndex))
        }
        let entrypointCode = EntrypointBuilder.build(module)
        let entrypoint = CompiledFunction(
            entry: UInt32(translator.code.count), typeIndex: .max, parameterCount: 0, resultCount: 0,
            localCount: 0, frameSize: EntrypointBuilder.frameSize)
        return Program(
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
    }
}
