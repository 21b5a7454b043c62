;; A module whose start function traps after memory, table and data are set
;; up; `mode` (an imported global) picks the trap: 0 unreachable, 1 a host
;; trap through the import, 2 out-of-bounds memory access.
(module
  (import "host" "mode" (global $mode i32))
  (import "host" "maybe_trap" (func $maybe_trap (param i32) (result i32)))
  (memory 2)
  (table 4 funcref)
  (elem (i32.const 0) $start $start)
  (data (i32.const 0) "initialised before the start function")
  (func $start
    (if (i32.eq (global.get $mode) (i32.const 0)) (then unreachable))
    (if (i32.eq (global.get $mode) (i32.const 1))
      (then (drop (call $maybe_trap (i32.const 1)))))
    (drop (i32.load (i32.const 0x20000))))
  (start $start))
