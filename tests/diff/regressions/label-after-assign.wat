;; The emitter once folded `slot = 2; L: local = slot;` into `local = 2; L:`,
;; moving the local.set before the label that br_if jumps to: with a nonzero
;; argument the function returned 0 instead of 1 (a hang in bench/sort).
(module
  (func (export "f") (param i32) (result i32) (local i32)
    (block (result i32)
      (i32.const 1)
      (local.get 0)
      (br_if 0)
      (drop)
      (i32.const 2))
    (local.set 1)
    (local.get 1)))
