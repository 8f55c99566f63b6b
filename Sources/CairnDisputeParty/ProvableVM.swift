import CairnProof
import CairnTask

/// A provable virtual machine in the sense of the Anoma seed: a proof type with
/// `prove(program, public, private)` and `verify(program, public, proof)`, sound (a proof that
/// verifies exists only for a public input some private input satisfies) and complete (every
/// satisfying pair yields a proof that verifies). The program is a relation: it returns true or
/// false on (public, private). A succinct scheme would implement this protocol with another
/// ``Proof`` type; callers depend only on the protocol (docs/disputes.md, "prove and verify").
public protocol ProvableVM {
    associatedtype Program
    associatedtype Proof

    /// A proof that `program` holds on (`public`, `private`); throws when it does not.
    func prove(_ program: Program, public: [UInt8], private: [UInt8]) throws(ProvableError) -> Proof
    /// Whether `proof` shows that `program` holds on `public` and some private input.
    func verify(_ program: Program, public: [UInt8], proof: Proof) -> Bool
}

public struct ProvableError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The transparent proof: what `verify` needs to re-execute, the private input and the gas to
/// run it with. It reveals the private input (it is not zero-knowledge) and is as long to check
/// as to make.
public struct TransparentProof: Sendable, Equatable {
    public var privateInput: [UInt8]
    public var gas: UInt64

    public init(privateInput: [UInt8], gas: UInt64) {
        self.privateInput = privateInput
        self.gas = gas
    }

    /// "CTP1", gas (8 bytes little-endian), private input.
    public var encoded: [UInt8] {
        Array("CTP1".utf8) + (0..<8).map { UInt8(truncatingIfNeeded: gas >> UInt64(8 * $0)) } + privateInput
    }

    public init?(decoding bytes: [UInt8]) {
        guard bytes.count >= 12, bytes.prefix(4).elementsEqual("CTP1".utf8) else { return nil }
        gas = (0..<8).reduce(0) { $0 | UInt64(bytes[4 + $1]) << UInt64(8 * $1) }
        privateInput = Array(bytes[12...])
    }
}

/// The transparent scheme over tasks: the relation is a task whose input is the public input's
/// length (4 bytes, little-endian), the public input and the private input; it holds when the
/// task halts within the gas with output exactly [1]. `verify` re-runs it (``evaluate``).
public struct TransparentTaskVM: ProvableVM {
    /// The most gas `prove` spends, and the most a proof may ask `verify` to spend.
    public var gasLimit: UInt64

    public init(gasLimit: UInt64 = 10_000_000_000) { self.gasLimit = gasLimit }

    /// Runs the relation: whether it holds, and the gas used.
    public func evaluate(_ program: TaskProgram, public: [UInt8], private: [UInt8], gas: UInt64) -> (holds: Bool, gasUsed: UInt64) {
        let length = UInt32(`public`.count)
        let header = (0..<4).map { UInt8(truncatingIfNeeded: length >> UInt32(8 * $0)) }
        let final = TaskRunner(task: program, input: header + `public` + `private`, gasLimit: gas).run()
        let holds = final.registers.status == .halted && final.output == [1]
        return (holds, gas - final.registers.gas)
    }

    public func prove(_ program: TaskProgram, public: [UInt8], private: [UInt8]) throws(ProvableError) -> TransparentProof {
        let (holds, used) = evaluate(program, public: `public`, private: `private`, gas: gasLimit)
        guard holds else { throw ProvableError("the relation does not hold within \(gasLimit) gas") }
        return TransparentProof(privateInput: `private`, gas: used)
    }

    public func verify(_ program: TaskProgram, public: [UInt8], proof: TransparentProof) -> Bool {
        guard proof.gas <= gasLimit else { return false }
        return evaluate(program, public: `public`, private: proof.privateInput, gas: proof.gas).holds
    }
}
