;; `local.get 1` as a loop's result is flushed into its slot at the loop's
;; end (`s0_i64 = l1;`); the emitter once dropped that line together with the
;; `local.set 1` that follows, leaving l1 declared and never used (a C
;; compiler warning, an error under -Werror). Found by fuzz/compile_check.py.
(module
  (func (export "f") (local i64)
    (loop (result i64) (local.get 0))
    (local.set 0)))
