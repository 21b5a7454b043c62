;; Accesses at the end of memory, for guard-page builds (W2CL_GUARD_PAGES),
;; where an access's fault is its bounds check: each access must still
;; happen in program order, whole or not at all, even when the C compiler
;; would like to merge, move or drop it. Passes in every build.
(module
  (memory 1 3)
  (global $g (mut i32) (i32.const 0))
  ;; stores a C compiler merges into one wider store
  (func (export "store2x4") (param i32)
    (i32.store (local.get 0) (i32.const 0x01010101))
    (i32.store offset=4 (local.get 0) (i32.const 0x02020202)))
  (func (export "store4x1") (param i32)
    (i32.store8 (local.get 0) (i32.const 1))
    (i32.store8 offset=1 (local.get 0) (i32.const 2))
    (i32.store8 offset=2 (local.get 0) (i32.const 3))
    (i32.store8 offset=3 (local.get 0) (i32.const 4)))
  ;; effects before an access that faults
  (func (export "store_then_load") (param i32) (result i32)
    (i32.store (i32.const 100) (i32.const 7))
    (i32.load (local.get 0)))
  (func (export "global_then_load") (param i32) (result i32)
    (global.set $g (i32.const 9))
    (i32.load (local.get 0)))
  ;; a store across the end writes nothing
  (func (export "i64.store") (param i32) (i64.store (local.get 0) (i64.const -1)))
  (func (export "v128.store") (param i32) (v128.store (local.get 0) (v128.const i64x2 -1 -1)))
  ;; loads whose values are never used
  (func (export "drop.i32.load") (param i32) (drop (i32.load (local.get 0))))
  (func (export "drop.v128.load") (param i32) (drop (v128.load (local.get 0))))
  (func (export "drop.f64.load") (param i32) (drop (f64.load offset=4294967295 (local.get 0))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "g") (result i32) (global.get $g))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
(assert_trap (invoke "store2x4" (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0x01010101))
(assert_trap (invoke "store4x1" (i32.const 65534)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65534)) (i32.const 1))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 2))
(assert_trap (invoke "store_then_load" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "load" (i32.const 100)) (i32.const 7))
(assert_trap (invoke "global_then_load" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "g") (i32.const 9))
(assert_trap (invoke "i64.store" (i32.const 65530)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65530)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 65531)) (i32.const 0))
(assert_trap (invoke "v128.store" (i32.const 65521)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65521)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 65529)) (i32.const 0))
(assert_trap (invoke "drop.i32.load" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "drop.v128.load" (i32.const 65521)) "out of bounds memory access")
(assert_trap (invoke "drop.f64.load" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "drop.f64.load" (i32.const 0xffffffff)) "out of bounds memory access")
;; growth makes the next page accessible (and zero), and no more
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "load" (i32.const 65536)) (i32.const 0))
(assert_return (invoke "drop.v128.load" (i32.const 131056)))
(assert_trap (invoke "drop.v128.load" (i32.const 131057)) "out of bounds memory access")
(assert_return (invoke "grow" (i32.const 2)) (i32.const -1))
(assert_trap (invoke "drop.i32.load" (i32.const 131072)) "out of bounds memory access")

;; no pages at all: every access faults
(module
  (memory 0)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32) (i32.store8 (local.get 0) (i32.const 1))))
(assert_trap (invoke "load" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "store" (i32.const 0)) "out of bounds memory access")
