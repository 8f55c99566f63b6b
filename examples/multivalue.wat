;; multivalue.wat: functions and blocks with several results.
;;   cairn run examples/multivalue.wat --invoke divmod 17 5   -> i32:3 then i32:2
(module
  ;; divmod(a, b) = (a / b, a % b), unsigned; traps on b = 0.
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; swap3(a, b, c) = (c, a, b) through a multi-value block.
  (func (export "swap3") (param i64 f64 i32) (result i32 i64 f64)
    (local.get 0) (local.get 1) (local.get 2)
    (block (param i64 f64 i32) (result i32 i64 f64)
      (local.set 2) (local.set 1) (local.set 0)
      (local.get 2) (local.get 0) (local.get 1)))

  ;; minmax(a, b): (min, max) as f32 (min/max of NaN give NaN).
  (func (export "minmax") (param $a f32) (param $b f32) (result f32 f32)
    (f32.min (local.get $a) (local.get $b))
    (f32.max (local.get $a) (local.get $b)))

  ;; nothing(): no results at all.
  (func (export "nothing"))
)
