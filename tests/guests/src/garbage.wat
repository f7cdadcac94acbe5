;; garbage: writes "this is not cgi\n" to stdout: no header, no blank line.
;; The host must answer 500 invalid_handler_output.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: { buf = 16, len = 16 }
  (data (i32.const 0) "\10\00\00\00\10\00\00\00")
  (data (i32.const 16) "this is not cgi\n")
  (func (export "_start")
    ;; fd 1 (stdout), 1 iovec at 0, bytes-written out-param at 8
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
