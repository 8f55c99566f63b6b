import Cairn
import Testing
import WAT

let mutationSeeds: [String] = [
    """
    (module
      (type $t (func (param i32) (result i32)))
      (table 2 funcref) (elem (i32.const 0) $fib $fib)
      (memory 1) (data (i32.const 8) "hello")
      (global $g (mut i64) (i64.const 7))
      (func $fib (export "fib") (type $t)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 2)) (i32.const 1))))))
      (func (export "mem") (param i32) (result i64)
        (i64.store (i32.const 16) (global.get $g))
        (memory.fill (i32.const 0) (i32.const 1) (local.get 0))
        (block $a (block $b (br_table $a $b $a (local.get 0))))
        (i64.load (i32.const 16))))
    """,
    """
    (module
      (func (export "multi") (param i32 i64) (result i64 i32)
        (local.get 0) (local.get 1)
        (block (param i32 i64) (result i64 i32)
          (drop) (local.set 0) (local.get 1) (local.get 0)))
      (func (export "f") (param f64) (result f32) (f32.demote_f64 (f64.sqrt (local.get 0)))))
    """,
]

/// Mutated modules (bit flips, truncations, overwritten bytes) are rejected with an error or
/// lowered; nothing crashes.
@Test func mutatedModulesNeverCrashTheLowering() throws {
    var random = TestRandom(state: 0x9E37_79B9_7F4A_7C15)
    var lowered = 0
    var rejected = 0
    for seed in mutationSeeds {
        let original = try wat2wasm(seed)
        #expect(throws: Never.self) { _ = try Lowering.lower(wasm: original) }
        for _ in 0..<1500 {
            var bytes = original
            switch random.below(3) {
            case 0:
                let i = random.below(bytes.count)
                bytes[i] ^= UInt8(1 << random.below(8))
            case 1:
                bytes.removeLast(random.below(bytes.count))
            default:
                for _ in 0..<(1 + random.below(4)) { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            }
            do {
                _ = try Lowering.lower(wasm: bytes)
                lowered += 1
            } catch {
                rejected += 1
            }
        }
    }
    #expect(lowered + rejected == 3000)
    #expect(rejected > 0)
}
