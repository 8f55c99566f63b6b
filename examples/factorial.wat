;; factorial.wat: i64 factorials, recursive and iterative, plus a checked variant that traps.
;;   cairn run examples/factorial.wat --invoke fac 20   -> i64:2432902008176640000
(module
  ;; fac(n) = n!, recursive, wrapping modulo 2^64.
  (func $fac (export "fac") (param $n i64) (result i64)
    (if (result i64) (i64.le_s (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get $n) (call $fac (i64.sub (local.get $n) (i64.const 1)))))))

  ;; fac_iter(n): the same with a loop.
  (func (export "fac_iter") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i64.le_s (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc))

  ;; fac_checked(n): n!, or `unreachable` (a trap) when it would overflow a signed i64.
  ;; Overflow is detected by dividing back: acc * n / n != acc.
  (func (export "fac_checked") (param $n i64) (result i64)
    (local $acc i64) (local $next i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $more
        (br_if $done (i64.le_s (local.get $n) (i64.const 1)))
        (local.set $next (i64.mul (local.get $acc) (local.get $n)))
        (if (i64.ne (i64.div_s (local.get $next) (local.get $n)) (local.get $acc))
          (then unreachable))
        (local.set $acc (local.get $next))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $more)))
    (local.get $acc))
)
