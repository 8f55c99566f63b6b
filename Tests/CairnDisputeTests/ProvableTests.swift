import CairnDisputeParty
import CairnProof
import Cairn
import Testing
import WAT

/// The transparent provable VM (the Anoma seed's `prove`/`verify`): sound and complete over
/// many generated inputs.
@Suite struct ProvableTests {
    /// The relation "private x (4 bytes) squared is public y (4 bytes), modulo 2^32": writes 1 if
    /// so, else 0. The input is |public| (4 bytes), public, private.
    static let squareRelation = """
        (module
          (import "task" "input_read" (func $read (param i32 i32 i32) (result i32)))
          (import "task" "output_write" (func $write (param i32 i32)))
          (memory 1)
          (func (export "run")
            (drop (call $read (i32.const 0) (i32.const 0) (i32.const 12)))
            (i32.store8 (i32.const 100)
              (i32.and (i32.eq (i32.load (i32.const 0)) (i32.const 4))
                       (i32.eq (i32.load (i32.const 4)) (i32.mul (i32.load (i32.const 8)) (i32.load (i32.const 8))))))
            (call $write (i32.const 100) (i32.const 1))))
        """

    static func bytes(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(8 * $0)) } }

    @Test func soundAndComplete() throws {
        let program = try TaskProgram(try Lowering.lower(wasm: try wat2wasm(Self.squareRelation)))
        let vm = TransparentTaskVM(gasLimit: 100_000)
        var random = TestRandom(21)
        for _ in 0..<60 {
            let x = UInt32(truncatingIfNeeded: random.next())
            let y = x &* x
            // Completeness: every satisfying pair gives a proof that verifies.
            let proof = try vm.prove(program, public: Self.bytes(y), private: Self.bytes(x))
            #expect(vm.verify(program, public: Self.bytes(y), proof: proof))
            #expect(TransparentProof(decoding: proof.encoded) == proof)
            // Soundness: a proof verifies only if its witness satisfies the relation.
            let other = UInt32(truncatingIfNeeded: random.next())
            let forged = TransparentProof(privateInput: Self.bytes(other), gas: proof.gas)
            #expect(vm.verify(program, public: Self.bytes(y), proof: forged) == (other &* other == y))
            #expect(!vm.verify(program, public: Self.bytes(y &+ 1), proof: proof) || (x &* x == y &+ 1))
            #expect(throws: ProvableError.self) { try vm.prove(program, public: Self.bytes(y ^ 1), private: Self.bytes(x)) }
            // Too little gas is no proof; more than the verifier allows is refused.
            #expect(!vm.verify(program, public: Self.bytes(y), proof: TransparentProof(privateInput: Self.bytes(x), gas: proof.gas - 1)))
            #expect(!vm.verify(program, public: Self.bytes(y), proof: TransparentProof(privateInput: Self.bytes(x), gas: vm.gasLimit + 1)))
        }
    }
}
