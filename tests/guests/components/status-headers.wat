;; status-headers: a wasi:http/proxy handler, written by hand in the component text format, that shapes its
;; response: status 201 and the header "x-mik: component", body "created\n". On the way it checks mik's
;; refusals and traps if one is missing: fields.append of connection is header-error.forbidden, of a name
;; with a space is invalid-syntax, and set-status-code(600) and (101) are errors (an informational status is
;; not a final answer). It also checks has/delete (x-gone),
;; set (x-set: a, x-set: b), deleting connection (forbidden), and that outgoing-response.headers is immutable.
;; It appends "content-length: 8", which must be taken (as StarlingMonkey's JavaScript components send it).
;; Built from hello-http.wat's frame; see that file for the common parts.
;;
;; It imports only the functions it calls, with the exact WIT signatures of wasi:http@0.2.0 and
;; wasi:io@0.2.0 (so any wasi:http host can serve it), and does what guests built by the usual
;; toolchains do: response first, body, set the outparam, then write, drop the stream, finish.
;; Built by scripts/build-guests.sh through the shipped libwasmtime.so's wasmtime_wat2wasm.
(component
  ;; wasi:io/error: only the resource type, which stream-error names.
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $io-error-t))

  ;; wasi:io/streams: output-stream and the one write the guest uses.
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $io-error-t (type $error-outer))
    (export "error" (type $error (eq $error-outer)))
    (type $stream-error-t (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-t)))
    (export "output-stream" (type $output-stream (sub resource)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))))
  (alias export $streams "output-stream" (type $output-stream-t))

  ;; wasi:http/types: the resources and functions a response needs.
  (import "wasi:http/types@0.2.0" (instance $types
    (alias outer 1 $output-stream-t (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    (type $dns-error-payload-t (record (field "rcode" (option string)) (field "info-code" (option u16))))
    (export "DNS-error-payload" (type $dns-error-payload (eq $dns-error-payload-t)))
    (type $tls-alert-received-payload-t
      (record (field "alert-id" (option u8)) (field "alert-message" (option string))))
    (export "TLS-alert-received-payload" (type $tls-alert-received-payload (eq $tls-alert-received-payload-t)))
    (type $field-size-payload-t (record (field "field-name" (option string)) (field "field-size" (option u32))))
    (export "field-size-payload" (type $field-size-payload (eq $field-size-payload-t)))
    (type $error-code-t (variant
      (case "DNS-timeout")
      (case "DNS-error" $dns-error-payload)
      (case "destination-not-found")
      (case "destination-unavailable")
      (case "destination-IP-prohibited")
      (case "destination-IP-unroutable")
      (case "connection-refused")
      (case "connection-terminated")
      (case "connection-timeout")
      (case "connection-read-timeout")
      (case "connection-write-timeout")
      (case "connection-limit-reached")
      (case "TLS-protocol-error")
      (case "TLS-certificate-error")
      (case "TLS-alert-received" $tls-alert-received-payload)
      (case "HTTP-request-denied")
      (case "HTTP-request-length-required")
      (case "HTTP-request-body-size" (option u64))
      (case "HTTP-request-method-invalid")
      (case "HTTP-request-URI-invalid")
      (case "HTTP-request-URI-too-long")
      (case "HTTP-request-header-section-size" (option u32))
      (case "HTTP-request-header-size" (option $field-size-payload))
      (case "HTTP-request-trailer-section-size" (option u32))
      (case "HTTP-request-trailer-size" $field-size-payload)
      (case "HTTP-response-incomplete")
      (case "HTTP-response-header-section-size" (option u32))
      (case "HTTP-response-header-size" $field-size-payload)
      (case "HTTP-response-body-size" (option u64))
      (case "HTTP-response-trailer-section-size" (option u32))
      (case "HTTP-response-trailer-size" $field-size-payload)
      (case "HTTP-response-transfer-coding" (option string))
      (case "HTTP-response-content-coding" (option string))
      (case "HTTP-response-timeout")
      (case "HTTP-upgrade-failed")
      (case "HTTP-protocol-error")
      (case "loop-detected")
      (case "configuration-error")
      (case "internal-error" (option string))))
    (export "error-code" (type $error-code (eq $error-code-t)))
    (export "fields" (type $fields (sub resource)))
    (export "headers" (type $headers (eq $fields)))
    (export "trailers" (type $trailers (eq $fields)))
    (export "incoming-request" (type $incoming-request (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (export "[constructor]fields" (func (result (own $fields))))
    (type $header-error-t (variant (case "invalid-syntax") (case "forbidden") (case "immutable")))
    (export "header-error" (type $header-error (eq $header-error-t)))
    (export "[method]fields.append"
      (func (param "self" (borrow $fields)) (param "name" string) (param "value" (list u8))
            (result (result (error $header-error)))))
    (export "[method]fields.set"
      (func (param "self" (borrow $fields)) (param "name" string) (param "value" (list (list u8)))
            (result (result (error $header-error)))))
    (export "[method]fields.delete"
      (func (param "self" (borrow $fields)) (param "name" string) (result (result (error $header-error)))))
    (export "[method]fields.has" (func (param "self" (borrow $fields)) (param "name" string) (result bool)))
    (export "[method]outgoing-response.headers"
      (func (param "self" (borrow $outgoing-response)) (result (own $headers))))
    (export "[method]outgoing-response.set-status-code"
      (func (param "self" (borrow $outgoing-response)) (param "status-code" u16) (result (result))))
    (export "[constructor]outgoing-response"
      (func (param "headers" (own $headers)) (result (own $outgoing-response))))
    (export "[method]outgoing-response.body"
      (func (param "self" (borrow $outgoing-response)) (result (result (own $outgoing-body)))))
    (export "[method]outgoing-body.write"
      (func (param "self" (borrow $outgoing-body)) (result (result (own $output-stream)))))
    (export "[static]outgoing-body.finish"
      (func (param "this" (own $outgoing-body)) (param "trailers" (option (own $trailers)))
            (result (result (error $error-code)))))
    (export "[static]response-outparam.set"
      (func (param "param" (own $response-outparam))
            (param "response" (result (own $outgoing-response) (error $error-code)))))))
  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "fields" (type $fields-t))
  (alias export $types "response-outparam" (type $response-outparam))

  ;; Memory lives in its own module so the lowered imports can name it before the code is instantiated.
  ;; realloc is a bump allocator: the canonical ABI needs one where a host result may hold a string
  ;; (finish's error-code); this guest never receives one, and its instance lives for one request.
  (core module $Memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 0x1000))
    (func (export "realloc") (param i32 i32) (param $align i32) (param $size i32) (result i32)
      (local $at i32)
      (local.set $at (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                              (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $at) (local.get $size)))
      (if (i32.gt_u (global.get $next) (i32.const 0x10000)) (then unreachable))
      (local.get $at)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))

  (core func $fields-new (canon lower (func $types "[constructor]fields")))
  (core func $response-new (canon lower (func $types "[constructor]outgoing-response")))
  (core func $fields-append (canon lower (func $types "[method]fields.append") (memory $mem)))
  (core func $fields-set (canon lower (func $types "[method]fields.set") (memory $mem)))
  (core func $fields-delete (canon lower (func $types "[method]fields.delete") (memory $mem)))
  (core func $fields-has (canon lower (func $types "[method]fields.has") (memory $mem)))
  (core func $response-headers (canon lower (func $types "[method]outgoing-response.headers")))
  (core func $fields-drop (canon resource.drop $fields-t))
  (core func $set-status (canon lower (func $types "[method]outgoing-response.set-status-code")))
  (core func $response-body (canon lower (func $types "[method]outgoing-response.body") (memory $mem)))
  (core func $body-write (canon lower (func $types "[method]outgoing-body.write") (memory $mem)))
  (core func $body-finish (canon lower (func $types "[static]outgoing-body.finish") (memory $mem) (realloc $realloc)))
  (core func $outparam-set (canon lower (func $types "[static]response-outparam.set") (memory $mem)))
  (core func $stream-write
    (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem)))
  (core func $stream-drop (canon resource.drop $output-stream-t))
  (core func $request-drop (canon resource.drop $incoming-request))

  (core module $Handler
    (import "host" "memory" (memory 1))
    (import "host" "fields-new" (func $fields-new (result i32)))
    (import "host" "response-new" (func $response-new (param i32) (result i32)))
    (import "host" "fields-append" (func $fields-append (param i32 i32 i32 i32 i32 i32)))
    (import "host" "fields-set" (func $fields-set (param i32 i32 i32 i32 i32 i32)))
    (import "host" "fields-delete" (func $fields-delete (param i32 i32 i32 i32)))
    (import "host" "fields-has" (func $fields-has (param i32 i32 i32) (result i32)))
    (import "host" "response-headers" (func $response-headers (param i32) (result i32)))
    (import "host" "fields-drop" (func $fields-drop (param i32)))
    (import "host" "set-status" (func $set-status (param i32 i32) (result i32)))
    (import "host" "response-body" (func $response-body (param i32 i32)))
    (import "host" "body-write" (func $body-write (param i32 i32)))
    (import "host" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "host" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "host" "stream-write" (func $stream-write (param i32 i32 i32 i32)))
    (import "host" "stream-drop" (func $stream-drop (param i32)))
    (import "host" "request-drop" (func $request-drop (param i32)))

    ;; 0x100: return area of the lowered calls (a result's case byte at 0, its payload at 4).
    (data (i32.const 0x200) "created\n")
    (data (i32.const 0x300) "x-mik")
    (data (i32.const 0x310) "component")
    (data (i32.const 0x320) "connection")
    (data (i32.const 0x330) "5")
    (data (i32.const 0x340) "x mik")
    (data (i32.const 0x350) "x-gone")
    (data (i32.const 0x360) "x-set")
    (data (i32.const 0x370) "ab")
    ;; list<field-value> ["a", "b"]: (pointer, length) pairs.
    (data (i32.const 0x380) "\70\03\00\00\01\00\00\00\71\03\00\00\01\00\00\00")
    (data (i32.const 0x390) "content-length")
    (data (i32.const 0x3a0) "8")

    ;; Traps unless the result in the return area is header-error case $case (0 invalid-syntax, 1 forbidden,
    ;; 2 immutable).
    (func $refused (param $case i32)
      (if (i32.eqz (i32.load8_u (i32.const 0x100))) (then unreachable))
      (if (i32.ne (i32.load8_u (i32.const 0x101)) (local.get $case)) (then unreachable)))

    ;; Traps unless the result just written to the return area is ok; returns its payload.
    (func $ok (result i32)
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (i32.load (i32.const 0x104)))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $response i32) (local $body i32) (local $stream i32)
      (local $headers i32)
      (local.set $headers (call $fields-new))
      (call $fields-append (local.get $headers) (i32.const 0x320) (i32.const 10) (i32.const 0x330) (i32.const 1) (i32.const 0x100))
      (call $refused (i32.const 1))
      (call $fields-append (local.get $headers) (i32.const 0x340) (i32.const 5) (i32.const 0x310) (i32.const 9) (i32.const 0x100))
      (call $refused (i32.const 0))
      (call $fields-append (local.get $headers) (i32.const 0x300) (i32.const 5) (i32.const 0x310) (i32.const 9) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (call $fields-append (local.get $headers) (i32.const 0x390) (i32.const 14) (i32.const 0x3a0) (i32.const 1) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (call $fields-append (local.get $headers) (i32.const 0x350) (i32.const 6) (i32.const 0x310) (i32.const 9) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (if (i32.eqz (call $fields-has (local.get $headers) (i32.const 0x350) (i32.const 6))) (then unreachable))
      (call $fields-delete (local.get $headers) (i32.const 0x350) (i32.const 6) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (if (call $fields-has (local.get $headers) (i32.const 0x350) (i32.const 6)) (then unreachable))
      (call $fields-delete (local.get $headers) (i32.const 0x320) (i32.const 10) (i32.const 0x100))
      (call $refused (i32.const 1))
      (call $fields-set (local.get $headers) (i32.const 0x360) (i32.const 5) (i32.const 0x380) (i32.const 2) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (local.set $response (call $response-new (local.get $headers)))
      (local.set $headers (call $response-headers (local.get $response)))
      (call $fields-append (local.get $headers) (i32.const 0x350) (i32.const 6) (i32.const 0x310) (i32.const 9) (i32.const 0x100))
      (call $refused (i32.const 2))
      (call $fields-drop (local.get $headers))
      (if (i32.eqz (call $set-status (local.get $response) (i32.const 600))) (then unreachable))
      (if (i32.eqz (call $set-status (local.get $response) (i32.const 101))) (then unreachable))
      (if (call $set-status (local.get $response) (i32.const 201)) (then unreachable))
      (call $response-body (local.get $response) (i32.const 0x100))
      (local.set $body (call $ok))
      ;; result::ok(response): case 0, the handle, the error-code slots unused.
      (call $outparam-set (local.get $response-out)
        (i32.const 0) (local.get $response) (i32.const 0) (i64.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $body) (i32.const 0x100))
      (local.set $stream (call $ok))
      (call $stream-write (local.get $stream) (i32.const 0x200) (i32.const 8) (i32.const 0x100))
      (drop (call $ok))
      ;; The stream is a child of the body: it goes before the body is finished.
      (call $stream-drop (local.get $stream))
      (call $body-finish (local.get $body) (i32.const 0) (i32.const 0) (i32.const 0x100))
      (drop (call $ok))
      (call $request-drop (local.get $request))))

  (core instance $handler (instantiate $Handler
    (with "host" (instance
      (export "memory" (memory $mem))
      (export "fields-new" (func $fields-new))
      (export "response-new" (func $response-new))
      (export "fields-append" (func $fields-append))
      (export "fields-set" (func $fields-set))
      (export "fields-delete" (func $fields-delete))
      (export "fields-has" (func $fields-has))
      (export "response-headers" (func $response-headers))
      (export "fields-drop" (func $fields-drop))
      (export "set-status" (func $set-status))
      (export "response-body" (func $response-body))
      (export "body-write" (func $body-write))
      (export "body-finish" (func $body-finish))
      (export "outparam-set" (func $outparam-set))
      (export "stream-write" (func $stream-write))
      (export "stream-drop" (func $stream-drop))
      (export "request-drop" (func $request-drop))))))

  (func $handle
    (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $handler "handle")))

  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
