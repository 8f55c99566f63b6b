;; A task with float arithmetic, which the referee does not implement yet: its float steps
;; must revert with "cairn: float" (counted as skipped), its other steps must agree.
(module
  (import "task" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
  (import "task" "output_write" (func $output_write (param i32 i32)))
  (memory 1)
  (func (export "run")
    (local $a f64) (local $b f32)
    (drop (call $input_read (i32.const 0) (i32.const 0) (i32.const 16)))
    (local.set $a (f64.add (f64.load (i32.const 0)) (f64.convert_i32_u (i32.load (i32.const 8)))))
    (local.set $a (f64.sqrt (f64.mul (local.get $a) (local.get $a))))
    (local.set $b (f32.demote_f64 (local.get $a)))
    (f64.store (i32.const 32) (local.get $a))
    (f32.store (i32.const 40) (f32.nearest (local.get $b)))
    (i32.store (i32.const 44) (i32.trunc_sat_f64_s (local.get $a)))
    (call $output_write (i32.const 32) (i32.const 16))))
