;; What V8 cannot pass to or from JS (README.md): an export with v128 in its
;; type and a call of the log-v128 import are "trap jstype" on both sides;
;; call depth exhaustion is "trap exhaustion"; i64 and multi-value results.
(module
  (import "fuzzing-support" "log-i64" (func $logl (param i64)))
  (import "fuzzing-support" "log-v128" (func $logv (param v128)))
  (global $depth (mut i32) (i32.const 0))
  (func (export "v128-result") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "v128-param") (param v128))
  (func (export "log-v128") (call $logl (i64.const -5)) (call $logv (v128.const i64x2 1 2)) (call $logl (i64.const 6)))
  (func $rec (export "recurse") (global.set $depth (i32.add (global.get $depth) (i32.const 1))) (call $rec))
  (func (export "multi") (param i64 i32) (result i64 i32 f64)
    (local.get 0) (local.get 1) (f64.convert_i64_s (local.get 0)))
  (func (export "refs") (param externref funcref) (result externref funcref funcref)
    (local.get 0) (local.get 1) (ref.func $rec))
)
