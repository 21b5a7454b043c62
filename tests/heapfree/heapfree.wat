;; The module of the heap-free test (run.py): a memory with a maximum larger
;; than the cap the test gives (4 pages declared, --max-memory-pages 2), a
;; table without a maximum (--max-table-elements 4), active and passive
;; data and element segments, and a global that tells instances apart.
;; Regenerate heapfree.wasm with: wat2wasm heapfree.wat -o heapfree.wasm
(module
  (type $ret_i32 (func (result i32)))
  (memory (export "memory") 1 4)
  (table $t (export "table") 2 funcref)
  (global $id (export "id") (mut i32) (i32.const 0))

  (data (i32.const 0) "hi")
  (data $passive "XYZ")
  (elem (i32.const 0) func $one $two)
  (elem $later func $three)

  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func $three (result i32) (i32.const 3))

  (func (export "set_id") (param i32) (global.set $id (local.get 0)))
  (func (export "get_id") (result i32) (global.get $id))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect (type $ret_i32) (local.get 0)))
  (func (export "table_grow") (param i32) (result i32)
    (table.grow $t (ref.func $three) (local.get 0)))
  (func (export "table_size") (result i32) (table.size $t))
  ;; memory.init and table.init from the passive segments, then drop them.
  (func (export "init_passive") (param $dst i32) (param $slot i32)
    (memory.init $passive (local.get $dst) (i32.const 0) (i32.const 3))
    (table.init $later (local.get $slot) (i32.const 0) (i32.const 1))
    (data.drop $passive)
    (elem.drop $later))
  ;; Deep recursion for the trap handler's "before unwinding" check.
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.load (i32.const -1)))
      (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))
