import Cairn

/// The `spectest` host module every `.wast` script may import from.
///
/// Its contents are fixed by the spec test suite:
/// - functions `print`, `print_i32`, `print_i64`, `print_f32`, `print_f64`, `print_i32_f32` and
///   `print_f64_f64`, which do nothing here (a deterministic runner prints nothing);
/// - immutable globals `global_i32` and `global_i64` (666), `global_f32` and `global_f64` (666.6);
/// - `table`, a funcref table with 10 to 20 elements;
/// - `memory`, a memory of 1 to 2 pages.
public enum SpectestHost {
    /// The name scripts import it under.
    public static let moduleName = "spectest"

    /// Adds the host functions to `store` and defines every `spectest` export in `imports`.
    ///
    /// The table, memory and globals are created fresh, so each call (each script) gets its own.
    public static func define(in imports: inout Imports, store: Store) {
        let functions: [(String, [ValueType])] = [
            ("print", []),
            ("print_i32", [.i32]),
            ("print_i64", [.i64]),
            ("print_f32", [.f32]),
            ("print_f64", [.f64]),
            ("print_i32_f32", [.i32, .f32]),
            ("print_f64_f64", [.f64, .f64]),
        ]
        for (name, parameters) in functions {
            let address = store.addHostFunction(type: FunctionType(parameters: parameters, results: [])) { _, _ in [] }
            imports.define(module: moduleName, name: name, .function(address))
        }

        let globals: [(String, ValueType, UInt64)] = [
            ("global_i32", .i32, 666),
            ("global_i64", .i64, 666),
            ("global_f32", .f32, UInt64(Float(666.6).bitPattern)),
            ("global_f64", .f64, Double(666.6).bitPattern),
        ]
        for (name, type, bits) in globals {
            let global = GlobalInstance(type: GlobalType(valueType: type, isMutable: false), bits: bits)
            imports.define(module: moduleName, name: name, .global(global))
        }

        let table = TableInstance(type: TableType(element: .funcref, limits: Limits(min: 10, max: 20)))
        imports.define(module: moduleName, name: "table", .table(table))
        imports.define(module: moduleName, name: "memory", .memory(MemoryInstance(limits: Limits(min: 1, max: 2))))
    }
}
