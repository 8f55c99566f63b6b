import CairnProgram
import CairnWasm

extension Store {
    /// Instantiates `program`: links its imports, allocates its functions, tables, memory and
    /// globals, applies active segments and runs the start function.
    ///
    /// A trap during initialisation fails instantiation, but what was written before it stays
    /// written (in imported tables and memories), as the spec requires.
    ///
    /// `prepared`, made once for `program` under this store's schedule, spares working out the
    /// program's run costs again (ignored if it was made for another program or schedule).
    public func instantiate(
        _ program: Program, imports: Imports = Imports(), prepared: PreparedCode? = nil
    ) throws(InstantiationError) -> Instance {
        let instance = Instance(program: program, index: instances.count, schedule: schedule, prepared: prepared)
        instance.typeIDs = program.types.map { typeID($0) }
        instance.typeParameterCounts = program.types.map { $0.parameters.count }

        // Imports, checked against what the module expects.
        for item in program.imports {
            guard let value = imports.lookup(module: item.module, name: item.name) else {
                throw .unlinkable("unknown import \(item.module).\(item.name)")
            }
            switch (item.descriptor, value) {
            case (.function(let typeIndex), .function(let address)):
                guard functionEntries[address].type == program.types[Int(typeIndex)] else {
                    throw .unlinkable("incompatible import type for \(item.module).\(item.name): expected \(program.types[Int(typeIndex)]), found \(functionEntries[address].type)")
                }
                instance.functionAddresses.append(address)
            case (.table(let expected), .table(let table)):
                guard table.type.element == expected.element,
                    Self.limitsMatch(current: UInt64(table.elements.count), max: table.type.limits.max, expected: expected.limits)
                else { throw .unlinkable("incompatible import type for table \(item.module).\(item.name)") }
                instance.tables.append(table)
            case (.memory(let expected), .memory(let memory)):
                guard Self.limitsMatch(current: memory.pageCount, max: memory.limits.max, expected: expected) else {
                    throw .unlinkable("incompatible import type for memory \(item.module).\(item.name)")
                }
                instance.memory = memory
            case (.global(let expected), .global(let global)):
                guard global.type == expected else {
                    throw .unlinkable("incompatible import type for global \(item.module).\(item.name)")
                }
                instance.addGlobal(global)
            default:
                throw .unlinkable("incompatible import type for \(item.module).\(item.name): wrong kind")
            }
        }

        // The instance's own definitions.
        instances.append(instance)
        for (index, function) in program.functions.enumerated() {
            let type = program.types[Int(function.typeIndex)]
            let address = addFunction(
                FunctionEntry(type: type, typeID: typeID(type), hostCost: 0, kind: .wasm(instance: instance.index, function: index)))
            instance.functionAddresses.append(address)
        }
        // Memories, tables and globals start empty; the entrypoint sizes and sets them.
        for type in program.tables {
            guard type.limits.min <= limits.maxTableElements else {
                throw .limitExceeded("table of \(type.limits.min) elements exceeds the limit of \(limits.maxTableElements)")
            }
            instance.tables.append(TableInstance(type: type, count: 0))
        }
        for memory in program.memories {
            guard memory.min <= limits.maxMemoryPages else {
                throw .limitExceeded("memory of \(memory.min) pages exceeds the limit of \(limits.maxMemoryPages)")
            }
            instance.memory = MemoryInstance(limits: memory, pages: 0)
            if tracksMemoryWrites { instance.memory!.trackWrites() }
        }
        for global in program.globals {
            instance.addGlobal(GlobalInstance(type: global.type, bits: 0))
        }
        for export in program.exports {
            switch export.descriptor {
            case .function(let i): instance.addExport(export.name, .function(instance.functionAddresses[Int(i)]))
            case .table(let i): instance.addExport(export.name, .table(instance.tables[Int(i)]))
            case .memory: if let memory = instance.memory { instance.addExport(export.name, .memory(memory)) }
            case .global(let i): instance.addExport(export.name, .global(instance.globals[Int(i)]))
            }
        }
        // Segment contents are resolved to this instance's function addresses (linking); in
        // Wasm 2.0 their items can only read imported globals, which already have their values.
        instance.elementSegments = program.elements.map { segment in
            segment.items.map { evaluate($0, in: instance) }
        }
        instance.dataSegments = program.data.map(\.bytes)

        do {
            try run(instance, program.entrypoint, arguments: [])
        } catch {
            throw .trap(error)
        }
        return instance
    }

    /// Import matching for limits: the provided object is at least as large and at most as large
    /// as the module requires.
    static func limitsMatch(current: UInt64, max: UInt64?, expected: Limits) -> Bool {
        guard current >= expected.min else { return false }
        if let expectedMax = expected.max {
            guard let max, max <= expectedMax else { return false }
        }
        return true
    }

    /// The slot bits of a constant expression.
    func evaluate(_ expression: ConstExpression, in instance: Instance) -> UInt64 {
        switch expression {
        case .i32(let v), .f32(let v): UInt64(v)
        case .i64(let v), .f64(let v): v
        case .refNull: 0
        case .refFunc(let index): UInt64(instance.functionAddresses[Int(index)]) + 1
        case .globalGet(let index): instance.globals[Int(index)].bits
        }
    }

    /// Whether `table.init` of `count` references from `source` in element segment `segment` to
    /// `destination` in table `table` stays in bounds (else it traps before paying anything).
    func tableInitFits(_ instance: Instance, table: Int, segment: Int, destination: UInt32, source: UInt32, count: UInt32) -> Bool {
        UInt64(source) + UInt64(count) <= UInt64(instance.elementSegments[segment].count)
            && UInt64(destination) + UInt64(count) <= UInt64(instance.tables[table].elements.count)
    }

    /// `table.init`: copies `count` references of element segment `segment` into a table, once
    /// ``tableInitFits(_:table:segment:destination:source:count:)`` holds and the gas is paid.
    func initializeTable(_ instance: Instance, table: Int, segment: Int, destination: UInt32, source: UInt32, count: UInt32) {
        let target = instance.tables[table]
        let items = instance.elementSegments[segment]
        for i in 0..<Int(count) { target.elements[Int(destination) + i] = items[Int(source) + i] }
    }

    /// Whether `memory.init` of `count` bytes from `source` in data segment `segment` to
    /// `destination` stays in bounds (else it traps before paying anything).
    func memoryInitFits(_ instance: Instance, segment: Int, destination: UInt32, source: UInt32, count: UInt32) -> Bool {
        guard let memory = instance.memory else { return false }
        return UInt64(source) + UInt64(count) <= UInt64(instance.dataSegments[segment].count)
            && UInt64(destination) + UInt64(count) <= UInt64(memory.byteCount)
    }

    /// `memory.init`: copies `count` bytes of data segment `segment` into memory, once
    /// ``memoryInitFits(_:segment:destination:source:count:)`` holds and the gas is paid.
    func initializeMemory(_ instance: Instance, segment: Int, destination: UInt32, source: UInt32, count: UInt32) {
        guard count > 0, let memory = instance.memory else { return }
        instance.dataSegments[segment].withUnsafeBytes { bytes in
            (memory.bytes + Int(destination)).copyMemory(from: bytes.baseAddress! + Int(source), byteCount: Int(count))
        }
        memory.noteWrite(UInt64(destination), UInt64(count))
    }
}
