/* openloop: one HTTP/1.1 response out of a connection's buffer (Content-Length or chunked bodies). */
#include "openloop.h"

#include <ctype.h>

static int header_is(const char *line, size_t len, const char *name) {
    size_t n = strlen(name);
    return len > n && line[n] == ':' && strncasecmp(line, name, n) == 0;
}

static int value_has(const char *line, size_t len, const char *word) {
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(line + i, word, n) == 0) return 1;
    return 0;
}

/* Walks a chunked body from buf[pos]; with `apply`, moves the data together in place. Returns the body's length,
 * -2 when more bytes are needed, -1 when malformed. Trailers are not expected (and not accepted). */
static long dechunk(char *buf, size_t len, size_t pos, int apply) {
    size_t out = pos;
    for (;;) {
        char *crlf = memmem(buf + pos, len - pos, "\r\n", 2);
        if (!crlf) return len - pos > 32 ? -1 : -2;
        char *end;
        unsigned long size = strtoul(buf + pos, &end, 16);
        if (end == buf + pos || (end != crlf && *end != ';')) return -1;
        pos = (size_t)(crlf - buf) + 2;
        if (size == 0) {
            if (len - pos < 2) return -2;
            return memcmp(buf + pos, "\r\n", 2) == 0 ? (long)out : -1;
        }
        if (size > (1UL << 30)) return -1;
        if (len - pos < size + 2) return -2;
        if (memcmp(buf + pos + size, "\r\n", 2) != 0) return -1;
        if (apply) memmove(buf + out, buf + pos, size);
        out += size;
        pos += size + 2;
    }
}

int http_parse(char *buf, size_t len, struct http_response *r) {
    char *head_end = memmem(buf, len, "\r\n\r\n", 4);
    if (!head_end) return len > 65536 ? -1 : 0;
    if (len < 12 || strncmp(buf, "HTTP/1.", 7) != 0 || buf[8] != ' ' || !isdigit((unsigned char)buf[9])) return -1;
    r->status = atoi(buf + 9);
    r->close = buf[7] == '0';
    long content_length = -1;
    int chunked = 0;
    char *line = memmem(buf, len, "\r\n", 2) + 2;
    while (line < head_end) {
        char *eol = memmem(line, (size_t)(head_end + 2 - line), "\r\n", 2);
        size_t n = (size_t)(eol - line);
        if (header_is(line, n, "content-length")) content_length = strtol(line + 15, NULL, 10);
        else if (header_is(line, n, "transfer-encoding")) chunked = value_has(line, n, "chunked");
        else if (header_is(line, n, "connection")) r->close = value_has(line, n, "close");
        line = eol + 2;
    }
    size_t body = (size_t)(head_end - buf) + 4;
    r->body = buf + body;
    if (chunked) {
        long got = dechunk(buf, len, body, 0);
        if (got < 0) return got == -2 ? 0 : -1;
        got = dechunk(buf, len, body, 1);
        r->body_len = (size_t)got - body;
        return 1;
    }
    if (content_length < 0) {
        /* No length: only bodiless statuses are fine on a kept-alive connection. */
        if (r->status == 204 || r->status == 304 || r->status < 200) { r->body_len = 0; return 1; }
        return -1;
    }
    if (len - body < (size_t)content_length) return 0;
    r->body_len = (size_t)content_length;
    return 1;
}
