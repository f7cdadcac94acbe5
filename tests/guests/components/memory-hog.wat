;; memory-hog: a wasi:http/proxy handler, written by hand in the component text format, that grows its memory one
;; page (64 KiB) at a time until the host refuses (memory.grow answers -1), then traps, as a guest whose allocator
;; fails does. It never answers. The refusal comes at the module's memory cap; through Wasmtime 50's C API mik
;; cannot yet tell it from any other trap (docs/components.md), so the request ends 500 handler_trap.
;; Built by scripts/build-guests.sh through the shipped libwasmtime.so's wasmtime_wat2wasm.
(component
  ;; wasi:http/types: only the two resource types handle's parameters name.
  (import "wasi:http/types@0.2.0" (instance $types
    (export "incoming-request" (type (sub resource)))
    (export "response-outparam" (type (sub resource)))))
  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "response-outparam" (type $response-outparam))

  (core module $Hog
    (memory 1)
    (func (export "handle") (param $request i32) (param $response-out i32)
      (loop $grow
        (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
      unreachable))
  (core instance $hog (instantiate $Hog))

  (func $handle
    (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $hog "handle")))

  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
