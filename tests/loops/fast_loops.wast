;; Loops the translator checks up front (translator/fast_loop.c): their copy
;; without bounds checks runs only when every access of every trip is in
;; bounds, so each function here must give the same results and the same
;; traps, at the same point, as a loop checked access by access. The cases
;; sit at the edges: the last byte of memory, one trip too many, addresses
;; that wrap, signed bounds, loops that never reach their bound.

(module
  (memory 1 2)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load16") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))

  ;; p[i] = i for i from 0 while i + 1 != n (n = 0: all 2^32 trips)
  (func (export "fill") (param $p i32) (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store8 (i32.add (local.get $p) (local.get $i)) (local.get $i))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  ;; 16-bit stores at i, i + 3, ... while below end (unsigned)
  (func (export "up3") (param $i i32) (param $end i32)
    (loop $l
      (i32.store16 (local.get $i) (local.get $i))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $end)))))

  ;; the sum of 32-bit words at 4 * i + 8 for i down while i - 1 > end (signed);
  ;; the address wraps below 0 when i goes below -2
  (func (export "down_s") (param $i i32) (param $end i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 8)))))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $i) (local.get $end))))
    (local.get $sum))

  ;; the same with the constant in the access's offset: that one never wraps
  (func (export "down_s_offset") (param $i i32) (param $end i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load offset=8 (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $i) (local.get $end))))
    (local.get $sum))

  ;; the first i below n with p[i] = x, or -1: exits early
  (func (export "find") (param $p i32) (param $n i32) (param $x i32) (result i32)
    (local $i i32)
    (block $found
      (loop $l
        (br_if $found (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (local.get $x)))
        (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (return (i32.const -1)))
    (local.get $i))

  ;; two induction variables: the address moves by 4, the count by 1
  (func (export "sum_words") (param $p i32) (param $n i32) (result i32)
    (local $c i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $n))))
    (local.get $s))

  ;; byte stores at i - 256 (mod 2^32) for i up while i + 1 != end
  (func (export "fill_minus256") (param $i i32) (param $end i32)
    (loop $l
      (i32.store8 (i32.add (local.get $i) (i32.const -256)) (i32.const 0xab))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $end)))))

  ;; 32-bit stores at 4 * i + 65532 (in the offset) for i from 0 while i + 1 != n
  (func (export "store_at_end") (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store offset=65532 (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $i) (i32.const 100)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  ;; down by 1 while i - 1 >= lo (unsigned): lo = 0 never ends, i wraps to 2^32 - 1
  (func (export "down_ge") (param $i i32) (param $lo i32)
    (loop $l
      (i32.store8 (local.get $i) (i32.const 7))
      (br_if $l (i32.ge_u (local.tee $i (i32.sub (local.get $i) (i32.const 1))) (local.get $lo)))))

  ;; up by 2 while i + 2 <= hi (signed); hi = 0x7fffffff never ends
  (func (export "up_le_s") (param $i i32) (param $hi i32)
    (loop $l
      (i32.store8 (i32.add (local.get $i) (i32.const 1000)) (i32.const 9))
      (br_if $l (i32.le_s (local.tee $i (i32.add (local.get $i) (i32.const 2))) (local.get $hi)))))

  ;; 12 * i + p with a branchy body: odd i store, even i load
  (func (export "stride12") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $s i32)
    (loop $l
      (local.set $a (i32.add (i32.mul (local.get $i) (i32.const 12)) (local.get $p)))
      (if (i32.and (local.get $i) (i32.const 1))
        (then (i32.store offset=4 (local.get $a) (local.get $i)))
        (else (local.set $s (i32.add (local.get $s) (i32.load (local.get $a))))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))

  ;; the induction variable steps inside an if: no copy, same results
  (func (export "cond_step") (param $i i32) (param $n i32)
    (loop $l
      (i32.store8 (local.get $i) (i32.const 5))
      (if (i32.const 1) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
)

;; fill: inside, at the very end, one byte too far, and all 2^32 trips
(assert_return (invoke "fill" (i32.const 0) (i32.const 100)))
(assert_return (invoke "load8" (i32.const 99)) (i32.const 99))
(assert_return (invoke "fill" (i32.const 65436) (i32.const 100)))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 99))
(assert_trap (invoke "fill" (i32.const 65300) (i32.const 237)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 235))
(assert_trap (invoke "fill" (i32.const 65000) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 23))

;; up3: the last store ends at the last byte; one more trip traps
(assert_return (invoke "up3" (i32.const 0) (i32.const 100)))
(assert_return (invoke "load16" (i32.const 99)) (i32.const 99))
(assert_return (invoke "up3" (i32.const 65501) (i32.const 65535)))
(assert_return (invoke "load16" (i32.const 65534)) (i32.const 65534))
(assert_trap (invoke "up3" (i32.const 65503) (i32.const 65537)) "out of bounds memory access")
(assert_return (invoke "load16" (i32.const 65533)) (i32.const 65533))
(assert_trap (invoke "up3" (i32.const -16) (i32.const -1)) "out of bounds memory access")

;; down_s over words that hold their own address
(assert_return (invoke "store_at_end" (i32.const 1)))
(assert_return (invoke "up3" (i32.const 0) (i32.const 1)))
(assert_return (invoke "fill" (i32.const 0) (i32.const 40)))
(assert_return (invoke "down_s" (i32.const 5) (i32.const -3)) (i32.const 0x88807870))
(assert_trap (invoke "down_s" (i32.const 5) (i32.const -4)) "out of bounds memory access")
(assert_return (invoke "down_s_offset" (i32.const 5) (i32.const -1)) (i32.const 0x7e78726c))
(assert_trap (invoke "down_s_offset" (i32.const 5) (i32.const -2)) "out of bounds memory access")
(assert_return (invoke "down_s" (i32.const 16381) (i32.const 16379)) (i32.const 0xfffb0063))
(assert_trap (invoke "down_s" (i32.const 16382) (i32.const 16379)) "out of bounds memory access")

;; find: found before the end, or the end of memory traps
(assert_return (invoke "find" (i32.const 0) (i32.const 0x7fffffff) (i32.const 30)) (i32.const 30))
(assert_return (invoke "find" (i32.const 0) (i32.const 20) (i32.const 30)) (i32.const -1))
(assert_trap (invoke "find" (i32.const 65530) (i32.const 10) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "find" (i32.const 65530) (i32.const 6) (i32.const 1)) (i32.const -1))

;; sum_words: the counter bounds the trips, the pointer reaches the end
(assert_return (invoke "sum_words" (i32.const 0) (i32.const 2)) (i32.const 0x0a080604))
(assert_return (invoke "sum_words" (i32.const 65528) (i32.const 2)) (i32.const 0xfffb0063))
(assert_trap (invoke "sum_words" (i32.const 65528) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "sum_words" (i32.const 0) (i32.const 0)) (i32.const 0x03020100))

;; fill_minus256: addresses that wrap below 0
(assert_return (invoke "fill_minus256" (i32.const 256) (i32.const 300)))
(assert_return (invoke "load8" (i32.const 43)) (i32.const 0xab))
(assert_return (invoke "load8" (i32.const 44)) (i32.const 44))
(assert_trap (invoke "fill_minus256" (i32.const 250) (i32.const 300)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 44)) (i32.const 44))

;; store_at_end: the offset carries the address past the end
(assert_trap (invoke "store_at_end" (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 100))

;; down_ge: lo = 0 wraps, lo = 1 stops at address 1
(assert_return (invoke "down_ge" (i32.const 70) (i32.const 60)))
(assert_return (invoke "load8" (i32.const 60)) (i32.const 7))
(assert_return (invoke "load8" (i32.const 59)) (i32.const 59))
(assert_trap (invoke "down_ge" (i32.const 10) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 0)) (i32.const 7))

;; up_le_s: crosses from negative to positive; a bound of 2^31 - 1 never ends
(assert_return (invoke "up_le_s" (i32.const -1000) (i32.const 3)))
(assert_return (invoke "load8" (i32.const 1002)) (i32.const 9))
(assert_return (invoke "load8" (i32.const 1003)) (i32.const 0))
(assert_trap (invoke "up_le_s" (i32.const 0) (i32.const 0x7fffffff)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65534)) (i32.const 9))

;; stride12: in bounds, and a store past the end on the last trip
(assert_return (invoke "stride12" (i32.const 0) (i32.const 4)) (i32.const 0xb212b212))
(assert_return (invoke "load32" (i32.const 16)) (i32.const 1))
(assert_trap (invoke "stride12" (i32.const 65500) (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65516)) (i32.const 1))

(assert_return (invoke "cond_step" (i32.const 65530) (i32.const 65536)))
(assert_trap (invoke "cond_step" (i32.const 65530) (i32.const 65537)) "out of bounds memory access")

;; after memory.grow the same loop has room
(assert_trap (invoke "fill" (i32.const 65530) (i32.const 20)) "out of bounds memory access")
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "fill" (i32.const 65530) (i32.const 20)))
(assert_return (invoke "load8" (i32.const 65549)) (i32.const 19))
(assert_return (invoke "fill" (i32.const 131000) (i32.const 72)))
(assert_trap (invoke "fill" (i32.const 131000) (i32.const 73)) "out of bounds memory access")

;; steps known only when the loop starts (a sieve's inner loop)
(module
  (memory 1)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))

  ;; marks every step-th byte from 2000 + i while i + step is below end (unsigned)
  (func (export "mark") (param $i i32) (param $step i32) (param $end i32)
    (loop $l
      (i32.store8 (i32.add (local.get $i) (i32.const 2000)) (i32.const 3))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (local.get $step))) (local.get $end)))))

  ;; stores at i while i + step != end, the step possibly negative
  (func (export "walk") (param $i i32) (param $step i32) (param $end i32)
    (loop $l
      (i32.store8 (local.get $i) (i32.const 4))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (local.get $step))) (local.get $end)))))

  ;; dst[i] = table[src[i]] for i while i + 1 is below n: the table's access
  ;; is not affine and keeps its check in the copy checked up front
  (func (export "translate") (param $src i32) (param $dst i32) (param $n i32) (param $table i32)
    (local $i i32)
    (loop $l
      (i32.store8 (i32.add (local.get $dst) (local.get $i))
        (i32.load8_u (i32.add (local.get $table)
                              (i32.load8_u (i32.add (local.get $src) (local.get $i))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))

  ;; byte stores at i + 16 for i up by 4 while i + 4 is below end (unsigned):
  ;; from -16 with end = 2^32 - 1 the count wraps past 0 before it reaches
  ;; end, and goes on until the store leaves memory
  (func (export "jump_over") (param $i i32) (param $end i32)
    (loop $l
      (i32.store8 (i32.add (local.get $i) (i32.const 16)) (i32.const 6))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $end)))))

  ;; i32x4 sums of the 16-byte blocks at p + i (and a splat of a word in each),
  ;; stored at q + i as they grow, while i + 16 is below n
  (func (export "vsum") (param $p i32) (param $q i32) (param $n i32) (result i32)
    (local $i i32) (local $acc v128)
    (loop $l
      (local.set $acc (i32x4.add (local.get $acc) (v128.load (i32.add (local.get $p) (local.get $i)))))
      (local.set $acc (i32x4.add (local.get $acc)
                                 (v128.load32_splat offset=4 (i32.add (local.get $p) (local.get $i)))))
      (v128.store (i32.add (local.get $q) (local.get $i)) (local.get $acc))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $n))))
    (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))

  ;; the sum of the bytes at i + 1 for i up by 2 while i + 2 != end; i doubles as a
  ;; temporary in the trip and gets its next value from a copy at the end
  (func (export "sum_odd") (param $i i32) (param $end i32) (result i32)
    (local $next i32) (local $sum i32)
    (loop $l
      (local.set $next (i32.add (local.get $i) (i32.const 2)))
      (local.set $i (i32.load8_u offset=1 (local.get $i)))
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (local.set $i (local.get $next))
      (br_if $l (i32.ne (local.get $next) (local.get $end))))
    (local.get $sum))
)

(assert_return (invoke "mark" (i32.const 0) (i32.const 7) (i32.const 100)))
(assert_return (invoke "load8" (i32.const 2098)) (i32.const 3))
(assert_return (invoke "load8" (i32.const 2099)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 2097)) (i32.const 0))
(assert_return (invoke "mark" (i32.const 10) (i32.const 0x7fffffff) (i32.const 11)))
(assert_return (invoke "load8" (i32.const 2010)) (i32.const 3))
(assert_return (invoke "mark" (i32.const 20) (i32.const -1) (i32.const 5)))
(assert_return (invoke "load8" (i32.const 2020)) (i32.const 3))
(assert_return (invoke "load8" (i32.const 2019)) (i32.const 0))
(assert_trap (invoke "mark" (i32.const 63000) (i32.const 500) (i32.const 70000)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65500)) (i32.const 3))
(assert_return (invoke "mark" (i32.const 63000) (i32.const 500) (i32.const 64000)))

(assert_return (invoke "walk" (i32.const 100) (i32.const -3) (i32.const 1)))
(assert_return (invoke "load8" (i32.const 4)) (i32.const 4))
(assert_return (invoke "load8" (i32.const 3)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 1)) (i32.const 0))
(assert_trap (invoke "walk" (i32.const 65530) (i32.const 1) (i32.const 65540)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 4))
(assert_trap (invoke "walk" (i32.const 10) (i32.const -3) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 1)) (i32.const 4))
(assert_trap (invoke "walk" (i32.const 5) (i32.const 0x10000) (i32.const 0x40000)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 5)) (i32.const 4))
(assert_return (invoke "walk" (i32.const 65535) (i32.const 0x80000000) (i32.const 0x8000ffff)))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 4))

(assert_return (invoke "sum_odd" (i32.const 1999) (i32.const 2099)) (i32.const 30))
(assert_trap (invoke "sum_odd" (i32.const 65531) (i32.const 65541)) "out of bounds memory access")
(assert_trap (invoke "sum_odd" (i32.const 0) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "sum_odd" (i32.const 65530) (i32.const 65536)) (i32.const 12))

(assert_return (invoke "translate" (i32.const 1990) (i32.const 3000) (i32.const 20) (i32.const 65530)))
(assert_return (invoke "load8" (i32.const 3010)) (i32.const 4))
(assert_return (invoke "load8" (i32.const 3019)) (i32.const 4))
(assert_return (invoke "load8" (i32.const 3020)) (i32.const 0))
(assert_trap (invoke "translate" (i32.const 1990) (i32.const 4000) (i32.const 20) (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 4009)) (i32.const 4))
(assert_return (invoke "load8" (i32.const 4010)) (i32.const 0))
(assert_trap (invoke "translate" (i32.const 1990) (i32.const 65530) (i32.const 20) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0))

(assert_trap (invoke "jump_over" (i32.const -16) (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65532)) (i32.const 6))
(assert_return (invoke "load8" (i32.const 65533)) (i32.const 0))
(assert_return (invoke "jump_over" (i32.const -16) (i32.const -4)))
(assert_return (invoke "load8" (i32.const 65529)) (i32.const 0))

(assert_return (invoke "vsum" (i32.const 1990) (i32.const 8192) (i32.const 64)) (i32.const 0x360060c))
(assert_return (invoke "load8" (i32.const 8240)) (i32.const 6))
(assert_trap (invoke "vsum" (i32.const 65000) (i32.const 16384) (i32.const 1024)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 16903)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 16920)) (i32.const 6))
(assert_trap (invoke "vsum" (i32.const 0) (i32.const 65500) (i32.const 64)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65500)) (i32.const 12))
