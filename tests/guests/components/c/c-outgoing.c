/*
 * c-outgoing: a wasi:http/proxy handler in C that calls an upstream through wasi:http/outgoing-handler: a GET of
 * http://<the request's x-authority header>/upstream?from=c, waited on through one pollable. It answers with the
 * upstream's status and body (read in 4 KiB chunks) and x-toolchain: c, or, when the call gives an error-code,
 * 502 with the code's case name as the body (e.g. "HTTP-request-denied" for a host mik does not allow).
 * No stdio, so the component imports only wasi:http and wasi:io. Built by scripts/build-guests.sh.
 */
#include <stdlib.h>
#include <string.h>

#include "wasi_http_outgoing.h"

#define CHUNK 4096

static const char *const ERROR_CODES[] = {
    "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable", "destination-IP-prohibited",
    "destination-IP-unroutable", "connection-refused", "connection-terminated", "connection-timeout",
    "connection-read-timeout", "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
    "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied", "HTTP-request-length-required",
    "HTTP-request-body-size", "HTTP-request-method-invalid", "HTTP-request-URI-invalid", "HTTP-request-URI-too-long",
    "HTTP-request-header-section-size", "HTTP-request-header-size", "HTTP-request-trailer-section-size",
    "HTTP-request-trailer-size", "HTTP-response-incomplete", "HTTP-response-header-section-size",
    "HTTP-response-header-size", "HTTP-response-body-size", "HTTP-response-trailer-section-size",
    "HTTP-response-trailer-size", "HTTP-response-transfer-coding", "HTTP-response-content-coding",
    "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
    "internal-error",
};

static void write_all(handle_t stream, const uint8_t *p, size_t len) {
    while (len > 0) {
        size_t n = len < CHUNK ? len : CHUNK;
        ret_area_t ret;
        output_stream_blocking_write_and_flush(stream, p, n, &ret);
        if (RET_TAG(&ret) != 0) __builtin_trap();
        p += n;
        len -= n;
    }
}

/* Answers `status` with the upstream's body stream (when `in` is not -1) or `text`, then finishes. */
static void answer(handle_t outparam, int status, handle_t in, const char *text) {
    ret_area_t ret;
    handle_t headers = fields_new();
    fields_append(headers, "x-toolchain", 11, (const uint8_t *)"c", 1, &ret);
    handle_t response = response_new(headers);
    if (response_set_status(response, status) != 0) __builtin_trap();
    response_body(response, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t body = RET_I32(&ret, 4);
    outgoing_body_write(body, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t out = RET_I32(&ret, 4);
    outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
    if (in == -1) {
        write_all(out, (const uint8_t *)text, strlen(text));
    } else {
        for (;;) {
            input_stream_blocking_read(in, CHUNK, &ret);
            if (RET_TAG(&ret) != 0) break; /* closed: the end of the upstream's body */
            uint8_t *chunk = (uint8_t *)(uintptr_t)RET_I32(&ret, 4);
            write_all(out, chunk, (size_t)RET_I32(&ret, 8));
            free(chunk);
        }
    }
    output_stream_drop(out);
    outgoing_body_finish(body, 0, 0, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
}

static const char *error_name(uint8_t code) {
    return code < sizeof ERROR_CODES / sizeof ERROR_CODES[0] ? ERROR_CODES[code] : "unknown-error-code";
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle(handle_t request, handle_t outparam) {
    ret_area_t ret;
    handle_t request_fields = request_headers(request);
    fields_get(request_fields, "x-authority", 11, &ret);
    struct { char *ptr; size_t len; } *values = (void *)(uintptr_t)RET_I32(&ret, 0);
    if (RET_I32(&ret, 4) == 0) {
        answer(outparam, 400, -1, "x-authority missing");
        return;
    }
    fields_drop(request_fields);

    handle_t outgoing = outgoing_request_new(fields_new());
    if (outgoing_request_set_scheme(outgoing, 1, 0 /* HTTP */, NULL, 0) != 0
        || outgoing_request_set_authority(outgoing, 1, values[0].ptr, values[0].len) != 0
        || outgoing_request_set_path(outgoing, 1, "/upstream?from=c", 16) != 0)
        __builtin_trap();

    outgoing_handle(outgoing, 0, 0, &ret);
    if (RET_TAG(&ret) != 0) {
        answer(outparam, 502, -1, error_name(ret.bytes[8]));
        return;
    }
    handle_t future = RET_I32(&ret, 8);
    handle_t pollable = future_subscribe(future);
    pollable_block(pollable);
    pollable_drop(pollable);
    future_get(future, &ret);
    if (RET_TAG(&ret) == 0 || ret.bytes[8] != 0) __builtin_trap(); /* ready after block, and got only once */
    if (ret.bytes[16] != 0) {
        answer(outparam, 502, -1, error_name(ret.bytes[24]));
        future_drop(future);
        return;
    }
    handle_t response = RET_I32(&ret, 24);
    int status = incoming_response_status(response);
    incoming_response_consume(response, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t body = RET_I32(&ret, 4);
    incoming_body_stream(body, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t in = RET_I32(&ret, 4);
    answer(outparam, status, in, NULL);
    input_stream_drop(in);
    incoming_body_drop(body);
    incoming_response_drop(response);
    future_drop(future);
}

/* The canonical ABI's allocator (see c-http.c). */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    if (new_size == 0) return (void *)align;
    void *p = realloc(old, new_size);
    if (!p) __builtin_trap();
    return p;
}
