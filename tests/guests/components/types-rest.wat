;; types-rest: a wasi:http/proxy handler, written by hand in the component text format, that uses the rest of
;; wasi:http/types and wasi:io/streams. It answers 200 with headers made by [static]fields.from-list
;; ("x-from-list: 1", "x-from-list: 2", read back with fields.entries, then fields.clone'd) plus "x-scheme" (http
;; or https, from incoming-request.scheme) and "x-authority" (incoming-request.authority, when there is one). Its
;; body is the request body without its first two bytes (input-stream.skip), spliced over with
;; output-stream.splice until the input is closed, then three zero bytes (output-stream.write-zeroes). It finishes
;; the request body (incoming-body.finish) and checks the future-trailers: subscribe gives a pollable, get answers
;; some(ok(ok(none))) and then some(err). It finishes its own body with some(trailers). It traps if from-list
;; takes connection (forbidden) or "x y" (invalid-syntax), if entries are not the two given, if a clone of
;; the request's (immutable) headers refuses an append, or if any answer has another shape.
;; Built from echo-http.wat's frame; see hello-http.wat for the common parts.
(component
  ;; wasi:io/error: only the resource type, which stream-error names.
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $io-error-t))

  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type (sub resource)))))
  (alias export $poll "pollable" (type $pollable-t))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $io-error-t (type $error-outer))
    (export "error" (type $error (eq $error-outer)))
    (type $stream-error-t (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-t)))
    (export "output-stream" (type $output-stream (sub resource)))
    (export "input-stream" (type $input-stream (sub resource)))
    (export "[method]input-stream.skip"
      (func (param "self" (borrow $input-stream)) (param "len" u64) (result (result u64 (error $stream-error)))))
    (export "[method]output-stream.splice"
      (func (param "self" (borrow $output-stream)) (param "src" (borrow $input-stream)) (param "len" u64)
            (result (result u64 (error $stream-error)))))
    (export "[method]output-stream.write-zeroes"
      (func (param "self" (borrow $output-stream)) (param "len" u64) (result (result (error $stream-error)))))))
  (alias export $streams "output-stream" (type $output-stream-t))
  (alias export $streams "input-stream" (type $input-stream-t))

  (import "wasi:http/types@0.2.0" (instance $types
    (alias outer 1 $output-stream-t (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    (alias outer 1 $input-stream-t (type $input-stream-outer))
    (export "input-stream" (type $input-stream (eq $input-stream-outer)))
    (alias outer 1 $pollable-t (type $pollable-outer))
    (export "pollable" (type $pollable (eq $pollable-outer)))
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
    (export "future-trailers" (type $future-trailers (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (type $header-error-t (variant (case "invalid-syntax") (case "forbidden") (case "immutable")))
    (export "header-error" (type $header-error (eq $header-error-t)))
    (type $scheme-t (variant (case "HTTP") (case "HTTPS") (case "other" string)))
    (export "scheme" (type $scheme (eq $scheme-t)))
    (export "[constructor]fields" (func (result (own $fields))))
    (export "[static]fields.from-list"
      (func (param "entries" (list (tuple string (list u8)))) (result (result (own $fields) (error $header-error)))))
    (export "[method]fields.entries" (func (param "self" (borrow $fields)) (result (list (tuple string (list u8))))))
    (export "[method]fields.clone" (func (param "self" (borrow $fields)) (result (own $fields))))
    (export "[method]fields.append"
      (func (param "self" (borrow $fields)) (param "name" string) (param "value" (list u8))
            (result (result (error $header-error)))))
    (export "[method]incoming-request.scheme" (func (param "self" (borrow $incoming-request)) (result (option $scheme))))
    (export "[method]incoming-request.authority"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
    (export "[method]incoming-request.headers"
      (func (param "self" (borrow $incoming-request)) (result (own $headers))))
    (export "[method]incoming-request.consume"
      (func (param "self" (borrow $incoming-request)) (result (result (own $incoming-body)))))
    (export "[method]incoming-body.stream"
      (func (param "self" (borrow $incoming-body)) (result (result (own $input-stream)))))
    (export "[static]incoming-body.finish" (func (param "this" (own $incoming-body)) (result (own $future-trailers))))
    (export "[method]future-trailers.subscribe"
      (func (param "self" (borrow $future-trailers)) (result (own $pollable))))
    (export "[method]future-trailers.get"
      (func (param "self" (borrow $future-trailers))
            (result (option (result (result (option (own $trailers)) (error $error-code)))))))
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
  (alias export $types "future-trailers" (type $future-trailers-t))
  (alias export $types "response-outparam" (type $response-outparam))

  ;; Memory lives in its own module so the lowered imports can name it before the code is instantiated.
  ;; realloc is a bump allocator; the instance lives for one request.
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
  (core func $from-list (canon lower (func $types "[static]fields.from-list") (memory $mem)))
  (core func $entries (canon lower (func $types "[method]fields.entries") (memory $mem) (realloc $realloc)))
  (core func $clone (canon lower (func $types "[method]fields.clone")))
  (core func $fields-append (canon lower (func $types "[method]fields.append") (memory $mem)))
  (core func $fields-drop (canon resource.drop $fields-t))
  (core func $scheme (canon lower (func $types "[method]incoming-request.scheme") (memory $mem) (realloc $realloc)))
  (core func $authority
    (canon lower (func $types "[method]incoming-request.authority") (memory $mem) (realloc $realloc)))
  (core func $request-headers (canon lower (func $types "[method]incoming-request.headers")))
  (core func $request-consume (canon lower (func $types "[method]incoming-request.consume") (memory $mem)))
  (core func $incoming-body-stream (canon lower (func $types "[method]incoming-body.stream") (memory $mem)))
  (core func $incoming-finish (canon lower (func $types "[static]incoming-body.finish")))
  (core func $trailers-subscribe (canon lower (func $types "[method]future-trailers.subscribe")))
  (core func $trailers-get (canon lower (func $types "[method]future-trailers.get") (memory $mem) (realloc $realloc)))
  (core func $future-drop (canon resource.drop $future-trailers-t))
  (core func $pollable-drop (canon resource.drop $pollable-t))
  (core func $skip (canon lower (func $streams "[method]input-stream.skip") (memory $mem)))
  (core func $splice (canon lower (func $streams "[method]output-stream.splice") (memory $mem)))
  (core func $write-zeroes (canon lower (func $streams "[method]output-stream.write-zeroes") (memory $mem)))
  (core func $input-drop (canon resource.drop $input-stream-t))
  (core func $response-new (canon lower (func $types "[constructor]outgoing-response")))
  (core func $response-body (canon lower (func $types "[method]outgoing-response.body") (memory $mem)))
  (core func $body-write (canon lower (func $types "[method]outgoing-body.write") (memory $mem)))
  (core func $body-finish (canon lower (func $types "[static]outgoing-body.finish") (memory $mem) (realloc $realloc)))
  (core func $outparam-set (canon lower (func $types "[static]response-outparam.set") (memory $mem)))
  (core func $stream-drop (canon resource.drop $output-stream-t))
  (core func $request-drop (canon resource.drop $incoming-request))

  (core module $Handler
    (import "host" "memory" (memory 1))
    (import "host" "fields-new" (func $fields-new (result i32)))
    (import "host" "from-list" (func $from-list (param i32 i32 i32)))
    (import "host" "entries" (func $entries (param i32 i32)))
    (import "host" "clone" (func $clone (param i32) (result i32)))
    (import "host" "fields-append" (func $fields-append (param i32 i32 i32 i32 i32 i32)))
    (import "host" "fields-drop" (func $fields-drop (param i32)))
    (import "host" "scheme" (func $scheme (param i32 i32)))
    (import "host" "authority" (func $authority (param i32 i32)))
    (import "host" "request-headers" (func $request-headers (param i32) (result i32)))
    (import "host" "request-consume" (func $request-consume (param i32 i32)))
    (import "host" "incoming-body-stream" (func $incoming-body-stream (param i32 i32)))
    (import "host" "incoming-finish" (func $incoming-finish (param i32) (result i32)))
    (import "host" "trailers-subscribe" (func $trailers-subscribe (param i32) (result i32)))
    (import "host" "trailers-get" (func $trailers-get (param i32 i32)))
    (import "host" "future-drop" (func $future-drop (param i32)))
    (import "host" "pollable-drop" (func $pollable-drop (param i32)))
    (import "host" "skip" (func $skip (param i32 i64 i32)))
    (import "host" "splice" (func $splice (param i32 i32 i64 i32)))
    (import "host" "write-zeroes" (func $write-zeroes (param i32 i64 i32)))
    (import "host" "input-drop" (func $input-drop (param i32)))
    (import "host" "response-new" (func $response-new (param i32) (result i32)))
    (import "host" "response-body" (func $response-body (param i32 i32)))
    (import "host" "body-write" (func $body-write (param i32 i32)))
    (import "host" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "host" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "host" "stream-drop" (func $stream-drop (param i32)))
    (import "host" "request-drop" (func $request-drop (param i32)))

    ;; 0x100: return area of the lowered calls (a result's case byte at 0, its payload at 4, or at 8 after a u64).
    (data (i32.const 0x300) "x-from-list")
    (data (i32.const 0x310) "12")
    (data (i32.const 0x320) "connection")
    (data (i32.const 0x330) "x y")
    (data (i32.const 0x340) "x-scheme")
    (data (i32.const 0x350) "http")
    (data (i32.const 0x360) "https")
    (data (i32.const 0x370) "x-authority")
    (data (i32.const 0x380) "x-clone")
    (data (i32.const 0x390) "x-trailer")
    ;; list<tuple<string, list<u8>>> entries, 16 bytes each (name pointer, length, value pointer, length):
    ;; 0x400 [("x-from-list", "1"), ("x-from-list", "2")], 0x420 [("connection", "1")], 0x430 [("x y", "1")].
    (data (i32.const 0x400) "\00\03\00\00\0b\00\00\00\10\03\00\00\01\00\00\00\00\03\00\00\0b\00\00\00\11\03\00\00\01\00\00\00")
    (data (i32.const 0x420) "\20\03\00\00\0a\00\00\00\10\03\00\00\01\00\00\00")
    (data (i32.const 0x430) "\30\03\00\00\03\00\00\00\10\03\00\00\01\00\00\00")

    ;; Traps unless the result just written to the return area is ok; returns its payload.
    (func $ok (result i32)
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (i32.load (i32.const 0x104)))

    ;; Traps unless the result in the return area is header-error case $case (0 invalid-syntax, 1 forbidden).
    (func $refused (param $case i32)
      (if (i32.eqz (i32.load8_u (i32.const 0x100))) (then unreachable))
      (if (i32.ne (i32.load8_u (i32.const 0x104)) (local.get $case)) (then unreachable)))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $list i32) (local $headers i32) (local $copy i32) (local $response i32) (local $body i32)
      (local $stream i32) (local $in-body i32) (local $in i32) (local $future i32) (local $trailers i32)
      ;; from-list, its refusals, entries and clone.
      (call $from-list (i32.const 0x400) (i32.const 2) (i32.const 0x100))
      (local.set $list (call $ok))
      (call $from-list (i32.const 0x420) (i32.const 1) (i32.const 0x100))
      (call $refused (i32.const 1))
      (call $from-list (i32.const 0x430) (i32.const 1) (i32.const 0x100))
      (call $refused (i32.const 0))
      (call $entries (local.get $list) (i32.const 0x100))
      (if (i32.ne (i32.load (i32.const 0x104)) (i32.const 2)) (then unreachable))
      ;; The second entry's value: its pointer at offset 24 of the list, its first byte "2".
      (if (i32.ne (i32.load8_u (i32.load offset=24 (i32.load (i32.const 0x100)))) (i32.const 0x32)) (then unreachable))
      (local.set $headers (call $clone (local.get $list)))
      (call $fields-drop (local.get $list))
      ;; x-scheme: option<scheme> is the option's case at 0, the scheme's case at 4, other's string at 8.
      (call $scheme (local.get $request) (i32.const 0x100))
      (if (i32.eqz (i32.load8_u (i32.const 0x100))) (then unreachable))
      (if (i32.eqz (i32.load8_u (i32.const 0x104)))
        (then (call $fields-append (local.get $headers) (i32.const 0x340) (i32.const 8) (i32.const 0x350) (i32.const 4) (i32.const 0x100)))
        (else (if (i32.eq (i32.load8_u (i32.const 0x104)) (i32.const 1))
          (then (call $fields-append (local.get $headers) (i32.const 0x340) (i32.const 8) (i32.const 0x360) (i32.const 5) (i32.const 0x100)))
          (else unreachable))))
      (drop (call $ok))
      ;; x-authority: option<string> is the case at 0, the string at 4.
      (call $authority (local.get $request) (i32.const 0x100))
      (if (i32.load8_u (i32.const 0x100)) (then
        (call $fields-append (local.get $headers) (i32.const 0x370) (i32.const 11)
          (i32.load (i32.const 0x104)) (i32.load (i32.const 0x108)) (i32.const 0x100))
        (drop (call $ok))))
      ;; A clone of the request's immutable headers is mutable.
      (local.set $list (call $request-headers (local.get $request)))
      (local.set $copy (call $clone (local.get $list)))
      (call $fields-append (local.get $copy) (i32.const 0x380) (i32.const 7) (i32.const 0x310) (i32.const 1) (i32.const 0x100))
      (drop (call $ok))
      (call $fields-drop (local.get $copy))
      (call $fields-drop (local.get $list))

      (local.set $response (call $response-new (local.get $headers)))
      (call $response-body (local.get $response) (i32.const 0x100))
      (local.set $body (call $ok))
      (call $outparam-set (local.get $response-out)
        (i32.const 0) (local.get $response) (i32.const 0) (i64.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $body) (i32.const 0x100))
      (local.set $stream (call $ok))

      ;; The request body: skip two bytes, splice the rest until closed (stream-error case 1 at offset 8).
      (call $request-consume (local.get $request) (i32.const 0x100))
      (local.set $in-body (call $ok))
      (call $incoming-body-stream (local.get $in-body) (i32.const 0x100))
      (local.set $in (call $ok))
      (call $skip (local.get $in) (i64.const 2) (i32.const 0x100))
      (loop $more
        (call $splice (local.get $stream) (local.get $in) (i64.const 4096) (i32.const 0x100))
        (br_if $more (i32.eqz (i32.load8_u (i32.const 0x100)))))
      (if (i32.ne (i32.load8_u (i32.const 0x108)) (i32.const 1)) (then unreachable))
      (call $write-zeroes (local.get $stream) (i64.const 3) (i32.const 0x100))
      (drop (call $ok))
      (call $input-drop (local.get $in))

      ;; future-trailers: option at 0, outer result at 8, inner result at 16, option<trailers> at 24.
      (local.set $future (call $incoming-finish (local.get $in-body)))
      (call $pollable-drop (call $trailers-subscribe (local.get $future)))
      (call $trailers-get (local.get $future) (i32.const 0x100))
      (if (i32.ne (i32.load8_u (i32.const 0x100)) (i32.const 1)) (then unreachable))
      (if (i32.load8_u (i32.const 0x108)) (then unreachable))
      (if (i32.load8_u (i32.const 0x110)) (then unreachable))
      (if (i32.load8_u (i32.const 0x118)) (then unreachable))
      (call $trailers-get (local.get $future) (i32.const 0x100))
      (if (i32.ne (i32.load8_u (i32.const 0x100)) (i32.const 1)) (then unreachable))
      (if (i32.ne (i32.load8_u (i32.const 0x108)) (i32.const 1)) (then unreachable))
      (call $future-drop (local.get $future))

      ;; The stream is a child of the body: it goes before the body is finished, here with trailers.
      (call $stream-drop (local.get $stream))
      (local.set $trailers (call $fields-new))
      (call $fields-append (local.get $trailers) (i32.const 0x390) (i32.const 9) (i32.const 0x310) (i32.const 1) (i32.const 0x100))
      (drop (call $ok))
      (call $body-finish (local.get $body) (i32.const 1) (local.get $trailers) (i32.const 0x100))
      (drop (call $ok))
      (call $request-drop (local.get $request))))

  (core instance $handler (instantiate $Handler
    (with "host" (instance
      (export "memory" (memory $mem))
      (export "fields-new" (func $fields-new))
      (export "from-list" (func $from-list))
      (export "entries" (func $entries))
      (export "clone" (func $clone))
      (export "fields-append" (func $fields-append))
      (export "fields-drop" (func $fields-drop))
      (export "scheme" (func $scheme))
      (export "authority" (func $authority))
      (export "request-headers" (func $request-headers))
      (export "request-consume" (func $request-consume))
      (export "incoming-body-stream" (func $incoming-body-stream))
      (export "incoming-finish" (func $incoming-finish))
      (export "trailers-subscribe" (func $trailers-subscribe))
      (export "trailers-get" (func $trailers-get))
      (export "future-drop" (func $future-drop))
      (export "pollable-drop" (func $pollable-drop))
      (export "skip" (func $skip))
      (export "splice" (func $splice))
      (export "write-zeroes" (func $write-zeroes))
      (export "input-drop" (func $input-drop))
      (export "response-new" (func $response-new))
      (export "response-body" (func $response-body))
      (export "body-write" (func $body-write))
      (export "body-finish" (func $body-finish))
      (export "outparam-set" (func $outparam-set))
      (export "stream-drop" (func $stream-drop))
      (export "request-drop" (func $request-drop))))))

  (func $handle
    (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $handler "handle")))

  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
