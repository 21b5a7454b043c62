;; Exception handling as the embedder sees it (tests/embed/exceptions.c;
;; run.py compiles it with wat2wasm --enable-exceptions and translates it
;; with --enable-exceptions and the prefix `exceptions`).
(module
  ;; A tag the host defines: the host throws it, wasm catches it.
  (import "host" "tag" (tag $host (param i32)))
  ;; Throws depending on its argument (see exceptions.c), or returns.
  (import "host" "call" (func $host_call (param i32)))
  (tag $e (export "e") (param i32 i64))
  (tag $empty (export "empty"))
  (global $after (export "after") (mut i32) (i32.const 0))

  (func (export "throw") (param i32 i64) (local.get 0) (local.get 1) (throw $e))
  (func (export "throw0") (throw $empty))
  ;; What wasm caught from the host: 1000 + value of $host, 2000 + first
  ;; value of $e, 0 when the host returned; anything else goes on.
  (func (export "callhost") (param i32) (result i32)
    (try (result i32)
      (do (call $host_call (local.get 0)) (i32.const 0))
      (catch $host (i32.const 1000) (i32.add))
      (catch $e (drop) (i32.const 2000) (i32.add))))
  ;; Traps are not caught by wasm; the code after them never runs.
  (func (export "trapintry") (result i32)
    (try (result i32)
      (do (unreachable))
      (catch_all (global.set $after (i32.const 1)) (i32.const 1))))
  ;; catch_all + rethrow: the embedder gets the original tag and values.
  (func (export "rethrow") (param i32)
    (try (do (local.get 0) (i64.const -1) (throw $e))
      (catch_all (global.set $after (i32.add (global.get $after) (i32.const 1))) (rethrow 0))))
)
