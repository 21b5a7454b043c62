;; NaN results (README.md: any two NaNs of a type agree): an arithmetic NaN
;; from a non-canonical input, whose sign gcc's constant folding may drop
;; (seen at -O1), and exact bit patterns where the spec fixes them.
(module
  (import "fuzzing-support" "log-f32" (func $logf (param f32)))
  (import "fuzzing-support" "log-f64" (func $logd (param f64)))
  (import "fuzzing-support" "log-i32" (func $logi (param i32)))
  (global $g (mut f32) (f32.const 9223372036854775808))
  (func (export "add-nan")
    (call $logf (f32.add (f32.const -nan:0x7fffab) (global.get $g)))
    (call $logd (f64.div (f64.const 0) (f64.const 0))))
  (func (export "bits") (result i32 i64)
    ;; neg, abs and copysign are bit-exact even on NaNs
    (i32.reinterpret_f32 (f32.neg (f32.const nan:0x200000)))
    (i64.reinterpret_f64 (f64.copysign (f64.const -nan:0x4) (f64.const 1))))
  (func (export "min-max") (param f32 f64) (result f32 f64)
    (call $logf (f32.min (f32.const -0) (f32.const 0)))
    (call $logd (f64.max (f64.const -0) (f64.const 0)))
    (f32.min (local.get 0) (f32.const nan))
    (f64.max (local.get 1) (f64.const -inf)))
)
