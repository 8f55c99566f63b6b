import CairnHash
import CairnProof
import CairnTask
import CairnVerifier
import Testing

/// A task that writes memory through every path the state export must see: data segments at
/// instantiation, stores of every width across 4 KiB page boundaries, `memory.fill`,
/// `memory.copy` and `memory.init` across pages, `task.input_read`, a write into pages added by
/// `memory.grow`, bytes written and then zeroed again, and slots of deep frames left behind
/// by returns.
let writesEverywhereTask = """
    (module
      (import "task" "input_size" (func $size (result i32)))
      (import "task" "input_read" (func $read (param i32 i32 i32) (result i32)))
      (import "task" "output_write" (func $write (param i32 i32)))
      (memory 1)
      (data (i32.const 4090) "across a page boundary")
      (data (i32.const 65500) "at the end of the first Wasm page")
      (data $passive "passive segment bytes, copied by memory.init")
      (func $deep (param $n i32) (result i32)
        (local $a i64) (local $b i64)
        (local.set $a (i64.extend_i32_u (local.get $n)))
        (local.set $b (i64.mul (local.get $a) (i64.const 0x100000001)))
        (if (result i32) (i32.eqz (local.get $n))
          (then (i32.const 1))
          (else (i32.add (i32.wrap_i64 (local.get $b)) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
      (func (export "run")
        (local $i i32)
        ;; Stores of every width, each across a 4 KiB boundary.
        (i32.store (i32.const 4094) (i32.const 0x11223344))
        (i64.store (i32.const 8190) (i64.const 0x0102030405060708))
        (f32.store (i32.const 12286) (f32.const 1.5))
        (f64.store (i32.const 16380) (f64.const -2.25))
        (i32.store16 (i32.const 20479) (i32.const 0xBEEF))
        (i32.store8 (i32.const 24576) (i32.const 0x5A))
        (i64.store8 (i32.const 28671) (i64.const 0x7F))
        (i64.store16 (i32.const 32767) (i64.const 0xCAFE))
        (i64.store32 (i32.const 36862) (i64.const 0xDEADBEEF))
        ;; Bulk operations across pages.
        (memory.fill (i32.const 40000) (i32.const 0xAB) (i32.const 4200))
        (memory.copy (i32.const 53240) (i32.const 4090) (i32.const 22))
        (memory.init $passive (i32.const 57340) (i32.const 0) (i32.const 40))
        ;; The host writes: the input across a page boundary.
        (drop (call $read (i32.const 0) (i32.const 61430) (call $size)))
        ;; Grow, then write in the new pages (and across the old end).
        (drop (memory.grow (i32.const 3)))
        (i64.store (i32.const 65532) (i64.const -1))
        (i32.store (i32.const 131072) (i32.const 7))
        (memory.fill (i32.const 200000) (i32.const 3) (i32.const 4200))
        ;; Written, then zeroed again: the export must see the change back to zero.
        (i64.store (i32.const 8190) (i64.const 0))
        (memory.fill (i32.const 40900) (i32.const 0) (i32.const 2000))
        ;; Deep frames whose slots stay behind after they return.
        (drop (call $deep (i32.const 24)))
        ;; A loop of stores one page apart, so that a pause sees several pages written.
        (local.set $i (i32.const 0))
        (loop $next
          (i32.store (i32.add (i32.const 70000) (i32.mul (local.get $i) (i32.const 4093))) (local.get $i))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $next (i32.lt_u (local.get $i) (i32.const 24))))
        (drop (call $deep (i32.const 12)))
        (call $write (i32.const 4090) (i32.const 64))))
    """

@Suite struct WrittenPagesTests {
    @Test func fastThenCommitSeesEveryWriteAtEveryStep() throws {
        let program = try task(writesEverywhereTask)
        let input = Array("input bytes across a page boundary of memory".utf8)
        let hashes = steppedHashes(program, input, gas: 10_000_000)
        #expect(hashes.count > 300)
        // Pauses at every step, and at every 7th (so that a pause sees several runs' writes).
        for every: UInt64 in [1, 7] {
            let steps = (0..<UInt64(hashes.count)).filter { $0 % every == 0 }
            let fast = fastHashes(program, input, gas: 10_000_000, steps: steps)
            for k in steps where fast[k] != hashes[Int(k)] {
                Issue.record("pausing every \(every) steps: step \(k) differs")
                break
            }
        }
        let final = TaskRunner(task: program, input: input, gasLimit: 10_000_000).run()
        #expect(final.stateHash() == hashes.last)
        #expect(final.registers.status == .halted)
        #expect(final.output.count == 64)
    }

    @Test func checkpointsRestoreThenWrite() throws {
        let program = try task(writesEverywhereTask)
        let input = Array("restored".utf8)
        let runner = TaskRunner(task: program, input: input, gasLimit: 10_000_000)
        // Small intervals put checkpoints between most of the writes.
        for interval: UInt64 in [5, 23] {
            let checkpoints = TaskCheckpoints(runner: runner, interval: interval)
            let stepper = TaskState(program: program, input: input, gas: 10_000_000)
            let total = checkpoints.final.registers.steps
            for step in (0...total).filter({ $0 % 3 == 0 }) {
                stepper.run(toStep: step)
                if checkpoints.state(at: step).stateHash() != stepper.stateHash() {
                    Issue.record("interval \(interval): step \(step) differs")
                    break
                }
            }
        }
    }
}
