;; A float-to-integer conversion of the f32 in the input's first four bytes. Lowered with the
;; soft-float profile (docs/softfloat.md), a NaN reaches the library's one float instruction,
;; `i32.trunc_f32_s` of a NaN (trap: invalid conversion to integer), a value out of range its
;; integer-overflow trap, and any other value converts.
(module
  (import "task" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
  (import "task" "output_write" (func $output_write (param i32 i32)))
  (memory 1)
  (func (export "run")
    (drop (call $input_read (i32.const 0) (i32.const 0) (i32.const 4)))
    (i32.store (i32.const 8) (i32.trunc_f32_s (f32.load (i32.const 0))))
    (call $output_write (i32.const 8) (i32.const 4))))
