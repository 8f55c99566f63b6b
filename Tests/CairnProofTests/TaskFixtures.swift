import Cairn
import CairnProof
import CairnVerifier
import Foundation
import WAT

/// A task program from WAT text.
func task(_ text: String) throws -> TaskProgram {
    try TaskProgram(try Lowering.lower(wasm: try wat2wasm(text)))
}

/// Steps `state` to the end (or `limit` steps), checking at every step that the verifier maps
/// the hash before and the proof to the hash the stepper reaches. Returns the proof sizes.
@discardableResult
func proveEveryStep(_ state: TaskState, limit: Int = 100_000) throws -> [Int] {
    var sizes: [Int] = []
    var before = state.stateHash()
    while !state.isStopped, sizes.count < limit {
        let proof = state.prove().encoded()
        let claimed = try Verifier.verify(before: before, proof: proof)
        state.step()
        let after = state.stateHash()
        guard claimed == after else { throw ProofError("step \(state.registers.steps): verifier says \(claimed), stepper \(after)") }
        sizes.append(proof.count)
        before = after
    }
    return sizes
}

/// A task that copies its input to its output, reversed, with a helper call per byte.
let reverseTask = """
    (module
      (import "task" "input_size" (func $size (result i32)))
      (import "task" "input_read" (func $read (param i32 i32 i32) (result i32)))
      (import "task" "output_write" (func $write (param i32 i32)))
      (memory 1)
      (global $count (mut i32) (i32.const 0))
      (func $swap (param $a i32) (param $b i32)
        (local $t i32)
        (local.set $t (i32.load8_u (local.get $a)))
        (i32.store8 (local.get $a) (i32.load8_u (local.get $b)))
        (i32.store8 (local.get $b) (local.get $t))
        (global.set $count (i32.add (global.get $count) (i32.const 1))))
      (func (export "run")
        (local $n i32) (local $i i32) (local $j i32)
        (local.set $n (call $read (i32.const 0) (i32.const 100) (call $size)))
        (local.set $j (i32.add (i32.const 99) (local.get $n)))
        (local.set $i (i32.const 100))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $j)))
            (call $swap (local.get $i) (local.get $j))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $next)))
        (call $write (i32.const 100) (local.get $n))))
    """

/// An example task from examples/tasks/NAME.wasm.
func exampleTask(_ name: String) throws -> TaskProgram {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/tasks/\(name).wasm")
    return try TaskProgram(try Lowering.lower(wasm: [UInt8](try Data(contentsOf: url))))
}
