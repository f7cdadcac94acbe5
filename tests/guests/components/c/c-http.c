/*
 * c-http: a wasi:http/proxy handler in C (clang-14 + wasi-libc, made a component by jco), one route per case:
 *   /echo     200, x-method: the request's method, x-echo: each x-echo value of the request (in order), body:
 *             "<method> <path with query>\n" followed by the request body, read and written back in 4 KiB chunks
 *   /status   ?code=N (default 201) as the status, with x-chosen: <N> and two values of x-multi
 *   /large    ?bytes=N (default 1 MiB) bytes of the repeating alphabet, written in 4 KiB chunks
 *   /trap     traps (`unreachable`)
 *   /loop     never returns
 *   /hog      allocates and touches 1 MiB chunks until malloc fails, then traps
 *   /none     returns without setting a response
 *   other     404 "no route"
 * Every response carries x-toolchain: c, and each request writes one line to stderr through wasi-libc's stdio
 * (so the component imports wasi:cli and wasi:filesystem through the preview1 adapter, as real C guests do;
 * -DC_HTTP_NO_STDIO leaves that line out and the component imports only wasi:http and wasi:io).
 * Built by scripts/build-guests.sh (see docs/components.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasi_http.h"

#define CHUNK 4096

static const char *const METHODS[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

typedef struct {
    handle_t request;
    handle_t outparam;
    handle_t headers;
} exchange_t;

static void add_header(handle_t fields, const char *name, const char *value, size_t len) {
    ret_area_t ret;
    fields_append(fields, name, strlen(name), (const uint8_t *)value, len, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
}

/* Starts the response: status and headers go to the outparam, the body's stream is returned for writing. */
static handle_t respond(exchange_t *ex, int status, handle_t *body_out) {
    ret_area_t ret;
    add_header(ex->headers, "x-toolchain", "c", 1);
    handle_t response = response_new(ex->headers);
    if (response_set_status(response, status) != 0) __builtin_trap();
    response_body(response, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t body = RET_I32(&ret, 4);
    outgoing_body_write(body, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    outparam_set(ex->outparam, 0, response, 0, 0, 0, 0, 0, 0);
    *body_out = body;
    return RET_I32(&ret, 4);
}

static void write_all(handle_t stream, const void *data, size_t len) {
    const uint8_t *p = data;
    while (len > 0) {
        size_t n = len < CHUNK ? len : CHUNK;
        ret_area_t ret;
        output_stream_blocking_write_and_flush(stream, p, n, &ret);
        if (RET_TAG(&ret) != 0) __builtin_trap();
        p += n;
        len -= n;
    }
}

static void finish(handle_t stream, handle_t body) {
    ret_area_t ret;
    output_stream_drop(stream);
    outgoing_body_finish(body, 0, 0, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
}

/* Decimal text of n into buf (at least 21 bytes); returns its length. No stdio, so no adapter for it. */
static size_t format_long(char *buf, long n) {
    char tmp[21];
    size_t len = 0, out = 0;
    unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
    do tmp[len++] = (char)('0' + u % 10); while ((u /= 10) != 0);
    if (n < 0) buf[out++] = '-';
    while (len > 0) buf[out++] = tmp[--len];
    buf[out] = '\0';
    return out;
}

static long query_long(const char *path, const char *key, long fallback) {
    const char *q = strchr(path, '?');
    size_t klen = strlen(key);
    while (q) {
        q++;
        if (strncmp(q, key, klen) == 0 && q[klen] == '=') return strtol(q + klen + 1, NULL, 10);
        q = strchr(q, '&');
    }
    return fallback;
}

static void route_echo(exchange_t *ex, const char *method, const char *path) {
    ret_area_t ret;
    add_header(ex->headers, "x-method", method, strlen(method));
    handle_t request_fields = request_headers(ex->request);
    fields_get(request_fields, "x-echo", 6, &ret);
    struct { uint8_t *ptr; size_t len; } *values = (void *)(uintptr_t)RET_I32(&ret, 0);
    size_t count = (size_t)RET_I32(&ret, 4);
    for (size_t i = 0; i < count; i++) add_header(ex->headers, "x-echo", (char *)values[i].ptr, values[i].len);
    fields_drop(request_fields);

    handle_t body, out = respond(ex, 200, &body);
    write_all(out, method, strlen(method));
    write_all(out, " ", 1);
    write_all(out, path, strlen(path));
    write_all(out, "\n", 1);

    request_consume(ex->request, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t incoming = RET_I32(&ret, 4);
    incoming_body_stream(incoming, &ret);
    if (RET_TAG(&ret) != 0) __builtin_trap();
    handle_t in = RET_I32(&ret, 4);
    for (;;) {
        input_stream_blocking_read(in, CHUNK, &ret);
        if (RET_TAG(&ret) != 0) break; /* stream-error.closed: the end of the body */
        uint8_t *chunk = (uint8_t *)(uintptr_t)RET_I32(&ret, 4);
        write_all(out, chunk, (size_t)RET_I32(&ret, 8));
        free(chunk);
    }
    input_stream_drop(in);
    incoming_body_drop(incoming);
    finish(out, body);
}

static void route_status(exchange_t *ex, const char *path) {
    long code = query_long(path, "code", 201);
    char text[24];
    add_header(ex->headers, "x-chosen", text, format_long(text, code));
    add_header(ex->headers, "x-multi", "one", 3);
    add_header(ex->headers, "x-multi", "two", 3);
    handle_t body, out = respond(ex, (int)code, &body);
    write_all(out, "status chosen\n", 14);
    finish(out, body);
}

static void route_large(exchange_t *ex, const char *path) {
    long total = query_long(path, "bytes", 1 << 20);
    static char block[CHUNK];
    for (size_t i = 0; i < CHUNK; i++) block[i] = (char)('a' + i % 26);
    handle_t body, out = respond(ex, 200, &body);
    for (long left = total; left > 0; left -= CHUNK) write_all(out, block, left < CHUNK ? (size_t)left : CHUNK);
    finish(out, body);
}

static void *volatile chunks[4096];

static void route_hog(void) {
    for (size_t i = 0;; i++) {
        void *p = malloc(1 << 20);
        if (!p) __builtin_trap();
        memset(p, (int)(i & 0x7f) | 1, 1 << 20);
        chunks[i % 4096] = p;
    }
}

static void route_not_found(exchange_t *ex) {
    handle_t body, out = respond(ex, 404, &body);
    write_all(out, "no route\n", 9);
    finish(out, body);
}

static int route_is(const char *path, const char *route) {
    size_t n = strlen(route);
    return strncmp(path, route, n) == 0 && (path[n] == '\0' || path[n] == '?');
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle(handle_t request, handle_t outparam) {
    ret_area_t ret;
    exchange_t ex = {request, outparam, fields_new()};

    request_method(request, &ret);
    uint8_t tag = RET_TAG(&ret);
    char *method = tag < 9 ? strdup(METHODS[tag]) : strndup((char *)(uintptr_t)RET_I32(&ret, 4), (size_t)RET_I32(&ret, 8));
    request_path(request, &ret);
    char *path = RET_TAG(&ret) ? strndup((char *)(uintptr_t)RET_I32(&ret, 4), (size_t)RET_I32(&ret, 8)) : strdup("/");

#ifndef C_HTTP_NO_STDIO
    fprintf(stderr, "c-http: %s %s\n", method, path);
#endif
    /* mik serves the module under /run/<name>, so the route is the path's tail. */
    const char *tail = strrchr(path, '/');
    const char *q = strchr(path, '?');
    if (q) {
        tail = path;
        for (const char *s = path; s < q; s++)
            if (*s == '/') tail = s;
    }
    if (route_is(tail, "/echo")) route_echo(&ex, method, path);
    else if (route_is(tail, "/status")) route_status(&ex, path);
    else if (route_is(tail, "/large")) route_large(&ex, path);
    else if (route_is(tail, "/trap")) __builtin_trap();
    else if (route_is(tail, "/loop")) for (volatile int spin = 0;; spin++) {}
    else if (route_is(tail, "/hog")) route_hog();
    else if (route_is(tail, "/none")) { fields_drop(ex.headers); response_outparam_drop(outparam); }
    else route_not_found(&ex);
    incoming_request_drop(request);
    free(method);
    free(path);
}

/* The canonical ABI's allocator: the host puts strings and lists it returns into guest memory through it. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    (void)align; /* malloc's 16-byte alignment covers every canonical ABI type */
    if (new_size == 0) return (void *)align;
    void *p = realloc(old, new_size);
    if (!p) __builtin_trap();
    return p;
}
