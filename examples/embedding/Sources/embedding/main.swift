import Cairn
import CairnProofs

// The module, as WebAssembly binary bytes (Cairn also reads any `.wasm` file; with WasmKit's
// WAT package, `wat2wasm` makes these bytes from text):
//
//   (module
//     (func (export "fib") (param $n i32) (result i32) (local $a i32) (local $b i32) (local $t i32)
//       (local.set $b (i32.const 1))
//       (block $done
//         (loop $next
//           (br_if $done (i32.eqz (local.get $n)))
//           (local.set $t (i32.add (local.get $a) (local.get $b)))
//           (local.set $a (local.get $b))
//           (local.set $b (local.get $t))
//           (local.set $n (i32.sub (local.get $n) (i32.const 1)))
//           (br $next)))
//       (local.get $a)))
let wasm: [UInt8] = [
    // magic, version 1
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // type section: (i32) -> i32
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
    // function section: one function of type 0
    0x03, 0x02, 0x01, 0x00,
    // export section: "fib" is function 0
    0x07, 0x07, 0x01, 0x03, 0x66, 0x69, 0x62, 0x00, 0x00,
    // code section: the loop above
    0x0a, 0x2f, 0x01, 0x2d, 0x01, 0x03, 0x7f, 0x41, 0x01, 0x21, 0x02, 0x02, 0x40, 0x03, 0x40, 0x20,
    0x00, 0x45, 0x0d, 0x01, 0x20, 0x01, 0x20, 0x02, 0x6a, 0x21, 0x03, 0x20, 0x02, 0x21, 0x01, 0x20,
    0x03, 0x21, 0x02, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01,
    0x0b,
]

// Decode, validate and lower once; the program can be run any number of times, stored
// (`encode`) and named by its content hash.
let program = try Lowering.lower(wasm: wasm)
print("program hash: \(program.contentHash)")

// 1. Evaluate with gas: the same result and gas used on every machine.
let evaluation = evaluate(program, function: "fib", arguments: [.i32(20)], gasLimit: 10_000)
switch evaluation.outcome {
case .returned(let results): print("fib(20) = \(results.map(\.description).joined(separator: ", "))")
case .trapped(let trap): print("trapped: \(trap)")
case .rejected(let reason): print("rejected: \(reason)")
case .invalidCall(let error): print("invalid call: \(error)")
}
print("gas used: \(evaluation.gasUsed)")

// Too little gas stops the run where it runs out; a wrong call is refused before it runs.
print("with 100 gas: \(evaluate(program, function: "fib", arguments: [.i32(20)], gasLimit: 100).trap.map(\.description) ?? "returned")")
print("wrong call: \(evaluate(program, function: "fib", arguments: [.i64(20)], gasLimit: 10_000).callError.map(\.description) ?? "none")")

// 2. The same program as a provable task that calls fib(20): every step has a state hash, and
// any step can be proven to a verifier that holds only the hash before it.
let fib = try program.checkCall("fib", argumentTypes: [.i32])
let task = try TaskProgram(program, calls: [(function: fib, arguments: [20])])
let runner = TaskRunner(task: task, input: [], gasLimit: 10_000)
let end = runner.run()
print("task: \(end.registers.steps) steps, status \(end.registers.status)")
print("final state hash: \(end.stateHash())")

// Prove the last step from the state before it, and check the proof as a verifier would.
let before = runner.initialState()
before.run(toStep: end.registers.steps - 1)
let proof = before.prove().encoded()
let verified = try Verifier.verify(before: before.stateHash(), proof: proof)
print("last step proof: \(proof.count) bytes, verified: \(verified == end.stateHash())")
