;; The module the embedder tests instantiate (tests/embed/run.py compiles it
;; with wat2wasm and translates it with the prefix `embed`).
(module
  ;; Traps (w2cl_trap(W2CL_TRAP_HOST)) when its argument is nonzero, else returns 7.
  (import "host" "maybe_trap" (func $maybe_trap (param i32) (result i32)))
  ;; Calls back into the instance (export "twice") and returns the result plus 1.
  (import "host" "callback" (func $callback (param i32) (result i32)))
  (memory (export "mem") 1 8)
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (global $after (export "after") (mut i32) (i32.const 0))

  ;; counts the call, calls the import, and only then marks "after"
  (func (export "call_import") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call $maybe_trap (local.get 0))
    (global.set $after (i32.add (global.get $after) (i32.const 1)))
    (i32.add (i32.const 100)))
  (func $twice (export "twice") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.mul (local.get 0) (i32.const 2)))
  ;; 2x + 2 through the host, and nested: depth levels of wasm -> host -> wasm
  (func (export "call_back") (param i32) (result i32)
    (i32.add (call $callback (local.get 0)) (i32.const 1)))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_u (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
