(module (import "6env" "f" (func $f (param i32))) (import "" "g" (func $g))
  (func (export "run") (call $f (i32.const 1)) (call $g)))
