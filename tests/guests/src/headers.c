/*
 * headers: a custom response with several headers and a JSON body.
 * Default: "Status: 201 Created", Content-Type application/json, X-Custom, Set-Cookie.
 * Query switches:
 *   status=NNN  send "Status: NNN" instead (copied verbatim if alphanumeric,
 *               so status=abc tests the host's handling of a bad Status)
 *   crlf=1      end header lines (and the blank line) with \r\n
 *   nospace=1   no space after the colon ("Content-Type:application/json")
 */
#include <ctype.h>
#include "cgi.h"

static const char *eol = "\n";
static const char *sep = ": ";

static void header(const char *name, const char *value) {
    printf("%s%s%s%s", name, sep, value, eol);
}

static int alnum_only(const char *s) {
    if (!*s) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s)) return 0;
    return 1;
}

int main(void) {
    char status[16] = "201 Created";
    const char *q = getenv("QUERY_STRING");
    const char *p;
    char code[16];

    if (cgi_query("status", code, sizeof code) && alnum_only(code)) strcpy(status, code);
    if (cgi_query_flag("crlf")) eol = "\r\n";
    if (cgi_query_flag("nospace")) sep = ":";

    header("Status", status);
    header("Content-Type", "application/json");
    header("X-Custom", "yes");
    header("Set-Cookie", "a=1");
    fputs(eol, stdout);

    /* JSON body; the raw query string is escaped minimally. */
    printf("{\"guest\":\"headers\",\"status\":\"%s\",\"query\":\"", status);
    for (p = q ? q : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    fputs("\"}\n", stdout);
    return 0;
}
