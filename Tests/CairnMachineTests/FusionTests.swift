import Cairn
import Testing
import WAT

/// Immediate forms and fused compare-and-branch instructions must compute exactly what the
/// unfused instructions compute. Each case runs a function whose constant is inline (fused)
/// against the same function taking the constant as a parameter (not fused).
@Suite("Lowering fusions")
struct FusionTests {
    static let integerOps = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"]
    static let comparisons = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]

    /// Constants at the edges of the 32-bit immediate (and just outside it, for i64).
    static let constants: [Int64] = [
        0, 1, -1, 7, 31, 32, 63, 64, 12345, Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) + 1,
        Int64(Int32.min) - 1, 0x8000_0000, 0xFFFF_FFFF, Int64.max, Int64.min, -0x1234_5678_9abc,
    ]
    static let inputs: [Int64] = [0, 1, -1, 5, 12345, Int64(Int32.min), Int64(Int32.max), 0x8000_0000, Int64.min, Int64.max]

    func program(_ text: String) throws -> Program {
        try Lowering.lower(wasm: try wat2wasm(text))
    }

    func call(_ program: Program, _ name: String, _ arguments: [Value]) throws -> [Value] {
        let store = Store()
        let instance = try store.instantiate(program)
        return try store.invoke(instance, name, arguments)
    }

    func value(_ type: String, _ bits: Int64) -> Value {
        type == "i32" ? .i32(UInt32(truncatingIfNeeded: bits)) : .i64(UInt64(bitPattern: bits))
    }

    @Test("x op constant and constant op x equal the same with parameters", arguments: ["i32", "i64"])
    func immediateForms(type: String) throws {
        var fused = 0
        for op in Self.integerOps + Self.comparisons {
            let result = Self.comparisons.contains(op) ? "i32" : type
            for constant in Self.constants {
                let c = type == "i32" ? Int64(Int32(truncatingIfNeeded: constant)) : constant
                let text = """
                    (module
                      (func (export "k") (param \(type)) (result \(result)) (\(type).\(op) (local.get 0) (\(type).const \(c))))
                      (func (export "p") (param \(type) \(type)) (result \(result)) (\(type).\(op) (local.get 0) (local.get 1)))
                      (func (export "kl") (param \(type)) (result \(result)) (\(type).\(op) (\(type).const \(c)) (local.get 0))))
                    """
                let lowered = try program(text)
                if lowered.code.contains(where: { $0.mnemonic.hasSuffix("_imm") }) { fused += 1 }
                for x in Self.inputs {
                    let expected = try call(lowered, "p", [value(type, x), value(type, c)])
                    #expect(try call(lowered, "k", [value(type, x)]) == expected, "\(type).\(op) \(x) \(c)")
                    let swapped = try call(lowered, "p", [value(type, c), value(type, x)])
                    #expect(try call(lowered, "kl", [value(type, x)]) == swapped, "\(type).\(op) \(c) \(x)")
                }
            }
        }
        // Most cases must actually have been fused, or this test proves nothing.
        #expect(fused > (Self.integerOps.count + Self.comparisons.count - 1) * Self.constants.count / 2)
    }

    @Test("Branches on comparisons equal the comparison's value", arguments: ["i32", "i64"])
    func compareBranches(type: String) throws {
        var fused = 0
        for op in Self.comparisons {
            for constant in Self.constants.prefix(12) {
                let c = type == "i32" ? Int64(Int32(truncatingIfNeeded: constant)) : constant
                let text = """
                    (module
                      (func (export "if_k") (param \(type)) (result i32)
                        (if (result i32) (\(type).\(op) (local.get 0) (\(type).const \(c))) (then (i32.const 1)) (else (i32.const 0))))
                      (func (export "if_p") (param \(type) \(type)) (result i32)
                        (if (result i32) (\(type).\(op) (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
                      (func (export "br_p") (param \(type) \(type)) (result i32)
                        (block (br_if 0 (\(type).\(op) (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))
                      (func (export "loop_p") (param \(type) \(type)) (result i32) (local i32)
                        (loop $l
                          (local.set 2 (i32.add (local.get 2) (i32.const 1)))
                          (br_if $l (i32.and (i32.lt_u (local.get 2) (i32.const 2))
                                             (\(type).\(op) (local.get 0) (local.get 1)))))
                        (i32.sub (local.get 2) (i32.const 1)))
                      (func (export "value") (param \(type) \(type)) (result i32) (\(type).\(op) (local.get 0) (local.get 1))))
                    """
                let lowered = try program(text)
                if lowered.code.contains(where: { $0.mnemonic.hasPrefix("br_if_") }) { fused += 1 }
                // Every i32 constant comparison fuses, and i64 equality with a 32-bit constant.
                let constantFuses = type == "i32" || (["eq", "ne"].contains(op) && c == Int64(Int32(truncatingIfNeeded: c)))
                let ifConstant = lowered.code.contains { $0.mnemonic.hasPrefix("br_if_") && $0.mnemonic.hasSuffix("_imm") }
                #expect(ifConstant == constantFuses, "\(type).\(op) \(c)")
                for x in Self.inputs {
                    let arguments = [value(type, x), value(type, c)]
                    let expected = try call(lowered, "value", arguments)
                    #expect(try call(lowered, "if_k", [value(type, x)]) == expected, "if \(type).\(op) \(x) \(c)")
                    #expect(try call(lowered, "if_p", arguments) == expected, "if \(type).\(op) \(x) \(c)")
                    #expect(try call(lowered, "br_p", arguments) == expected, "br_if \(type).\(op) \(x) \(c)")
                    #expect(try call(lowered, "loop_p", arguments) == expected, "loop \(type).\(op) \(x) \(c)")
                }
            }
        }
        #expect(fused == Self.comparisons.count * 12)
    }

    @Test func eqzBranchesAndBlockEntryCopies() throws {
        // The comparison's branch is emitted after the copies that enter the `if`: a pending
        // read of $x must be materialized before the `if` arm overwrites $x.
        let text = """
            (module
              (func (export "f") (param $x i32) (param $y i32) (result i32)
                (local.get $x)
                (if (i32.lt_s (local.get $x) (local.get $y)) (then (local.set $x (i32.const 100))))
                (local.get $x) (i32.add)
                (if (result i32) (i32.eqz (local.get $y)) (then (i32.const 7)) (else (i32.const 0)))
                (i32.add)))
            """
        let lowered = try program(text)
        #expect(try call(lowered, "f", [.i32(1), .i32(2)]) == [.i32(101)])
        #expect(try call(lowered, "f", [.i32(3), .i32(2)]) == [.i32(6)])
        #expect(try call(lowered, "f", [.i32(3), .i32(0)]) == [.i32(13)])
    }

    @Test func hoistedConstantsSurviveCallsAndMatchUnhoisted() throws {
        // The loop's constants (3 has no immediate form in `div_u`) live in slots written once at
        // entry; a callee's frame, which starts at the caller's operand slots, must not reach
        // them. `$noise` writes all its locals to make any overlap visible.
        let noiseLocals = (1...20).map { "(local.set \($0) (i32.const \(1000 + $0)))" }.joined(separator: " ")
        func loop(_ three: String) -> String {
            """
            (loop $l
              (local.set $acc (i32.add (local.get $acc) (i32.div_u (call $noise (local.get $n)) \(three))))
              (local.set $acc (i32.add (local.get $acc) (i32.div_u (local.get $n) \(three))))
              (i32.store (i32.const 64) (local.get $acc))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (i32.add (local.get $acc) (i32.load (i32.const 64)))
            """
        }
        let text = """
            (module (memory 1)
              (func $noise (param i32) (result i32) (local \(Array(repeating: "i32", count: 20).joined(separator: " ")))
                \(noiseLocals) (local.get 0))
              (func (export "hoisted") (param $n i32) (result i32) (local $acc i32)
                \(loop("(i32.const 3)")))
              (func (export "plain") (param $n i32) (param $three i32) (result i32) (local $acc i32)
                \(loop("(local.get $three)"))))
            """
        let lowered = try program(text)
        // The constant 3 is written once, by the prologue, not in the loop.
        #expect(lowered.code.filter { if case .const32(_, 3) = $0 { true } else { false } }.count == 1)
        for n: UInt32 in [1, 2, 10, 1000] {
            #expect(try call(lowered, "hoisted", [.i32(n)]) == call(lowered, "plain", [.i32(n), .i32(3)]))
        }
    }
}
