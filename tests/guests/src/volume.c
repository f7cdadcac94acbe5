/*
 * volume: returns the content of /data/hello.txt, a file in a directory the
 * host preopens at guest path /data (mik.toml `volumes`).
 * If the file cannot be read: 500 with body "read=failed errno=N".
 * Query write=1: also tries to create /data/out.txt and appends a final line
 * "write=ok" or "write=failed errno=N" to the body (and header X-Write).
 * errno values are wasi-libc's (WASI numbering: EACCES=2, ENOENT=44,
 * EPERM=63, EROFS=69, ENOTCAPABLE=76), not Linux's.
 */
#include <errno.h>
#include "cgi.h"

int main(void) {
    char result[64] = "";
    char *content = NULL;
    size_t len = 0, cap = 0, got;
    FILE *f = fopen("/data/hello.txt", "rb");

    if (!f) {
        printf("Status: 500\nContent-Type: text/plain\n\nread=failed errno=%d\n", errno);
        return 0;
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            content = realloc(content, cap);
            if (!content) __builtin_trap();
        }
        got = fread(content + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        printf("Status: 500\nContent-Type: text/plain\n\nread=failed errno=%d\n", errno);
        return 0;
    }
    fclose(f);

    if (cgi_query_flag("write")) {
        FILE *out;
        errno = 0;
        out = fopen("/data/out.txt", "w");
        if (out && fputs("written by the volume guest\n", out) >= 0 && fclose(out) == 0)
            strcpy(result, "write=ok");
        else
            snprintf(result, sizeof result, "write=failed errno=%d", errno);
    }

    fputs("Content-Type: text/plain\n", stdout);
    if (result[0]) printf("X-Write: %s\n", result);
    fputs("\n", stdout);
    fwrite(content, 1, len, stdout);
    if (result[0]) {
        if (len > 0 && content[len - 1] != '\n') putchar('\n');
        printf("%s\n", result);
    }
    return 0;
}
