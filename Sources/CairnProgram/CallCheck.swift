import CairnWasm

/// Why a call of an exported function cannot be made, found from the program alone, before
/// anything is instantiated or run (so a wrong name or wrong arguments cost no gas).
public enum CallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The program exports nothing named `name`; `exports` describes what it does export.
    case noSuchExport(name: String, exports: [String])
    /// The export `name` is a table, memory or global (`kind`), not a function.
    case notAFunction(name: String, kind: String)
    /// The function `name` takes `expected` but was given arguments of types `given`.
    case argumentMismatch(name: String, expected: [CairnWasm.ValueType], given: [CairnWasm.ValueType])

    /// One line naming the problem, e.g. `fib expects (i32), got (i64, i32)`.
    public var description: String {
        switch self {
        case .noSuchExport(let name, let exports):
            let list = exports.isEmpty ? "none" : exports.joined(separator: ", ")
            return "no export named \"\(name)\"; exports: \(list)"
        case .notAFunction(let name, let kind):
            return "export \"\(name)\" is a \(kind), not a function"
        case .argumentMismatch(let name, let expected, let given):
            return "\(name) expects \(CallError.tuple(expected)), got \(CallError.tuple(given))"
        }
    }

    /// `(i32, i64)`; `()` when empty.
    static func tuple(_ types: [CairnWasm.ValueType]) -> String {
        "(" + types.map(\.description).joined(separator: ", ") + ")"
    }
}

extension Program {
    /// The function index of export `name` if arguments of `argumentTypes` can be passed to it;
    /// otherwise the ``CallError`` that names what is wrong.
    public func checkCall(_ name: String, argumentTypes: [CairnWasm.ValueType]) throws(CallError) -> UInt32 {
        guard let export = exports.first(where: { $0.name == name }) else {
            throw .noSuchExport(name: name, exports: exports.map(exportSummary))
        }
        guard case .function(let index) = export.descriptor else {
            throw .notAFunction(name: name, kind: Self.kind(export.descriptor))
        }
        let parameters = functionType(index).parameters
        guard parameters == argumentTypes else {
            throw .argumentMismatch(name: name, expected: parameters, given: argumentTypes)
        }
        return index
    }

    /// `fib (i32) -> i32` for a function, `memory (memory)` for anything else.
    public func exportSummary(_ export: WasmExport) -> String {
        guard case .function(let index) = export.descriptor else {
            return "\(export.name) (\(Self.kind(export.descriptor)))"
        }
        let type = functionType(index)
        let results = type.results.count == 1 ? type.results[0].description : CallError.tuple(type.results)
        return "\(export.name) \(CallError.tuple(type.parameters)) -> \(results)"
    }

    private static func kind(_ descriptor: ExportDescriptor) -> String {
        switch descriptor {
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        }
    }
}
