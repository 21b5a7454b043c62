;; Atomic counters, wait and notify on an imported shared memory. Layout:
;; 0: i32 counter (rmw.add)   8: i64 counter (rmw.add)   16: i32 counter (cmpxchg loop)
;; 24: i8 counter (rmw8.add_u)   32, 40: wait cells
(module
  (import "owner" "memory" (memory 1 2 shared))

  (func (export "add32") (param $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again))))

  (func (export "add64") (param $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again))))

  ;; Increment by compare-exchange: retry until the value did not change between.
  (func (export "casinc") (param $n i32)
    (local $old i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (loop $retry
          (local.set $old (i32.atomic.load (i32.const 16)))
          (br_if $retry
            (i32.ne
              (i32.atomic.rmw.cmpxchg (i32.const 16) (local.get $old)
                                      (i32.add (local.get $old) (i32.const 1)))
              (local.get $old))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again))))

  (func (export "add8") (param $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i32.atomic.rmw8.add_u (i32.const 24) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again))))

  (func (export "load32") (param $addr i32) (result i32)
    (i32.atomic.load (local.get $addr)))
  (func (export "load64") (param $addr i32) (result i64)
    (i64.atomic.load (local.get $addr)))
  (func (export "load8") (param $addr i32) (result i32)
    (i32.atomic.load8_u (local.get $addr)))
  (func (export "store32") (param $addr i32) (param $value i32)
    (i32.atomic.store (local.get $addr) (local.get $value))
    (atomic.fence))
  (func (export "wait32") (param $addr i32) (param $expected i32) (param $timeout i64) (result i32)
    (memory.atomic.wait32 (local.get $addr) (local.get $expected) (local.get $timeout)))
  (func (export "wait64") (param $addr i32) (param $expected i64) (param $timeout i64) (result i32)
    (memory.atomic.wait64 (local.get $addr) (local.get $expected) (local.get $timeout)))
  (func (export "notify") (param $addr i32) (param $count i32) (result i32)
    (memory.atomic.notify (local.get $addr) (local.get $count)))

  ;; Waits until the cell at $addr is non-zero: the usual loop around wait.
  (func (export "waitnonzero") (param $addr i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.atomic.load (local.get $addr)))
        (drop (memory.atomic.wait32 (local.get $addr) (i32.const 0) (i64.const -1)))
        (br $again)))
    (i32.atomic.load (local.get $addr))))
