;; twoentry: exports the same handler as `_start` and as `alt`, so an instance configured with
;; `[modules.<name>] entrypoint = "alt"` can serve it while it refuses a version without `alt` (hello).
;; Answers 200 text/plain `two entrypoints`.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "Content-Type: text/plain\n\ntwo entrypoints\n")
  (func $run
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 42))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (export "_start" (func $run))
  (export "alt" (func $run)))
