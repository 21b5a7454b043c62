;; Reduced from seed 101778 (explained: nan-bits). f32.max of a demoted non-canonical
;; NaN, stored, then its low byte logged: V8 stores the canonical NaN (byte 0x00),
;; wasm2c-lite the propagated payload 0xffffffff (byte 0xff); the spec allows any
;; arithmetic NaN here. run.py must classify it "explained (nan-bits)".
(module
 (type $i32_=>_none (func (param i32)))
 (type $none_=>_f64 (func (result f64)))
 (type $none_=>_none (func))
 (import "fuzzing-support" "log-i32" (func $fimport$0 (param i32)))
 (memory $0 16 17)
 (export "func_8_invoker" (func $1))
 (export "func_6" (func $0))
 (func $0 (result f64)
  (f32.store align=2
   (i32.const 15)
   (f32.max
    (f32.demote_f64
     (f64.const -nan:0xfffffffffffc2)
    )
    (f32.const 26182)
   )
  )
  (f64.const 134217727)
 )
 (func $1
  (call $fimport$0
   (i32.load8_u
    (i32.const 15)
   )
  )
 )
)

