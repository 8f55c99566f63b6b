import CairnWasm

// WasmParser and WasmTypes, imported by the translator, have types of the same names as
// Cairn's own. Inside this module the plain names always mean Cairn's.
typealias ValueType = CairnWasm.ValueType
typealias FunctionType = CairnWasm.FunctionType
typealias TableType = CairnWasm.TableType
typealias GlobalType = CairnWasm.GlobalType
typealias Limits = CairnWasm.Limits
