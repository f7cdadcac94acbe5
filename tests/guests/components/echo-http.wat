;; echo-http: a wasi:http/proxy handler, written by hand in the component text format, that reads its request.
;; It answers 200 with the header "x-method: <the request's method>", the request's "x-echo" header back (its
;; first value) and as the body the request's path with query followed by the request's body (read in chunks of up
;; to 4 KiB through consume, incoming-body.stream and input-stream.blocking-read until stream-error.closed, each
;; written out before the next is read, so a body of any size goes through; a read that fails traps). On the way
;; it checks that the request's headers
;; are immutable (fields.append on them is header-error.immutable) and traps if they are not.
;; Built from hello-http.wat's frame; see that file for the common parts.
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
    (export "input-stream" (type $input-stream (sub resource)))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $input-stream)) (param "len" u64)
            (result (result (list u8) (error $stream-error)))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))))
  (alias export $streams "output-stream" (type $output-stream-t))
  (alias export $streams "input-stream" (type $input-stream-t))

  ;; wasi:http/types: the resources and functions a response needs.
  (import "wasi:http/types@0.2.0" (instance $types
    (alias outer 1 $output-stream-t (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    (alias outer 1 $input-stream-t (type $input-stream-outer))
    (export "input-stream" (type $input-stream (eq $input-stream-outer)))
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
    (export "incoming-body" (type $incoming-body (sub resource)))
    (export "[method]incoming-request.consume"
      (func (param "self" (borrow $incoming-request)) (result (result (own $incoming-body)))))
    (export "[method]incoming-body.stream"
      (func (param "self" (borrow $incoming-body)) (result (result (own $input-stream)))))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (export "[constructor]fields" (func (result (own $fields))))
    (type $header-error-t (variant (case "invalid-syntax") (case "forbidden") (case "immutable")))
    (export "header-error" (type $header-error (eq $header-error-t)))
    (export "[method]fields.append"
      (func (param "self" (borrow $fields)) (param "name" string) (param "value" (list u8))
            (result (result (error $header-error)))))
    (export "[method]fields.get"
      (func (param "self" (borrow $fields)) (param "name" string) (result (list (list u8)))))
    (type $method-t (variant (case "get") (case "head") (case "post") (case "put") (case "delete")
      (case "connect") (case "options") (case "trace") (case "patch") (case "other" string)))
    (export "method" (type $method (eq $method-t)))
    (export "[method]incoming-request.method" (func (param "self" (borrow $incoming-request)) (result $method)))
    (export "[method]incoming-request.path-with-query"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
    (export "[method]incoming-request.headers"
      (func (param "self" (borrow $incoming-request)) (result (own $headers))))
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
  (alias export $types "incoming-body" (type $incoming-body-t))
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
      ;; Past the page, start over: every earlier allocation was used up before the next was asked for (the body's
      ;; chunks are written out one by one), so a body longer than memory still goes through.
      (if (i32.gt_u (global.get $next) (i32.const 0x10000)) (then
        (local.set $at (i32.const 0x1000))
        (global.set $next (i32.add (local.get $at) (local.get $size)))))
      (local.get $at)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))

  (core func $fields-new (canon lower (func $types "[constructor]fields")))
  (core func $response-new (canon lower (func $types "[constructor]outgoing-response")))
  (core func $fields-append (canon lower (func $types "[method]fields.append") (memory $mem)))
  (core func $fields-get (canon lower (func $types "[method]fields.get") (memory $mem) (realloc $realloc)))
  (core func $request-method
    (canon lower (func $types "[method]incoming-request.method") (memory $mem) (realloc $realloc)))
  (core func $request-path
    (canon lower (func $types "[method]incoming-request.path-with-query") (memory $mem) (realloc $realloc)))
  (core func $request-headers (canon lower (func $types "[method]incoming-request.headers")))
  (core func $fields-drop (canon resource.drop $fields-t))
  (core func $request-consume (canon lower (func $types "[method]incoming-request.consume") (memory $mem)))
  (core func $incoming-body-stream (canon lower (func $types "[method]incoming-body.stream") (memory $mem)))
  (core func $stream-read
    (canon lower (func $streams "[method]input-stream.blocking-read") (memory $mem) (realloc $realloc)))
  (core func $input-drop (canon resource.drop $input-stream-t))
  (core func $incoming-body-drop (canon resource.drop $incoming-body-t))
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
    (import "host" "fields-get" (func $fields-get (param i32 i32 i32 i32)))
    (import "host" "request-method" (func $request-method (param i32 i32)))
    (import "host" "request-path" (func $request-path (param i32 i32)))
    (import "host" "request-headers" (func $request-headers (param i32) (result i32)))
    (import "host" "fields-drop" (func $fields-drop (param i32)))
    (import "host" "request-consume" (func $request-consume (param i32 i32)))
    (import "host" "incoming-body-stream" (func $incoming-body-stream (param i32 i32)))
    (import "host" "stream-read" (func $stream-read (param i32 i64 i32)))
    (import "host" "input-drop" (func $input-drop (param i32)))
    (import "host" "incoming-body-drop" (func $incoming-body-drop (param i32)))
    (import "host" "response-body" (func $response-body (param i32 i32)))
    (import "host" "body-write" (func $body-write (param i32 i32)))
    (import "host" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "host" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "host" "stream-write" (func $stream-write (param i32 i32 i32 i32)))
    (import "host" "stream-drop" (func $stream-drop (param i32)))
    (import "host" "request-drop" (func $request-drop (param i32)))

    ;; 0x100: return area of the lowered calls (a result's case byte at 0, its payload at 4).
    (data (i32.const 0x300) "x-method")
    (data (i32.const 0x310) "x-echo")
    ;; The method cases' names, 16 bytes apart, and their lengths (i32 each).
    (data (i32.const 0x400) "GET")
    (data (i32.const 0x410) "HEAD")
    (data (i32.const 0x420) "POST")
    (data (i32.const 0x430) "PUT")
    (data (i32.const 0x440) "DELETE")
    (data (i32.const 0x450) "CONNECT")
    (data (i32.const 0x460) "OPTIONS")
    (data (i32.const 0x470) "TRACE")
    (data (i32.const 0x480) "PATCH")
    (data (i32.const 0x500) "\03\00\00\00\04\00\00\00\04\00\00\00\03\00\00\00\06\00\00\00\07\00\00\00\07\00\00\00\05\00\00\00\05\00\00\00")

    ;; Traps unless the result in the return area is header-error case $case (2: immutable).
    (func $refused (param $case i32)
      (if (i32.eqz (i32.load8_u (i32.const 0x100))) (then unreachable))
      (if (i32.ne (i32.load8_u (i32.const 0x101)) (local.get $case)) (then unreachable)))

    ;; Traps unless the result just written to the return area is ok; returns its payload.
    (func $ok (result i32)
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (i32.load (i32.const 0x104)))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $response i32) (local $body i32) (local $stream i32)
      (local $headers i32) (local $request-headers i32) (local $case i32) (local $at i32) (local $length i32) (local $in-body i32) (local $in i32)
      (local.set $headers (call $fields-new))
      ;; x-method: a known case's name from the table, other's string from the return area.
      (call $request-method (local.get $request) (i32.const 0x140))
      (local.set $case (i32.load8_u (i32.const 0x140)))
      (if (i32.eq (local.get $case) (i32.const 9))
        (then (local.set $at (i32.load (i32.const 0x144))) (local.set $length (i32.load (i32.const 0x148))))
        (else (local.set $at (i32.add (i32.const 0x400) (i32.shl (local.get $case) (i32.const 4))))
              (local.set $length (i32.load (i32.add (i32.const 0x500) (i32.shl (local.get $case) (i32.const 2)))))))
      (call $fields-append (local.get $headers) (i32.const 0x300) (i32.const 8) (local.get $at) (local.get $length) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      ;; x-echo: the first value back; the request's own headers refuse it as immutable.
      (local.set $request-headers (call $request-headers (local.get $request)))
      (call $fields-get (local.get $request-headers) (i32.const 0x310) (i32.const 6) (i32.const 0x160))
      (if (i32.load (i32.const 0x164)) (then
        (local.set $at (i32.load (i32.load (i32.const 0x160))))
        (local.set $length (i32.load (i32.add (i32.load (i32.const 0x160)) (i32.const 4))))
        (call $fields-append (local.get $headers) (i32.const 0x310) (i32.const 6) (local.get $at) (local.get $length) (i32.const 0x100))
        (if (i32.load8_u (i32.const 0x100)) (then unreachable))
        (call $fields-append (local.get $request-headers) (i32.const 0x310) (i32.const 6) (local.get $at) (local.get $length) (i32.const 0x100))
        (call $refused (i32.const 2))))
      (call $fields-drop (local.get $request-headers))
      (local.set $response (call $response-new (local.get $headers)))
      (call $request-path (local.get $request) (i32.const 0x150))
      (if (i32.eqz (i32.load8_u (i32.const 0x150))) (then unreachable))
      (call $response-body (local.get $response) (i32.const 0x100))
      (local.set $body (call $ok))
      ;; result::ok(response): case 0, the handle, the error-code slots unused.
      (call $outparam-set (local.get $response-out)
        (i32.const 0) (local.get $response) (i32.const 0) (i64.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $body) (i32.const 0x100))
      (local.set $stream (call $ok))
      (call $stream-write (local.get $stream) (i32.load (i32.const 0x154)) (i32.load (i32.const 0x158)) (i32.const 0x100))
      (drop (call $ok))
      ;; The request body after the path: chunk by chunk until the input stream says closed.
      (call $request-consume (local.get $request) (i32.const 0x100))
      (local.set $in-body (call $ok))
      (call $incoming-body-stream (local.get $in-body) (i32.const 0x100))
      (local.set $in (call $ok))
      (loop $more
        (call $stream-read (local.get $in) (i64.const 4096) (i32.const 0x170))
        (if (i32.eqz (i32.load8_u (i32.const 0x170))) (then
          (call $stream-write (local.get $stream) (i32.load (i32.const 0x174)) (i32.load (i32.const 0x178)) (i32.const 0x100))
          (drop (call $ok))
          (br $more))))
      ;; stream-error case 1 is closed: the end of the body, not a failure.
      (if (i32.ne (i32.load8_u (i32.const 0x174)) (i32.const 1)) (then unreachable))
      (call $input-drop (local.get $in))
      (call $incoming-body-drop (local.get $in-body))
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
      (export "fields-get" (func $fields-get))
      (export "request-method" (func $request-method))
      (export "request-path" (func $request-path))
      (export "request-headers" (func $request-headers))
      (export "fields-drop" (func $fields-drop))
      (export "request-consume" (func $request-consume))
      (export "incoming-body-stream" (func $incoming-body-stream))
      (export "stream-read" (func $stream-read))
      (export "input-drop" (func $input-drop))
      (export "incoming-body-drop" (func $incoming-body-drop))
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
