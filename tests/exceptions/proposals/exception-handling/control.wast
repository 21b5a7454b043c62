;; wasm2c-lite's own exception-handling tests (run by spec-tests/run.py with
;; --testsuite tests/exceptions --proposal exception-handling): every way
;; out of a try body must disarm its frame, so that a later throw is not
;; caught by a try that was already left.

(module
  (tag $e0)
  (tag $e1)
  (tag $ei (param i32))
  (tag $emix (param i64 f32 f64 i32))
  (tag $eref (param externref funcref))
  (tag $ev (param v128))
  (global $g (mut i32) (i32.const 0))
  (table funcref (elem $thrower $id))

  (func $thrower (param i32) (result i32) (local.get 0) (throw $ei))
  (func $id (param i32) (result i32) (local.get 0))
  (func $throw0 (throw $e0))

  ;; br out of a try body, then a throw: must reach the caller.
  (func (export "br-out-then-throw") (result i32)
    (try (result i32)
      (do
        (block $out
          (try (do (br $out)) (catch $e0 (return (i32.const 1)))))
        (throw $e1))
      (catch $e1 (i32.const 2))))

  ;; br out of two nested tries at once (a stale try would return 8 or 9).
  (func (export "br-out-of-two") (result i32)
    (block $out
      (try (do (try (do (br $out)) (catch_all (return (i32.const 8)))))
           (catch_all (return (i32.const 9)))))
    (call $throw0)
    (i32.const 0))

  ;; br_if and br_table out of tries.
  (func (export "br-if-out") (param i32) (result i32)
    (block $out
      (try (do (br_if $out (local.get 0))) (catch_all (return (i32.const 9)))))
    (call $throw0)
    (i32.const 0))
  (func (export "br-table-out") (param i32) (result i32)
    (block $b0
      (block $b1
        (try (do (try (do (br_table $b0 $b1 (local.get 0))) (catch_all (return (i32.const 8)))))
             (catch_all (return (i32.const 9))))))
    (call $throw0)
    (i32.const 0))

  ;; return from inside nested tries, then the caller's try (a stale frame
  ;; would longjmp into the returned function).
  (func $ret-inside (result i32)
    (try (result i32) (do (try (result i32) (do (return (i32.const 7))) (catch_all (i32.const 0))))
         (catch_all (i32.const 0))))
  (func (export "return-then-throw") (result i32)
    (call $ret-inside) (drop) (call $throw0) (i32.const 0))
  (func (export "return-inside") (result i32)
    (try (result i32)
      (do (call $ret-inside) (call $throw0))
      (catch $e0 (i32.const 70))))
  (func (export "return-inside-uncaught") (result i32)
    (call $ret-inside) (drop) (call $throw0) (i32.const 0))

  ;; A try in a loop, entered many times; a loop in a try.
  (func (export "try-in-loop") (param i32) (result i32)
    (local $sum i32)
    (loop $l
      (try
        (do (if (i32.and (local.get 0) (i32.const 1)) (then (throw $ei (local.get 0)))))
        (catch $ei (global.set $g (i32.const 1)) (local.set $sum (i32.add (local.get $sum)))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get $sum))
  (func (export "loop-in-try") (param i32) (result i32)
    (local $n i32)
    (try (result i32)
      (do
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (if (i32.eq (local.get $n) (local.get 0)) (then (throw $ei (local.get $n))))
          (br $l))
        (i32.const 0))
      (catch $ei (i32.mul (i32.const 10)))))

  ;; Values of every kind travel with the exception.
  (func (export "mixed") (param i64 f32 f64 i32) (result i64 f32 f64 i32)
    (try (result i64 f32 f64 i32)
      (do (local.get 0) (local.get 1) (local.get 2) (local.get 3) (throw $emix))
      (catch $emix)))
  (func (export "refs") (param externref) (result externref i32)
    (try (result externref i32)
      (do (local.get 0) (ref.func $id) (throw $eref))
      (catch $eref (ref.is_null))))
  (func (export "v128") (result i32)
    (try (result i32)
      (do (v128.const i32x4 1 2 3 4) (throw $ev))
      (catch $ev (i32x4.extract_lane 2))))

  ;; Locals set in the body are seen by the handler (volatile across setjmp).
  (func (export "locals-survive") (param i32) (result i32)
    (local $x i32) (local $y i64)
    (try
      (do
        (local.set $x (i32.add (local.get 0) (i32.const 1)))
        (local.set $y (i64.const 40))
        (call $thrower (local.get $x))
        (drop))
      (catch $ei (local.set $x (i32.add (local.get $x)))))
    (i32.add (local.get $x) (i32.wrap_i64 (local.get $y))))

  ;; Exceptions from call_indirect and multi-value calls inside a try.
  (func $two (param i32) (result i32 i32)
    (if (local.get 0) (then (throw $ei (i32.const 3))))
    (i32.const 1) (i32.const 2))
  (func (export "multi-value-call") (param i32) (result i32)
    (try (result i32)
      (do (call $two (local.get 0)) (i32.add))
      (catch $ei (i32.const 100) (i32.add))))
  (func (export "indirect") (param i32) (result i32)
    (try (result i32)
      (do (call_indirect (param i32) (result i32) (i32.const 8) (local.get 0)))
      (catch $ei)))

  ;; A try with block parameters.
  (type $ii (func (param i32) (result i32)))
  (func (export "try-params") (param i32) (result i32)
    (local.get 0)
    (try (type $ii)
      (do (i32.const 1) (i32.add) (throw $ei))
      (catch $ei (i32.const 2) (i32.mul))))

  ;; Traps pass every try; the embedder sees the trap.
  (func (export "trap-through") (result i32)
    (try (result i32)
      (do (try (result i32) (do (i32.div_u (i32.const 1) (i32.const 0))) (catch_all (i32.const 1))))
      (catch_all (i32.const 2))))

  ;; rethrow from catch_all reaches an outer typed catch with its values.
  (func (export "rethrow-values") (result i32)
    (try (result i32)
      (do (try (do (throw $ei (i32.const 33))) (catch_all (rethrow 0))) (i32.const 0))
      (catch $ei)))
  ;; The handler's own exception is caught inside it; rethrow still has the first.
  (func (export "rethrow-after-inner") (result i32)
    (try (result i32)
      (do
        (try (do (throw $ei (i32.const 1)))
          (catch $ei
            (drop)
            (try (do (throw $ei (i32.const 2))) (catch $ei (drop)))
            (rethrow 0)))
        (i32.const 0))
      (catch $ei)))

  ;; delegate to the function: past the enclosing catch_all, to the caller.
  (func $delegate-out
    (try (do (try (do (call $throw0)) (delegate 1))) (catch_all (unreachable))))
  (func (export "delegate-out") (result i32)
    (try (result i32) (do (call $delegate-out) (i32.const 0)) (catch $e0 (i32.const 4))))
  ;; delegate inside a handler to a label between tries.
  (func (export "delegate-in-handler") (result i32)
    (try (result i32)
      (do
        (try (do (throw $e0))
          (catch $e0
            (block
              (try (do (try (do (throw $e1)) (delegate 1))) (catch_all (unreachable))))))
        (i32.const 0))
      (catch $e1 (i32.const 6))))

  ;; Deep recursion through tries: the call depth comes back.
  (func $deep (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (throw $ei (i32.const 0)))
      (else
        (try (result i32)
          (do (call $deep (i32.sub (local.get 0) (i32.const 1))))
          (catch $e0 (i32.const -1))))))
  (func (export "deep") (param i32) (result i32)
    (try (result i32) (do (call $deep (local.get 0))) (catch $ei (drop) (i32.const 1))))
  (func (export "deep-twice") (result i32)
    (drop (call 0 (i32.const 100)))  ;; $thrower: uncaught here, caught below
    (i32.const 0))
  (func (export "deep-catch-each") (param i32) (result i32)
    (local $i i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n)
        (try (result i32) (do (call $deep (i32.const 1000))) (catch $ei (drop) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $n))
)

(assert_return (invoke "br-out-then-throw") (i32.const 2))
(assert_exception (invoke "br-out-of-two"))
(assert_exception (invoke "br-if-out" (i32.const 1)))
(assert_exception (invoke "br-if-out" (i32.const 0)))
(assert_exception (invoke "br-table-out" (i32.const 0)))
(assert_exception (invoke "br-table-out" (i32.const 1)))
(assert_exception (invoke "br-table-out" (i32.const 2)))
(assert_return (invoke "return-inside") (i32.const 70))
(assert_exception (invoke "return-inside-uncaught"))
(assert_exception (invoke "return-then-throw"))
(assert_return (invoke "try-in-loop" (i32.const 6)) (i32.const 9))
(assert_return (invoke "loop-in-try" (i32.const 4)) (i32.const 40))
(assert_return (invoke "mixed" (i64.const -5) (f32.const 1.5) (f64.const -2.25) (i32.const 9))
               (i64.const -5) (f32.const 1.5) (f64.const -2.25) (i32.const 9))
(assert_return (invoke "refs" (ref.extern 3)) (ref.extern 3) (i32.const 0))
(assert_return (invoke "v128") (i32.const 3))
(assert_return (invoke "locals-survive" (i32.const 1)) (i32.const 44))
(assert_return (invoke "multi-value-call" (i32.const 0)) (i32.const 3))
(assert_return (invoke "multi-value-call" (i32.const 1)) (i32.const 103))
(assert_return (invoke "indirect" (i32.const 0)) (i32.const 8))
(assert_return (invoke "indirect" (i32.const 1)) (i32.const 8))
(assert_trap (invoke "indirect" (i32.const 2)) "undefined element")
(assert_return (invoke "try-params" (i32.const 4)) (i32.const 10))
(assert_trap (invoke "trap-through") "integer divide by zero")
(assert_return (invoke "rethrow-values") (i32.const 33))
(assert_return (invoke "rethrow-after-inner") (i32.const 1))
(assert_return (invoke "delegate-out") (i32.const 4))
(assert_return (invoke "delegate-in-handler") (i32.const 6))
(assert_return (invoke "deep" (i32.const 5000)) (i32.const 1))
(assert_exception (invoke "deep-twice"))
(assert_return (invoke "deep-catch-each" (i32.const 50)) (i32.const 50))
(assert_exhaustion (invoke "deep" (i32.const 100000)) "call stack exhausted")
(assert_return (invoke "deep" (i32.const 100)) (i32.const 1))
