;; Defines the shared memory that the instances of threads.wat import.
(module
  (memory (export "memory") 1 2 shared)
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))
  (func (export "size") (result i32)
    (memory.size)))
