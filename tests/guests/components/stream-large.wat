;; stream-large: a wasi:http/proxy handler, written by hand in the component text format, that answers 200 with a
;; large body written in chunks of up to 64 KiB through blocking-write-and-flush (docs/components.md, "Streaming").
;; Byte k of the body is k mod 251, so a client can check every byte and that none is missing or repeated.
;; The request's query says how much and how it ends: the digits after '?' are the body's size in bytes (8 MiB
;; without any), and its last character is what the guest does once it wrote them:
;;   t  traps (unreachable)            u  returns without finishing the body
;;   s  spins until the deadline       anything else: drops the stream and finishes the body, as guests should.
;;   r  first reads the whole request body (4 KiB at a time, before setting any response; traps if a read fails),
;;      then answers and finishes.
;; A write that fails (the client gone, or not reading until the deadline) makes the guest return at once, unfinished.
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
    (export "[method]incoming-request.path-with-query"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
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
  (alias export $types "incoming-body" (type $incoming-body-t))
  (alias export $types "response-outparam" (type $response-outparam))

  ;; Memory lives in its own module so the lowered imports can name it before the code is instantiated.
  ;; realloc is a bump allocator: the canonical ABI needs one where a host result may hold a string
  ;; (finish's error-code); this guest never receives one, and its instance lives for one request.
  (core module $Memory
    (memory (export "memory") 2)
    (global $next (mut i32) (i32.const 0x1000))
    (func (export "realloc") (param i32 i32) (param $align i32) (param $size i32) (result i32)
      (local $at i32)
      (local.set $at (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                              (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $at) (local.get $size)))
      ;; Past the page, start over: every earlier allocation was used up before the next was asked for (the path
      ;; is parsed, each body chunk dropped, before the next read), so a body longer than memory still goes through.
      (if (i32.gt_u (global.get $next) (i32.const 0x10000)) (then
        (local.set $at (i32.const 0x1000))
        (global.set $next (i32.add (local.get $at) (local.get $size)))))
      (local.get $at)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))

  (core func $fields-new (canon lower (func $types "[constructor]fields")))
  (core func $response-new (canon lower (func $types "[constructor]outgoing-response")))
  (core func $request-consume (canon lower (func $types "[method]incoming-request.consume") (memory $mem)))
  (core func $incoming-body-stream (canon lower (func $types "[method]incoming-body.stream") (memory $mem)))
  (core func $stream-read
    (canon lower (func $streams "[method]input-stream.blocking-read") (memory $mem) (realloc $realloc)))
  (core func $input-drop (canon resource.drop $input-stream-t))
  (core func $incoming-body-drop (canon resource.drop $incoming-body-t))
  (core func $request-path
    (canon lower (func $types "[method]incoming-request.path-with-query") (memory $mem) (realloc $realloc)))
  (core func $response-body (canon lower (func $types "[method]outgoing-response.body") (memory $mem)))
  (core func $body-write (canon lower (func $types "[method]outgoing-body.write") (memory $mem)))
  (core func $body-finish (canon lower (func $types "[static]outgoing-body.finish") (memory $mem) (realloc $realloc)))
  (core func $outparam-set (canon lower (func $types "[static]response-outparam.set") (memory $mem)))
  (core func $stream-write
    (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem)))
  (core func $stream-drop (canon resource.drop $output-stream-t))
  (core func $request-drop (canon resource.drop $incoming-request))

  (core module $Handler
    (import "host" "memory" (memory 2))
    (import "host" "request-path" (func $request-path (param i32 i32)))
    (import "host" "request-consume" (func $request-consume (param i32 i32)))
    (import "host" "incoming-body-stream" (func $incoming-body-stream (param i32 i32)))
    (import "host" "stream-read" (func $stream-read (param i32 i64 i32)))
    (import "host" "input-drop" (func $input-drop (param i32)))
    (import "host" "incoming-body-drop" (func $incoming-body-drop (param i32)))
    (import "host" "fields-new" (func $fields-new (result i32)))
    (import "host" "response-new" (func $response-new (param i32) (result i32)))
    (import "host" "response-body" (func $response-body (param i32 i32)))
    (import "host" "body-write" (func $body-write (param i32 i32)))
    (import "host" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "host" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "host" "stream-write" (func $stream-write (param i32 i32 i32 i32)))
    (import "host" "stream-drop" (func $stream-drop (param i32)))
    (import "host" "request-drop" (func $request-drop (param i32)))

    ;; 0x100: return area of the lowered calls (a result's case byte at 0, its payload at 4).
    ;; 0x10000..0x20000 (the second page): the chunk being written.

    ;; Traps unless the result just written to the return area is ok; returns its payload.
    (func $ok (result i32)
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (i32.load (i32.const 0x104)))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $response i32) (local $body i32) (local $stream i32)
      (local $at i32) (local $length i32) (local $i i32) (local $c i32) (local $query i32) (local $digits i32)
      (local $total i32) (local $sent i32) (local $n i32) (local $mode i32) (local $in-body i32) (local $in i32)
      ;; The size and the ending from the query.
      (call $request-path (local.get $request) (i32.const 0x150))
      (local.set $at (i32.load (i32.const 0x154)))
      (local.set $length (i32.load (i32.const 0x158)))
      (block $parsed (loop $next
        (br_if $parsed (i32.ge_u (local.get $i) (local.get $length)))
        (local.set $c (i32.load8_u (i32.add (local.get $at) (local.get $i))))
        (if (i32.eq (local.get $c) (i32.const 0x3f)) (then (local.set $query (i32.const 1))))
        (if (i32.and (local.get $query) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) (then
          (local.set $digits (i32.const 1))
          (local.set $total (i32.add (i32.mul (local.get $total) (i32.const 10)) (i32.sub (local.get $c) (i32.const 0x30))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
      (if (i32.eqz (local.get $digits)) (then (local.set $total (i32.const 0x800000))))
      (if (local.get $length) (then (local.set $mode (i32.load8_u (i32.add (local.get $at) (i32.sub (local.get $length) (i32.const 1)))))))

      ;; r: the whole request body first, each chunk dropped; a read that fails (not closed, case 1) traps.
      (if (i32.eq (local.get $mode) (i32.const 0x72)) (then
        (call $request-consume (local.get $request) (i32.const 0x100))
        (local.set $in-body (call $ok))
        (call $incoming-body-stream (local.get $in-body) (i32.const 0x100))
        (local.set $in (call $ok))
        (loop $more
          (call $stream-read (local.get $in) (i64.const 4096) (i32.const 0x170))
          (if (i32.eqz (i32.load8_u (i32.const 0x170))) (then (br $more))))
        (if (i32.ne (i32.load8_u (i32.const 0x174)) (i32.const 1)) (then unreachable))
        (call $input-drop (local.get $in))
        (call $incoming-body-drop (local.get $in-body))))

      (local.set $response (call $response-new (call $fields-new)))
      (call $response-body (local.get $response) (i32.const 0x100))
      (local.set $body (call $ok))
      ;; result::ok(response): case 0, the handle, the error-code slots unused.
      (call $outparam-set (local.get $response-out)
        (i32.const 0) (local.get $response) (i32.const 0) (i64.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $body) (i32.const 0x100))
      (local.set $stream (call $ok))
      (block $written (loop $more
        (br_if $written (i32.ge_u (local.get $sent) (local.get $total)))
        (local.set $n (i32.sub (local.get $total) (local.get $sent)))
        (if (i32.gt_u (local.get $n) (i32.const 0x10000)) (then (local.set $n (i32.const 0x10000))))
        (local.set $i (i32.const 0))
        (block $filled (loop $fill
          (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
          (i32.store8 (i32.add (i32.const 0x10000) (local.get $i))
            (i32.rem_u (i32.add (local.get $sent) (local.get $i)) (i32.const 251)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $fill)))
        (call $stream-write (local.get $stream) (i32.const 0x10000) (local.get $n) (i32.const 0x100))
        ;; A failed write: the host knows why; the body stays unfinished.
        (if (i32.load8_u (i32.const 0x100)) (then (return)))
        (local.set $sent (i32.add (local.get $sent) (local.get $n)))
        (br $more)))
      (if (i32.eq (local.get $mode) (i32.const 0x74)) (then unreachable))
      (if (i32.eq (local.get $mode) (i32.const 0x75)) (then (return)))
      (if (i32.eq (local.get $mode) (i32.const 0x73)) (then (loop $forever (br $forever))))
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
      (export "request-path" (func $request-path))
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
