;; world-probe: a wasi:http/proxy handler, written by hand in the component text format, that uses the rest of the
;; world real components import: wasi:cli (environment, arguments, stdin, stdout, stderr, exit), wasi:random,
;; wasi:clocks (monotonic, wall, a timer pollable) and wasi:filesystem/preopens. It imports mixed 0.2.x versions
;; (wasi:cli@0.2.0 next to wasi:io@0.2.3), as components built at different times do.
;;
;; By the request's method:
;;   GET    answers 200 with what it saw: each environment variable as "NAME=value\n", each argument as
;;          "arg:value\n", then "--\n" and binary: 16 random bytes, two monotonic-clock readings (u64 LE each, in
;;          order), the wall clock's seconds (u64 LE) and nanoseconds (u32 LE). On the way it writes
;;          "probe: hello on stdout\n" to stdout, "probe: hello on stderr\n" and "probe: no newline" to stderr, and
;;          traps unless stdin is closed at once and there is no preopened directory.
;;   POST   sleeps 300 ms (subscribe-duration, pollable.block) and answers 200 with two monotonic readings around it.
;;   PUT    sleeps an hour (it never should: the request's deadline comes first).
;;   DELETE calls wasi:cli/exit with an error before setting a response.
;;   PATCH  sets a 200 response with body "exiting\n", then calls wasi:cli/exit with ok.
;; Built from echo-http.wat's frame; see hello-http.wat for the common parts.
(component
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $io-error-t))

  (import "wasi:io/poll@0.2.3" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))))
  (alias export $poll "pollable" (type $pollable-t))

  (import "wasi:io/streams@0.2.3" (instance $streams
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

  (import "wasi:cli/environment@0.2.0" (instance $environment
    (export "get-environment" (func (result (list (tuple string string)))))
    (export "get-arguments" (func (result (list string))))))
  (import "wasi:cli/stdin@0.2.0" (instance $stdin
    (alias outer 1 $input-stream-t (type $input-stream-outer))
    (export "input-stream" (type $input-stream (eq $input-stream-outer)))
    (export "get-stdin" (func (result (own $input-stream))))))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream-t (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    (export "get-stdout" (func (result (own $output-stream))))))
  (import "wasi:cli/stderr@0.2.0" (instance $stderr
    (alias outer 1 $output-stream-t (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    (export "get-stderr" (func (result (own $output-stream))))))
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit" (func (param "status" (result))))))
  (import "wasi:random/random@0.2.0" (instance $random
    (export "get-random-bytes" (func (param "len" u64) (result (list u8))))))
  (import "wasi:clocks/monotonic-clock@0.2.3" (instance $monotonic
    (alias outer 1 $pollable-t (type $pollable-outer))
    (export "pollable" (type $pollable (eq $pollable-outer)))
    (export "now" (func (result u64)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $pollable))))))
  (import "wasi:clocks/wall-clock@0.2.0" (instance $wall
    (type $datetime-t (record (field "seconds" u64) (field "nanoseconds" u32)))
    (export "datetime" (type $datetime (eq $datetime-t)))
    (export "now" (func (result $datetime)))))
  (import "wasi:filesystem/types@0.2.0" (instance $filesystem
    (export "descriptor" (type (sub resource)))))
  (alias export $filesystem "descriptor" (type $descriptor-t))
  (import "wasi:filesystem/preopens@0.2.0" (instance $preopens
    (alias outer 1 $descriptor-t (type $descriptor-outer))
    (export "descriptor" (type $descriptor (eq $descriptor-outer)))
    (export "get-directories" (func (result (list (tuple (own $descriptor) string)))))))

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
    (type $method-t (variant (case "get") (case "head") (case "post") (case "put") (case "delete")
      (case "connect") (case "options") (case "trace") (case "patch") (case "other" string)))
    (export "method" (type $method (eq $method-t)))
    (export "[method]incoming-request.method" (func (param "self" (borrow $incoming-request)) (result $method)))
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
  (alias export $types "response-outparam" (type $response-outparam))

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
  (core func $request-method
    (canon lower (func $types "[method]incoming-request.method") (memory $mem) (realloc $realloc)))
  (core func $response-body (canon lower (func $types "[method]outgoing-response.body") (memory $mem)))
  (core func $body-write (canon lower (func $types "[method]outgoing-body.write") (memory $mem)))
  (core func $body-finish (canon lower (func $types "[static]outgoing-body.finish") (memory $mem) (realloc $realloc)))
  (core func $outparam-set (canon lower (func $types "[static]response-outparam.set") (memory $mem)))
  (core func $stream-write
    (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem)))
  (core func $stream-read
    (canon lower (func $streams "[method]input-stream.blocking-read") (memory $mem) (realloc $realloc)))
  (core func $stream-drop (canon resource.drop $output-stream-t))
  (core func $input-drop (canon resource.drop $input-stream-t))
  (core func $request-drop (canon resource.drop $incoming-request))
  (core func $get-environment
    (canon lower (func $environment "get-environment") (memory $mem) (realloc $realloc)))
  (core func $get-arguments (canon lower (func $environment "get-arguments") (memory $mem) (realloc $realloc)))
  (core func $get-stdin (canon lower (func $stdin "get-stdin")))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $get-stderr (canon lower (func $stderr "get-stderr")))
  (core func $exit (canon lower (func $exit "exit")))
  (core func $random-bytes (canon lower (func $random "get-random-bytes") (memory $mem) (realloc $realloc)))
  (core func $monotonic-now (canon lower (func $monotonic "now")))
  (core func $subscribe-duration (canon lower (func $monotonic "subscribe-duration")))
  (core func $pollable-block (canon lower (func $poll "[method]pollable.block")))
  (core func $pollable-drop (canon resource.drop $pollable-t))
  (core func $wall-now (canon lower (func $wall "now") (memory $mem)))
  (core func $get-directories
    (canon lower (func $preopens "get-directories") (memory $mem) (realloc $realloc)))

  (core module $Handler
    (import "host" "memory" (memory 1))
    (import "host" "fields-new" (func $fields-new (result i32)))
    (import "host" "response-new" (func $response-new (param i32) (result i32)))
    (import "host" "request-method" (func $request-method (param i32 i32)))
    (import "host" "response-body" (func $response-body (param i32 i32)))
    (import "host" "body-write" (func $body-write (param i32 i32)))
    (import "host" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "host" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "host" "stream-write" (func $stream-write (param i32 i32 i32 i32)))
    (import "host" "stream-read" (func $stream-read (param i32 i64 i32)))
    (import "host" "stream-drop" (func $stream-drop (param i32)))
    (import "host" "input-drop" (func $input-drop (param i32)))
    (import "host" "request-drop" (func $request-drop (param i32)))
    (import "host" "get-environment" (func $get-environment (param i32)))
    (import "host" "get-arguments" (func $get-arguments (param i32)))
    (import "host" "get-stdin" (func $get-stdin (result i32)))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "get-stderr" (func $get-stderr (result i32)))
    (import "host" "exit" (func $exit (param i32)))
    (import "host" "random-bytes" (func $random-bytes (param i64 i32)))
    (import "host" "monotonic-now" (func $monotonic-now (result i64)))
    (import "host" "subscribe-duration" (func $subscribe-duration (param i64) (result i32)))
    (import "host" "pollable-block" (func $pollable-block (param i32)))
    (import "host" "pollable-drop" (func $pollable-drop (param i32)))
    (import "host" "wall-now" (func $wall-now (param i32)))
    (import "host" "get-directories" (func $get-directories (param i32)))

    ;; 0x100: return area of the lowered calls (a result's case byte at 0, its payload at 4); 0x200: scratch.
    (data (i32.const 0x300) "probe: hello on stdout\n")
    (data (i32.const 0x320) "probe: hello on stderr\n")
    (data (i32.const 0x340) "probe: no newline")
    (data (i32.const 0x360) "=\n--\narg:")
    (data (i32.const 0x370) "exiting\n")

    ;; Traps unless the result just written to the return area is ok; returns its payload.
    (func $ok (result i32)
      (if (i32.load8_u (i32.const 0x100)) (then unreachable))
      (i32.load (i32.const 0x104)))

    (func $write (param $stream i32) (param $at i32) (param $length i32)
      (call $stream-write (local.get $stream) (local.get $at) (local.get $length) (i32.const 0x100))
      (drop (call $ok)))

    (func $write-u64 (param $stream i32) (param $value i64)
      (i64.store (i32.const 0x200) (local.get $value))
      (call $write (local.get $stream) (i32.const 0x200) (i32.const 8)))

    ;; Sets a 200 response and returns its body's stream; the body handle is kept at 0x2f0.
    (func $respond (param $response-out i32) (result i32)
      (local $response i32)
      (local.set $response (call $response-new (call $fields-new)))
      (call $response-body (local.get $response) (i32.const 0x100))
      (i32.store (i32.const 0x2f0) (call $ok))
      (call $outparam-set (local.get $response-out)
        (i32.const 0) (local.get $response) (i32.const 0) (i64.const 0)
        (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (i32.load (i32.const 0x2f0)) (i32.const 0x100))
      (call $ok))

    (func $finish (param $stream i32)
      (call $stream-drop (local.get $stream))
      (call $body-finish (i32.load (i32.const 0x2f0)) (i32.const 0) (i32.const 0) (i32.const 0x100))
      (drop (call $ok)))

    (func $sleep (param $nanos i64)
      (local $pollable i32)
      (local.set $pollable (call $subscribe-duration (local.get $nanos)))
      (call $pollable-block (local.get $pollable))
      (call $pollable-drop (local.get $pollable)))

    (func $probe (param $response-out i32)
      (local $stream i32) (local $out i32) (local $list i32) (local $count i32) (local $entry i32) (local $in i32)
      ;; stdout and stderr: log lines of the module.
      (local.set $out (call $get-stdout))
      (call $write (local.get $out) (i32.const 0x300) (i32.const 23))
      (call $stream-drop (local.get $out))
      (local.set $out (call $get-stderr))
      (call $write (local.get $out) (i32.const 0x320) (i32.const 23))
      (call $write (local.get $out) (i32.const 0x340) (i32.const 17))
      (call $stream-drop (local.get $out))
      ;; stdin: closed at once (stream-error case 1).
      (local.set $in (call $get-stdin))
      (call $stream-read (local.get $in) (i64.const 16) (i32.const 0x100))
      (if (i32.eqz (i32.load8_u (i32.const 0x100))) (then unreachable))
      (if (i32.ne (i32.load8_u (i32.const 0x104)) (i32.const 1)) (then unreachable))
      (call $input-drop (local.get $in))
      ;; No preopened directory.
      (call $get-directories (i32.const 0x100))
      (if (i32.load (i32.const 0x104)) (then unreachable))

      (local.set $stream (call $respond (local.get $response-out)))
      ;; The environment: NAME=value lines.
      (call $get-environment (i32.const 0x180))
      (local.set $list (i32.load (i32.const 0x180)))
      (local.set $count (i32.load (i32.const 0x184)))
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $count)))
        (call $write (local.get $stream) (i32.load (local.get $list)) (i32.load offset=4 (local.get $list)))
        (call $write (local.get $stream) (i32.const 0x360) (i32.const 1))
        (call $write (local.get $stream) (i32.load offset=8 (local.get $list)) (i32.load offset=12 (local.get $list)))
        (call $write (local.get $stream) (i32.const 0x361) (i32.const 1))
        (local.set $list (i32.add (local.get $list) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $next)))
      ;; The arguments: arg:value lines.
      (call $get-arguments (i32.const 0x180))
      (local.set $list (i32.load (i32.const 0x180)))
      (local.set $count (i32.load (i32.const 0x184)))
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $count)))
        (call $write (local.get $stream) (i32.const 0x365) (i32.const 4))
        (call $write (local.get $stream) (i32.load (local.get $list)) (i32.load offset=4 (local.get $list)))
        (call $write (local.get $stream) (i32.const 0x361) (i32.const 1))
        (local.set $list (i32.add (local.get $list) (i32.const 8)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $next)))
      (call $write (local.get $stream) (i32.const 0x362) (i32.const 3))
      ;; 16 random bytes, two monotonic readings, the wall clock.
      (call $random-bytes (i64.const 16) (i32.const 0x180))
      (if (i32.ne (i32.load (i32.const 0x184)) (i32.const 16)) (then unreachable))
      (call $write (local.get $stream) (i32.load (i32.const 0x180)) (i32.const 16))
      (call $write-u64 (local.get $stream) (call $monotonic-now))
      (call $write-u64 (local.get $stream) (call $monotonic-now))
      (call $wall-now (i32.const 0x1c0))
      (call $write (local.get $stream) (i32.const 0x1c0) (i32.const 12))
      (call $finish (local.get $stream)))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $case i32) (local $stream i32) (local $before i64)
      (call $request-method (local.get $request) (i32.const 0x140))
      (local.set $case (i32.load8_u (i32.const 0x140)))
      (call $request-drop (local.get $request))
      ;; DELETE: exit with an error before any response.
      (if (i32.eq (local.get $case) (i32.const 4)) (then (call $exit (i32.const 1)) (unreachable)))
      ;; PATCH: a finished 200 response, then exit with ok.
      (if (i32.eq (local.get $case) (i32.const 8)) (then
        (local.set $stream (call $respond (local.get $response-out)))
        (call $write (local.get $stream) (i32.const 0x370) (i32.const 8))
        (call $finish (local.get $stream))
        (call $exit (i32.const 0))
        (unreachable)))
      ;; PUT: an hour's sleep.
      (if (i32.eq (local.get $case) (i32.const 3)) (then (call $sleep (i64.const 3600000000000)) (unreachable)))
      ;; POST: 300 ms asleep between two readings.
      (if (i32.eq (local.get $case) (i32.const 2)) (then
        (local.set $before (call $monotonic-now))
        (call $sleep (i64.const 300000000))
        (local.set $stream (call $respond (local.get $response-out)))
        (call $write-u64 (local.get $stream) (local.get $before))
        (call $write-u64 (local.get $stream) (call $monotonic-now))
        (call $finish (local.get $stream))
        (return)))
      (call $probe (local.get $response-out))))

  (core instance $handler (instantiate $Handler
    (with "host" (instance
      (export "memory" (memory $mem))
      (export "fields-new" (func $fields-new))
      (export "response-new" (func $response-new))
      (export "request-method" (func $request-method))
      (export "response-body" (func $response-body))
      (export "body-write" (func $body-write))
      (export "body-finish" (func $body-finish))
      (export "outparam-set" (func $outparam-set))
      (export "stream-write" (func $stream-write))
      (export "stream-read" (func $stream-read))
      (export "stream-drop" (func $stream-drop))
      (export "input-drop" (func $input-drop))
      (export "request-drop" (func $request-drop))
      (export "get-environment" (func $get-environment))
      (export "get-arguments" (func $get-arguments))
      (export "get-stdin" (func $get-stdin))
      (export "get-stdout" (func $get-stdout))
      (export "get-stderr" (func $get-stderr))
      (export "exit" (func $exit))
      (export "random-bytes" (func $random-bytes))
      (export "monotonic-now" (func $monotonic-now))
      (export "subscribe-duration" (func $subscribe-duration))
      (export "pollable-block" (func $pollable-block))
      (export "pollable-drop" (func $pollable-drop))
      (export "wall-now" (func $wall-now))
      (export "get-directories" (func $get-directories))))))

  (func $handle
    (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $handler "handle")))

  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
