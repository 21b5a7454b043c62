;; The module of direct_imports.c, translated with --direct-imports: its
;; imports are the C functions w2cl_import_host_add and w2cl_import_host_fail.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "host" "add" (func $add (type $bin)))
  (import "host" "fail" (func $fail))
  (table (export "tab") 2 funcref)
  (elem (i32.const 0) $add $sum)
  (func $sum (export "sum") (type $bin)
    (call $add (local.get 0) (local.get 1)))
  ;; through the table: 0 is the import itself, 1 is $sum
  (func (export "sum_indirect") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fail") (call $fail))
  (export "add" (func $add)))
