;; Reduced from seed 108693: gcc 12.2 -O2 crashes (internal compiler error, segfault
;; in RTL expand) on the C of this module; see gcc12-ice-dead-v128-load.c.
(module
 (type $i64_v128_f64_f32_i32_f32_i64_=>_none (func (param i64 v128 f64 f32 i32 f32 i64)))
 (memory $0 16 17)
 (func $0 (param $0 i64) (param $1 v128) (param $2 f64) (param $3 f32) (param $4 i32) (param $5 f32) (param $6 i64)
  (drop
   (v128.load offset=22
    (f64.gt
     (f64.load offset=22 align=2
      (i32.const 0)
     )
     (f64.const 140737488355327)
    )
   )
  )
 )
)

