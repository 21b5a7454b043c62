;; A module for --split: functions that call each other across the part
;; files (directly, through the table, by tail calls), with a passive data
;; segment and a mutable global, so every declaration the parts share is used.
(module
  (type $i2i (func (param i32) (result i32)))
  (memory 1)
  (data $msg "split!")
  (table 4 funcref)
  (elem (i32.const 0) $even $odd $fac $twice)
  (global $count (mut i32) (i32.const 0))
  ;; Exports named like the translator's own short names: their C names
  ;; (sa_f0, sa_type0, sa_data0) must not clash with the split functions'.
  (export "f0" (func $fac))
  (export "type0" (func $twice))
  (export "data0" (func $odd))

  ;; Mutual recursion by return_call_indirect: constant C stack at any depth.
  (func $even (type $i2i)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect (type $i2i) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
  (func $odd (type $i2i)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect (type $i2i) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))
  (func $fac (type $i2i)
    (if (result i32) (i32.le_u (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fac (i32.sub (local.get 0) (i32.const 1)))))))
  (func $twice (type $i2i) (i32.add (call $fac (local.get 0)) (call $fac (local.get 0))))

  (func (export "iseven") (param i32) (result i32) (call $even (local.get 0)))
  (func (export "apply") (param $f i32) (param $x i32) (result i32)
    (call_indirect (type $i2i) (local.get $x) (local.get $f)))
  (func (export "lastbyte") (result i32)
    (memory.init $msg (i32.const 100) (i32.const 0) (i32.const 6))
    (i32.load8_u (i32.const 105)))
  (func (export "count") (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count)))
