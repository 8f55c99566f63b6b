import CairnWasm

/// Something an instance exports or a module imports.
public enum ExternalValue {
    /// A function by its store address.
    case function(Int)
    /// A table instance.
    case table(TableInstance)
    /// A memory instance.
    case memory(MemoryInstance)
    /// A global instance.
    case global(GlobalInstance)
}

/// Where a module's imports come from: values by (module name, field name).
///
/// Names match by their UTF-8 bytes, as Wasm requires.
public struct Imports {
    var entries: [[UInt8]: [[UInt8]: ExternalValue]] = [:]

    /// No imports: enough for a module that imports nothing.
    public init() {}

    /// Provides `value` as `module`.`name`.
    public mutating func define(module: String, name: String, _ value: ExternalValue) {
        entries[Array(module.utf8), default: [:]][Array(name.utf8)] = value
    }

    /// Provides every export of `instance` under the module name `module`.
    public mutating func define(module: String, instance: Instance) {
        for (name, value) in instance.exports { define(module: module, name: name, value) }
    }

    /// The value provided as `module`.`name`, if any.
    public func lookup(module: String, name: String) -> ExternalValue? {
        entries[Array(module.utf8)]?[Array(name.utf8)]
    }
}

/// What a host function sees of the machine that called it.
public struct Caller {
    /// The store the call runs in: for its memory, gas and host state.
    public let store: Store
    /// The calling instance, when called from Wasm.
    public let instance: Instance?

    /// The calling instance's memory, if it has one.
    public var memory: MemoryInstance? { instance?.memory }
}

/// A function implemented by the embedder.
public typealias HostFunctionBody = (Caller, [Value]) throws(Trap) -> [Value]
