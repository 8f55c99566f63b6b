;; memory.wat: linear memory, a data segment, loads/stores of every width, memory.grow.
;;   cairn run examples/memory.wat --invoke checksum      -> i32:...
(module
  (memory (export "memory") 1 4)
  ;; 43 bytes of text at address 16, and a table of little-endian i32 words at 64.
  (data (i32.const 16) "The quick brown fox jumps over the lazy dog")
  (data (i32.const 64) "\01\00\00\00\02\00\00\00\03\00\00\00\ff\ff\ff\ff\00\00\00\80")

  ;; checksum(): FNV-1a over the 43 text bytes.
  (func (export "checksum") (result i32)
    (local $i i32) (local $h i32)
    (local.set $h (i32.const 0x811c9dc5))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 43)))
        (local.set $h
          (i32.mul
            (i32.xor (local.get $h) (i32.load8_u offset=16 (local.get $i)))
            (i32.const 0x01000193)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $h))

  ;; sum_words(n): signed sum of the first n i32 words at address 64 (n <= 5 stays in the data).
  (func (export "sum_words") (param $n i32) (result i64)
    (local $i i32) (local $s i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i64.add (local.get $s)
          (i64.load32_s offset=64 (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  ;; load8_s / load16_s / load16_u / load32_u / load64 at a byte address (traps past the end).
  (func (export "load8_s") (param $a i32) (result i32) (i32.load8_s (local.get $a)))
  (func (export "load16_s") (param $a i32) (result i32) (i32.load16_s (local.get $a)))
  (func (export "load16_u") (param $a i32) (result i32) (i32.load16_u (local.get $a)))
  (func (export "load32_u") (param $a i32) (result i64) (i64.load32_u (local.get $a)))
  (func (export "load64") (param $a i32) (result i64) (i64.load (local.get $a)))

  ;; store_then_load(a, v): store v as i32 at a, store its low byte at a+5, read back 8 bytes.
  (func (export "store_then_load") (param $a i32) (param $v i32) (result i64)
    (i32.store (local.get $a) (local.get $v))
    (i32.store8 offset=5 (local.get $a) (local.get $v))
    (i64.load (local.get $a)))

  ;; grow(n): memory.grow by n pages; returns the old size in pages, or -1 (max is 4 pages).
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n)))

  ;; grow_and_touch(n): grow by n pages, then write and read the last byte of memory.
  ;; Returns the new size in pages (or -1 if the growth fails).
  (func (export "grow_and_touch") (param $n i32) (result i32)
    (local $last i32)
    (if (i32.eq (memory.grow (local.get $n)) (i32.const -1))
      (then (return (i32.const -1))))
    (local.set $last (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 1)))
    (i32.store8 (local.get $last) (i32.const 0xab))
    (drop (i32.load8_u (local.get $last)))
    (memory.size))

  ;; fill_copy(n): memory.fill and memory.copy (bulk memory), then a checksum of the result.
  (func (export "fill_copy") (param $n i32) (result i32)
    (local $i i32) (local $h i32)
    (memory.fill (i32.const 1024) (i32.const 0x5a) (local.get $n))
    (memory.copy (i32.const 1030) (i32.const 16) (i32.const 43))
    (local.set $h (i32.const 7))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.add (local.get $n) (i32.const 64))))
        (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31))
                               (i32.load8_u offset=1024 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $h))
)
