;; Atomics on a memory that is not shared: fine, except that wait traps.
(module
  (memory 1 1)
  (func (export "wait32") (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
  (func (export "notify") (result i32)
    (memory.atomic.notify (i32.const 0) (i32.const 1)))
  (func (export "add") (result i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 5)))
    (i32.atomic.load (i32.const 0))))
