/*
 * cgi.h - tiny helpers shared by the mik WAGI test guests.
 *
 * WAGI (CGI over WASI preview 1): request metadata arrives in environment
 * variables, the query string in argv (and QUERY_STRING), the body on stdin.
 * The guest writes CGI headers, a blank line, then the body to stdout.
 */
#ifndef MIK_GUEST_CGI_H
#define MIK_GUEST_CGI_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Looks up `key` in QUERY_STRING ("a=1&b=2", raw, not URL-decoded).
 * Copies the value (truncated to outsz-1) into out and returns 1 when the key
 * is present; a bare key ("?flag") yields "". Returns 0 when absent.
 */
static inline int cgi_query(const char *key, char *out, size_t outsz) {
    const char *q = getenv("QUERY_STRING");
    size_t klen = strlen(key);
    if (!q) return 0;
    while (*q) {
        const char *end = strchr(q, '&');
        size_t len = end ? (size_t)(end - q) : strlen(q);
        if (len >= klen && strncmp(q, key, klen) == 0 && (len == klen || q[klen] == '=')) {
            const char *v = len == klen ? q + len : q + klen + 1;
            size_t vlen = (size_t)(q + len - v);
            if (outsz > 0) {
                if (vlen >= outsz) vlen = outsz - 1;
                memcpy(out, v, vlen);
                out[vlen] = '\0';
            }
            return 1;
        }
        if (!end) break;
        q = end + 1;
    }
    return 0;
}

/* 1 when the query has key=1. */
static inline int cgi_query_flag(const char *key) {
    char v[8];
    return cgi_query(key, v, sizeof v) && strcmp(v, "1") == 0;
}

/* Decimal value of key, or def when absent or not a non-negative number. */
static inline long cgi_query_long(const char *key, long def) {
    char v[32];
    char *end;
    long n;
    if (!cgi_query(key, v, sizeof v) || v[0] < '0' || v[0] > '9') return def;
    n = strtol(v, &end, 10);
    return *end == '\0' ? n : def;
}

/*
 * Reads stdin to EOF into a malloc'd buffer (NUL-terminated for convenience;
 * the terminator is not counted in *len). Loops on fread: a short read is
 * not EOF. Traps if memory runs out or stdin reports an error.
 */
static inline unsigned char *cgi_read_stdin(size_t *len) {
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap + 1);
    if (!buf) __builtin_trap();
    for (;;) {
        size_t got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            if (!buf) __builtin_trap();
        }
        got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0) {
            if (ferror(stdin)) __builtin_trap();
            if (feof(stdin)) break;
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

#endif
