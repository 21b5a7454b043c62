;; Tables, call_indirect, br_table, multi-value and floats.
(module
  (type $binop (func (param f64 f64) (result f64)))
  (table $ops 4 funcref)
  (elem (table $ops) (i32.const 0) func $add $sub $mul $div)

  (func $add (type $binop) (f64.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (f64.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (f64.mul (local.get 0) (local.get 1)))
  (func $div (type $binop) (f64.div (local.get 0) (local.get 1)))

  ;; Applies operator $op (0..3) through the table; traps on others.
  (func (export "apply") (param $op i32) (param $a f64) (param $b f64) (result f64)
    (call_indirect $ops (type $binop) (local.get $a) (local.get $b) (local.get $op)))

  ;; Quotient and remainder at once.
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; A small classifier with br_table.
  (func (export "classify") (param $x i32) (result i32)
    (block $other
      (block $two
        (block $one
          (block $zero
            (br_table $zero $one $two $other (local.get $x)))
          (return (i32.const 100)))
        (return (i32.const 101)))
      (return (i32.const 102)))
    (i32.const -1)))
