import Cairn
import Testing
import WAT

/// Runs a text module's export with the given arguments.
func run(_ text: String, _ name: String, _ arguments: [Value] = []) throws -> [Value] {
    let program = try Lowering.lower(wasm: try wat2wasm(text))
    let store = Store()
    let instance = try store.instantiate(program)
    return try store.invoke(instance, name, arguments)
}

@Test func recursiveFibonacci() throws {
    let text = """
        (module
          (func $fib (export "fib") (param $n i32) (result i32)
            (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
              (then (local.get $n))
              (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                             (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
        """
    #expect(try run(text, "fib", [.i32(20)]) == [.i32(6765)])
}

@Test func loopWithLocals() throws {
    let text = """
        (module
          (func (export "sum") (param $n i32) (result i64) (local $acc i64)
            (block $done
              (loop $again
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $again)))
            (local.get $acc)))
        """
    #expect(try run(text, "sum", [.i32(100)]) == [.i64(5050)])
}

@Test func swapThroughPendingLocals() throws {
    // Both values are pending reads of locals when the locals are overwritten.
    let text = """
        (module
          (func (export "swap") (param $a i32) (param $b i32) (result i32 i32)
            (local.get $b) (local.get $a)
            (local.set $b) (local.set $a)
            (local.get $a) (local.get $b)))
        """
    #expect(try run(text, "swap", [.i32(1), .i32(2)]) == [.i32(2), .i32(1)])
}

@Test func divideByZeroTraps() throws {
    let text = """
        (module (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
        """
    #expect(throws: Trap.self) { try run(text, "div", [.i32(1), .i32(0)]) }
    do {
        _ = try run(text, "div", [.i32(1), .i32(0)])
    } catch let trap as Trap {
        #expect(trap.kind == .integerDivideByZero)
    }
}

@Test func unboundedRecursionExhaustsTheCallStack() throws {
    let text = """
        (module (func $f (export "f") (call $f)))
        """
    do {
        _ = try run(text, "f")
        Issue.record("expected a trap")
    } catch let trap as Trap {
        #expect(trap.kind == .callStackExhausted)
    }
}

@Test func localSetAfterABlockKeepsValuesArrivingByBranch() throws {
    // The block's value arrives by a branch on one path and by fallthrough on the other; the
    // local.set after the block must see both (it must not be fused into the fallthrough copy).
    let text = """
        (module
          (func (export "f") (param $p i32) (param $q i32) (result i32) (local $x i32)
            (block (result i32)
              (br_if 0 (i32.const 11) (local.get $p))
              (drop)
              (local.get $q))
            (local.set $x)
            (local.get $x)))
        """
    #expect(try run(text, "f", [.i32(1), .i32(5)]) == [.i32(11)])
    #expect(try run(text, "f", [.i32(0), .i32(5)]) == [.i32(5)])
}

@Test func fusedLocalSetStillMaterializesOldReads() throws {
    // The old value of $x is on the stack when $x is overwritten by a computed value.
    let text = """
        (module
          (func (export "f") (param $x i32) (result i32)
            (local.get $x)
            (local.set $x (i32.mul (local.get $x) (i32.const 10)))
            (i32.add (local.get $x))))
        """
    #expect(try run(text, "f", [.i32(3)]) == [.i32(33)])
}
