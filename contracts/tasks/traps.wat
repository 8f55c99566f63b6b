;; A task that traps in the way its first input byte selects (0 unreachable, 1 divide by zero,
;; 2 signed overflow, 3 memory out of bounds, 4 table out of bounds, 5 undefined element,
;; 6 uninitialized element, 7 indirect call type mismatch, 8 call stack exhausted,
;; 9 a store across the end of memory, 10 output_write out of bounds, 11 memory.fill out of
;; bounds); any other byte halts normally. The referee check proves the steps around each trap.
(module
  (import "task" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
  (import "task" "output_write" (func $output_write (param i32 i32)))
  (type $unary (func (param i32) (result i32)))
  (type $binary (func (param i32 i32) (result i32)))
  (memory 1)
  (table 3 funcref)
  (elem (i32.const 0) func $id $add)
  (func $id (type $unary) (local.get 0))
  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
  (func $deep (param i32) (result i32)
    (local i64 i64 i64)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "run")
    (local $which i32) (local $zero i32)
    (drop (call $input_read (i32.const 0) (i32.const 0) (i32.const 4)))
    (local.set $which (i32.load8_u (i32.const 0)))
    (local.set $zero (i32.load8_u (i32.const 1)))
    (block $halt (block $b11 (block $b10 (block $b9 (block $b8 (block $b7 (block $b6
      (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $b9 $b10 $b11 $halt (local.get $which)))
        unreachable)
        (drop (i32.div_u (i32.const 7) (local.get $zero))) return)
        (drop (i32.div_s (i32.const 0x80000000) (i32.sub (local.get $zero) (i32.const 1)))) return)
        (drop (i32.load (i32.add (i32.const 65534) (local.get $zero)))) return)
        (drop (table.get 0 (i32.add (i32.const 3) (local.get $zero)))) return)
        (drop (call_indirect (type $unary) (i32.const 1) (i32.add (i32.const 5) (local.get $zero)))) return)
        (drop (call_indirect (type $unary) (i32.const 1) (i32.add (i32.const 2) (local.get $zero)))) return)
        (drop (call_indirect (type $unary) (i32.const 1) (i32.add (i32.const 1) (local.get $zero)))) return)
        (drop (call $deep (local.get $zero))) return)
        (i64.store (i32.add (i32.const 65530) (local.get $zero)) (i64.const -1)) return)
        (call $output_write (i32.const 65000) (i32.const 1000)) return)
        (memory.fill (i32.const 65500) (i32.const 7) (i32.const 100)) return)
    (call $output_write (i32.const 0) (i32.const 4))))
