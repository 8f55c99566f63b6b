import CSecp256k1

/// The one libsecp256k1 context every secp256k1 operation shares, created on first use.
///
/// libsecp256k1 documents a context as safe to use from many threads at once by every function
/// that takes it as `const` (all the ones Cairn calls); only `randomize` and `destroy` mutate it,
/// and they run once, in `init`, before the context is published. Hence `@unchecked Sendable`.
final class Secp256k1Context: @unchecked Sendable {
    /// The shared context (a Swift `static let` is initialised once, thread-safely).
    static let shared = Secp256k1Context()

    /// The libsecp256k1 context.
    let pointer: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("libsecp256k1 could not allocate a context")
        }
        // The default callbacks abort the process. Cairn checks every argument before a call,
        // so they should never fire; if one does, the call returns 0 and Cairn throws instead.
        secp256k1_context_set_illegal_callback(context, { _, _ in }, nil)
        secp256k1_context_set_error_callback(context, { _, _ in }, nil)
        // Blinding protects signing keys from side channels; it changes no output (signing uses
        // RFC 6979 nonces, and verification and recovery are deterministic).
        var seed = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in seed.indices { seed[index] = generator.next() }
        _ = secp256k1_context_randomize(context, seed)
        pointer = context
    }

    deinit { secp256k1_context_destroy(pointer) }
}
