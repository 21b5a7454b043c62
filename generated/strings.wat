;; Linear memory, a data segment, an imported host function and a mutable
;; exported global: what an embedder wires up.
(module
  (import "host" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (data (i32.const 16) "Hello from wasm!")

  ;; Length of the NUL-terminated string at $p.
  (func $strlen (export "strlen") (param $p i32) (result i32)
    (local $q i32)
    (local.set $q (local.get $p))
    (block $end
      (loop $scan
        (br_if $end (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $scan)))
    (i32.sub (local.get $q) (local.get $p)))

  ;; A rolling checksum of the n > 0 bytes at $p. The loop's trips are known
  ;; when it starts, so its C has a copy checked once up front.
  (func (export "checksum") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $each
      (local.set $sum (i32.add (i32.rotl (local.get $sum) (i32.const 5))
                               (i32.load8_u (i32.add (local.get $p) (local.get $i)))))
      (br_if $each (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))

  ;; Upper-cases the greeting in place and hands it to the host.
  (func (export "shout")
    (local $i i32) (local $c i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (loop $each
      (local.set $c (i32.load8_u offset=16 (local.get $i)))
      (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
        (then (i32.store8 offset=16 (local.get $i) (i32.sub (local.get $c) (i32.const 32)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (call $strlen (i32.const 16)))))
    (call $print (i32.const 16) (call $strlen (i32.const 16)))))
