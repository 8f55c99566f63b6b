import Cairn
import CairnProof
import CairnVerifier

/// Every instruction kind of the instruction set, by mnemonic (decoded from each opcode with
/// zero operands), except `breakpoint`, which programs never contain.
func allInstructionKinds() -> Set<String> {
    var kinds: Set<String> = []
    for opcode in 0...255 {
        for operands in 0...3 {
            if let instruction = try? Instruction(canonicalEncoding: [UInt8(opcode)] + Array(repeating: 0, count: operands)) {
                kinds.insert(instruction.mnemonic)
                break
            }
        }
    }
    kinds.remove("breakpoint")
    return kinds
}

/// A WAT expression computing the numeric instruction `mnemonic` on constant operands, stored
/// to memory (so that lowering keeps it), or nil when it is not a numeric, load or store one.
func numericStatement(_ mnemonic: String) -> String? {
    // Fused compare-and-branch (`br_if_i32_lt_s`, `br_if_i32_lt_s_imm`): a `br_if` right after
    // the comparison; against a constant for the immediate form.
    // Branches on a plain value: a local, so that no comparison fuses with them.
    if mnemonic == "br_if_nez" { return "(block (br_if 0 (local.get $i32a)))" }
    if mnemonic == "br_if_eqz" { return "(if (local.get $i32a) (then (local.set $i32b (i32.const 3))))" }
    if mnemonic.hasPrefix("br_if_i") {
        var rest = String(mnemonic.dropFirst("br_if_".count))
        let immediate = rest.hasSuffix("_imm")
        if immediate { rest.removeLast("_imm".count) }
        let (type, op) = (String(rest.prefix(3)), String(rest.dropFirst(4)))
        let rhs = immediate ? "(\(type).const 3)" : "(local.get $\(type)b)"
        return "(block (br_if 0 (\(type).\(op) (local.get $\(type)a) \(rhs))))"
    }
    let parts = mnemonic.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, ["i32", "i64", "f32", "f64"].contains(parts[0]) else { return nil }
    let (type, op) = (parts[0], parts[1])
    // Binary operations read locals (constant operands would become immediates); the `_imm`
    // forms are what a constant right operand becomes.
    if op.hasSuffix("_imm") {
        let base = String(op.dropLast("_imm".count))
        let result = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"].contains(base) ? "i32" : type
        return "(\(result).store (i32.const 32) (\(type).\(base) (local.get $\(type)a) (\(type).const 3)))"
    }
    func constant(_ t: String, _ value: String) -> String { "(\(t).const \(value))" }
    func operand(_ t: String, second: Bool = false) -> String {
        t.hasPrefix("f") ? constant(t, second ? "-1.75" : "2.5") : constant(t, second ? "3" : "7")
    }
    if op.hasPrefix("load") {
        return "(\(type).store (i32.const 64) (\(mnemonic) (i32.const 8)))"
    }
    if op.hasPrefix("store") {
        return "(\(mnemonic) (i32.const 16) \(operand(type)))"
    }
    var input = type
    for suffix in ["i32", "i64", "f32", "f64"] where op.contains("_\(suffix)") { input = suffix }
    let comparisons: Set<String> = ["eq", "ne", "lt", "lt_s", "lt_u", "gt", "gt_s", "gt_u", "le", "le_s", "le_u", "ge", "ge_s", "ge_u"]
    let unary: Set<String> = ["clz", "ctz", "popcnt", "extend8_s", "extend16_s", "extend32_s", "abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt", "eqz"]
    let expression: String
    var result = type
    if comparisons.contains(op) {
        expression = "(\(mnemonic) (local.get $\(type)a) (local.get $\(type)b))"
        result = "i32"
    } else if op == "eqz" {
        expression = "(\(mnemonic) \(operand(type)))"
        result = "i32"
    } else if input != type || unary.contains(op) {
        expression = "(\(mnemonic) \(operand(input)))"
    } else {
        expression = "(\(mnemonic) (local.get $\(type)a) (local.get $\(type)b))"
    }
    return "(\(result).store (i32.const 32) \(expression))"
}

/// A task that runs every numeric, load and store instruction once, then every control,
/// memory and table instruction.
func coverageTask() -> String {
    let numeric = allInstructionKinds().sorted().compactMap(numericStatement).joined(separator: "\n        ")
    return """
        (module
          (import "task" "input_size" (func $size (result i32)))
          (import "task" "input_read" (func $read (param i32 i32 i32) (result i32)))
          (import "task" "output_write" (func $write (param i32 i32)))
          (type $binary (func (param i32 i32) (result i32)))
          (memory 1 4)
          (table $t 4 8 funcref)
          (table $u 2 externref)
          (global $g (mut i64) (i64.const 5))
          (data $passive "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          (data (i32.const 200) "active")
          (elem $e func $add $sub $add)
          (elem (i32.const 0) $sub)
          (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
          (func $many (param i32) (result i32)
            (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
            (local.set 5 (i64.const 9))
            (if (result i32) (local.get 0)
              (then (return (i32.wrap_i64 (local.get 5))))
              (else (i32.const 1))))
          (func $pick (param i32) (result i32)
            (block $c (block $b (block $a (br_table $a $b $c (local.get 0)))
                (return (i32.const 10)))
              (return (i32.const 20)))
            (i32.const 30))
          (func (export "run")
            (local $n i32) (local $x i32) (local $y i32)
            (local $i32a i32) (local $i32b i32) (local $i64a i64) (local $i64b i64)
            (local $f32a f32) (local $f32b f32) (local $f64a f64) (local $f64b f64)
            (local.set $i32a (i32.const 7)) (local.set $i32b (i32.const 3))
            (local.set $i64a (i64.const 7)) (local.set $i64b (i64.const 3))
            (local.set $f32a (f32.const 2.5)) (local.set $f32b (f32.const -1.75))
            (local.set $f64a (f64.const 2.5)) (local.set $f64b (f64.const -1.75))
            \(numeric)
            (local.set $n (call $read (i32.const 0) (i32.const 300) (call $size)))
            (local.set $x (select (i32.const 1) (i32.const 2) (local.get $n)))
            (local.set $y (local.get $x))
            (block $out
              (loop $again
                (br_if $out (i32.ge_u (local.get $y) (i32.const 6)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $again)))
            (loop $up
              (local.set $y (i32.sub (local.get $y) (i32.const 1)))
              (br_if $up (i32.gt_u (local.get $y) (i32.const 2))))
            (local.set $x (local.get $y))
            (global.set $g (i64.add (global.get $g) (i64.extend_i32_u (local.get $x))))
            (i32.store (i32.const 40) (call $pick (i32.const 0)))
            (i32.store (i32.const 40) (call $pick (i32.const 1)))
            (i32.store (i32.const 40) (call $pick (i32.const 7)))
            (i32.store (i32.const 44) (call $many (i32.const 1)))
            (i32.store (i32.const 44) (call $many (i32.const 0)))
            (i32.store (i32.const 48) (call_indirect (type $binary) (i32.const 9) (i32.const 4) (i32.const 0)))
            (i32.store (i32.const 52) (memory.size))
            (i32.store (i32.const 52) (memory.grow (i32.const 1)))
            (i32.store (i32.const 52) (memory.grow (i32.const 100)))
            (memory.fill (i32.const 1000) (i32.const 65) (i32.const 100))
            (memory.copy (i32.const 1010) (i32.const 1000) (i32.const 70))
            (memory.copy (i32.const 990) (i32.const 1000) (i32.const 70))
            (memory.init $passive (i32.const 2000) (i32.const 3) (i32.const 40))
            (data.drop $passive)
            (table.set $t (i32.const 3) (table.get $t (i32.const 0)))
            (i32.store (i32.const 56) (table.size $t))
            (i32.store (i32.const 56) (table.grow $t (ref.func $add) (i32.const 2)))
            (i32.store (i32.const 56) (table.grow $u (ref.null extern) (i32.const 3)))
            (table.fill $t (i32.const 1) (ref.func $sub) (i32.const 2))
            (table.copy $t $t (i32.const 2) (i32.const 0) (i32.const 3))
            (table.copy $t $t (i32.const 0) (i32.const 1) (i32.const 3))
            (table.init $t $e (i32.const 3) (i32.const 0) (i32.const 3))
            (elem.drop $e)
            (i32.store (i32.const 60) (ref.is_null (table.get $t (i32.const 1))))
            (call $write (i32.const 1000) (i32.const 120))
            (call $write (i32.const 300) (local.get $n))))
        """
}

/// Small tasks that trap in different ways, each with the mnemonic it traps at.
let trappingTasks: [String] = [
    "(unreachable)",
    "(drop (i32.div_s (i32.const 1) (i32.const 0)))",
    "(drop (i64.rem_u (i64.const 1) (i64.const 0)))",
    "(drop (i32.trunc_f32_s (f32.const nan)))",
    "(drop (i32.load (i32.const 65535)))",
    "(i64.store (i32.const 65533) (i64.const 1))",
    "(memory.fill (i32.const 65000) (i32.const 1) (i32.const 1000))",
    "(drop (call_indirect (type $binary) (i32.const 1) (i32.const 2) (i32.const 1)))",
    "(drop (call_indirect (type $binary) (i32.const 1) (i32.const 2) (i32.const 9)))",
    "(drop (call_indirect (type $unary) (i32.const 1) (i32.const 0)))",
    "(drop (table.get $t (i32.const 9)))",
    "(call $write (i32.const 65530) (i32.const 100))",
    "(drop (call $read (i32.const 0) (i32.const 65535) (i32.const 100)))",
    "(call $deep (i32.const 0))",
].map { body in
    """
    (module
      (import "task" "input_read" (func $read (param i32 i32 i32) (result i32)))
      (import "task" "output_write" (func $write (param i32 i32)))
      (type $binary (func (param i32 i32) (result i32)))
      (type $unary (func (param i32) (result i32)))
      (memory 1 1)
      (table $t 3 funcref)
      (elem (i32.const 0) $add)
      (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
      (func $deep (param i32) (call $deep (i32.add (local.get 0) (i32.const 1))))
      (func (export "run") \(body)))
    """
}
