import CairnIPLD
import CairnProgram
import CairnWasm

/// Installed actor code: Wasm modules validated under the no-floats profile, lowered once to
/// Cairn programs, and kept by code CID so that no call lowers a module again.
///
/// **Code CIDs.** As ref-fvm names user actor code (`install_actor`) and the built-in actors'
/// bundles do (`bafk2bzace…`), a code CID is the CIDv1 of the raw Wasm bytes under the raw
/// codec (0x55) hashed with BLAKE2b-256. The Wasm bytes are also stored in the blockstore
/// under that CID, so a registry over the same store can reinstall them lazily; since actor
/// records link their code, a state committed to disk keeps the code its actors run.
public final class CodeRegistry {
    /// Where the Wasm bytes of installed code live.
    public let store: any Blockstore
    /// Lowered programs by code CID.
    private var programs: [CID: Program] = [:]

    /// A registry over `store`.
    public init(store: any Blockstore) { self.store = store }

    /// The code CID of `wasm`: raw codec, BLAKE2b-256.
    public static func codeCID(of wasm: [UInt8]) -> CID {
        CID(codec: .raw, hashing: wasm, with: .blake2b256)
    }

    /// Validates `wasm` (no floats), lowers it, stores the bytes and caches the program;
    /// returns the code CID. Installing the same bytes again lowers nothing.
    @discardableResult
    public func install(_ wasm: [UInt8]) throws(CodeInstallError) -> CID {
        let cid = Self.codeCID(of: wasm)
        if programs[cid] != nil { return cid }
        let program: Program
        do {
            program = try Lowering.lower(wasm: wasm, profile: .noFloats)
        } catch {
            throw .invalidModule(error.description)
        }
        guard program.exports.contains(where: { $0.name == InvocationContainer.entryPoint }) else {
            throw .missingEntryPoint
        }
        do {
            // An actor record links its code, so a buffered store's flush keeps the code of
            // every actor (and the built-ins' through the system actor's manifest).
            try store.put(cid, wasm)
        } catch {
            throw .store(error.description)
        }
        programs[cid] = program
        return cid
    }

    /// Whether code `cid` is installed (cached, or its bytes are in the store).
    public func isInstalled(_ cid: CID) -> Bool {
        programs[cid] != nil || ((try? store.has(cid)) ?? false)
    }

    /// The lowered program of code `cid`: from the cache, or lowered once from the store's
    /// bytes (code installed by another registry over the same store). Nil if not installed.
    public func program(_ cid: CID) -> Program? {
        if let program = programs[cid] { return program }
        guard cid.codec == Multicodec.raw.rawValue, let bytes = try? store.get(cid) else { return nil }
        guard (try? install(bytes)) == cid else { return nil }
        return programs[cid]
    }

    /// How many programs are cached (for tests that check nothing is lowered twice).
    public var cachedCount: Int { programs.count }
}

/// Why code could not be installed.
public enum CodeInstallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The module does not decode, validate, or fit the no-floats profile.
    case invalidModule(String)
    /// The module does not export the `invoke` function every actor must.
    case missingEntryPoint
    /// The blockstore failed.
    case store(String)

    /// One line for people.
    public var description: String {
        switch self {
        case .invalidModule(let why): "invalid actor module: \(why)"
        case .missingEntryPoint: "actor module exports no \"\(InvocationContainer.entryPoint)\" function"
        case .store(let why): "blockstore: \(why)"
        }
    }
}
