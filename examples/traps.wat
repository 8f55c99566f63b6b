;; traps.wat: one export per kind of trap, each guarded by its argument so that the same
;; function also has a normal result. The differential test checks trap/no-trap status.
(module
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $seven)
  (type $ret_i32 (func (result i32)))
  (type $ret_i64 (func (result i64)))
  (func $seven (type $ret_i32) (i32.const 7))

  ;; integer divide by zero (b = 0) and integer overflow (a = INT_MIN, b = -1)
  (func (export "div_s") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func (export "rem_u") (param $a i32) (param $b i32) (result i32)
    (i32.rem_u (local.get $a) (local.get $b)))
  (func (export "div_s64") (param $a i64) (param $b i64) (result i64)
    (i64.div_s (local.get $a) (local.get $b)))

  ;; out of bounds memory access (memory is one page: 65536 bytes)
  (func (export "load") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func (export "store") (param $a i32) (param $v i32) (result i32)
    (i32.store (local.get $a) (local.get $v)) (i32.const 0))

  ;; unreachable when x is negative
  (func (export "unreachable_if_neg") (param $x i32) (result i32)
    (if (i32.lt_s (local.get $x) (i32.const 0)) (then unreachable))
    (local.get $x))

  ;; invalid conversion to integer (NaN or out of range) and the saturating variant that never traps
  (func (export "trunc_f64") (param $x f64) (result i32) (i32.trunc_f64_s (local.get $x)))
  (func (export "trunc_sat_f64") (param $x f64) (result i32) (i32.trunc_sat_f64_s (local.get $x)))
  (func (export "trunc_f32_u64") (param $x f32) (result i64) (i64.trunc_f32_u (local.get $x)))

  ;; call_indirect: slot 0 holds $seven, slot 1 is null, slot 2 is out of the table.
  (func (export "call_slot") (param $i i32) (result i32)
    (call_indirect (type $ret_i32) (local.get $i)))
  ;; indirect call type mismatch: slot 0 holds a () -> i32, called as () -> i64
  (func (export "call_slot_wrong_type") (param $i i32) (result i64)
    (call_indirect (type $ret_i64) (local.get $i)))

  ;; call stack exhausted: unbounded recursion (depth n when n >= 0, endless when n < 0)
  (func $down (export "recurse") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)))))))

  ;; NaN results: arithmetic NaNs must be canonical (positive quiet NaN) under Cairn's profile;
  ;; wasmtime is run with NaN canonicalisation on, so the bits compare exactly.
  (func (export "nan_div") (param $a f64) (param $b f64) (result f64)
    (f64.div (local.get $a) (local.get $b)))
  (func (export "nan_sqrt32") (param $a f32) (result f32) (f32.sqrt (local.get $a)))
)
