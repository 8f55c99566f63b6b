;; dispatch.wat: a register-machine bytecode interpreter written directly in WAT, so that the
;; dispatch is exactly one br_table over 16 opcodes per bytecode instruction (no compiler
;; between the benchmark and the br_table). Registers live in linear memory (r0..r15 at
;; addresses 0..63); the program is a data segment at address 256, 4 bytes per instruction:
;; opcode, a, b, c.
;;
;; Exports:
;;   dispatch(n)   runs the built-in program, a mixing loop of 9 bytecode instructions per
;;                 iteration for n iterations (n >= 1), and returns register r2
(module
  (memory 1)
  ;;  0: li r2, 0          1: li r3, 1          2: li r4, 7
  ;;  3: mul r3, r3, r4    4: addi r3, r3, 11   5: xor r2, r2, r3    6: rotl r2, r2, r4
  ;;  7: add r2, r2, r1    8: lt_u r5, r1, r4   9: jnz r5 -> 12     10: dec r1
  ;; 11: jmp 3            12: dec r1           13: jnz r1 -> 3     14: halt
  (data (i32.const 256)
    "\01\02\00\00" "\01\03\01\00" "\01\04\07\00"
    "\04\03\03\04" "\0c\03\03\0b" "\05\02\02\03" "\0f\02\02\04"
    "\02\02\02\01" "\0d\05\01\04" "\09\05\0c\00" "\0a\01\00\00"
    "\0e\03\00\00" "\0a\01\00\00" "\09\01\03\00" "\00\00\00\00")

  (func $reg (param $r i32) (result i32)
    (i32.load (i32.shl (local.get $r) (i32.const 2))))

  (func (export "dispatch") (param $n i32) (result i32)
    (local $pc i32) (local $op i32) (local $a i32) (local $b i32) (local $c i32)
    (i32.store (i32.const 4) (local.get $n))
    (local.set $pc (i32.const 256))
    (loop $next
      (local.set $op (i32.load8_u (local.get $pc)))
      (local.set $a (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2)))
      (local.set $b (i32.load8_u offset=2 (local.get $pc)))
      (local.set $c (i32.load8_u offset=3 (local.get $pc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 4)))
      (block $rotl (block $jmp (block $lt (block $addi (block $mov (block $dec (block $jnz
      (block $and (block $shr (block $shl (block $xor (block $mul (block $sub (block $add
      (block $li (block $halt
        (br_table $halt $li $add $sub $mul $xor $shl $shr $and $jnz $dec $mov $addi $lt $jmp $rotl
                  $halt (local.get $op)))
        ;; 0 halt
        (return (i32.load (i32.const 8))))
      ;; 1 li a, b | c << 8
      (i32.store (local.get $a) (i32.or (local.get $b) (i32.shl (local.get $c) (i32.const 8))))
      (br $next))
      ;; 2 add
      (i32.store (local.get $a) (i32.add (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 3 sub
      (i32.store (local.get $a) (i32.sub (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 4 mul
      (i32.store (local.get $a) (i32.mul (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 5 xor
      (i32.store (local.get $a) (i32.xor (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 6 shl
      (i32.store (local.get $a) (i32.shl (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 7 shr_u
      (i32.store (local.get $a) (i32.shr_u (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 8 and
      (i32.store (local.get $a) (i32.and (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 9 jnz a -> b | c << 8
      (if (i32.load (local.get $a))
        (then
          (local.set $pc (i32.add (i32.const 256)
            (i32.shl (i32.or (local.get $b) (i32.shl (local.get $c) (i32.const 8))) (i32.const 2))))))
      (br $next))
      ;; 10 dec a
      (i32.store (local.get $a) (i32.sub (i32.load (local.get $a)) (i32.const 1)))
      (br $next))
      ;; 11 mov a, b
      (i32.store (local.get $a) (call $reg (local.get $b)))
      (br $next))
      ;; 12 addi a, b, c
      (i32.store (local.get $a) (i32.add (call $reg (local.get $b)) (local.get $c)))
      (br $next))
      ;; 13 lt_u
      (i32.store (local.get $a) (i32.lt_u (call $reg (local.get $b)) (call $reg (local.get $c))))
      (br $next))
      ;; 14 jmp a | b << 8
      (local.set $pc (i32.add (i32.const 256)
        (i32.shl (i32.or (i32.shr_u (local.get $a) (i32.const 2)) (i32.shl (local.get $b) (i32.const 8)))
                 (i32.const 2))))
      (br $next))
    ;; 15 rotl
    (i32.store (local.get $a) (i32.rotl (call $reg (local.get $b)) (call $reg (local.get $c))))
    (br $next))
    (unreachable))
)
