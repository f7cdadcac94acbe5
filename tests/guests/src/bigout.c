/*
 * bigout: a valid header, then 8 MiB (8388608 bytes) of body made of
 * 64-byte lines (63 'x' + '\n'). Query: kb=N sends N KiB instead.
 */
#include "cgi.h"

#define LINE 64
#define BUF (64 * 1024)

static char buf[BUF];

int main(void) {
    long total = cgi_query_long("kb", 8 * 1024) * 1024;
    size_t i;

    for (i = 0; i < BUF; i++) buf[i] = (i % LINE == LINE - 1) ? '\n' : 'x';
    fputs("Content-Type: text/plain\n\n", stdout);
    while (total > 0) {
        size_t n = total > BUF ? BUF : (size_t)total;
        if (fwrite(buf, 1, n, stdout) != n) __builtin_trap();
        total -= (long)n;
    }
    return 0;
}
