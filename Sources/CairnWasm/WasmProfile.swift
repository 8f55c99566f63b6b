/// Which optional parts of Wasm 2.0 a deployment accepts, beyond the fixed feature profile.
///
/// The default accepts all of Wasm 2.0 (SIMD and threads are never accepted). Actor code can be
/// deployed under ``noFloats``, as the Filecoin VM does: not because Cairn's floats are
/// nondeterministic (their NaNs are canonical), but so that such code is also portable to
/// machines and proof systems without floating point.
public struct WasmProfile: Hashable, Sendable {
    /// Whether f32 and f64 types and instructions are accepted.
    public var allowsFloats: Bool
    /// Whether float instructions are lowered to calls into the soft-float library linked into
    /// the program, so that the program has integer instructions only (docs/softfloat.md).
    public var softFloat: Bool

    /// A profile that accepts floats or not, lowered natively or to soft-float calls.
    public init(allowsFloats: Bool = true, softFloat: Bool = false) {
        self.allowsFloats = allowsFloats
        self.softFloat = softFloat
    }

    /// All of Wasm 2.0 but SIMD and threads.
    public static let standard = WasmProfile()
    /// No floating-point types or instructions anywhere in the module.
    public static let noFloats = WasmProfile(allowsFloats: false)
    /// All of Wasm 2.0 but SIMD and threads, with every float instruction lowered to a call
    /// into the linked soft-float library: what an integer-only referee can check.
    public static let softFloat = WasmProfile(allowsFloats: true, softFloat: true)

    /// Checks the module-level uses of floats (types, globals, imports, locals); instructions
    /// are checked as the bodies are validated.
    public func check(_ module: WasmModule) throws(WasmError) {
        guard !allowsFloats else { return }
        for (index, type) in module.types.enumerated()
        where type.parameters.contains(where: \.isFloat) || type.results.contains(where: \.isFloat) {
            throw Self.floatError("type \(index) \(type)")
        }
        for (index, type) in module.allGlobalTypes.enumerated() where type.valueType.isFloat {
            throw Self.floatError("global \(index) of type \(type.valueType)")
        }
        for (index, body) in module.bodies.enumerated() where body.locals.contains(where: \.isFloat) {
            throw Self.floatError("a local of function \(module.importedFunctionTypes.count + index)")
        }
    }

    /// The error for a float where the profile forbids them.
    public static func floatError(_ what: String, offset: Int? = nil) -> WasmError {
        WasmError(.unsupportedFeature, "floating point is not allowed in this profile: \(what) (feature: floats)", offset: offset)
    }
}
