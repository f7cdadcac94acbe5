/*
 * rawcgi: writes its request body to stdout byte for byte, so the body IS the CGI output. Lets a test hand the
 * host any output a guest could produce (header injection attempts, bad Status lines, framing headers, no
 * blank line, nothing at all) without a guest per case. An empty body gives empty output.
 */
#include "cgi.h"

int main(void) {
    size_t len;
    unsigned char *body = cgi_read_stdin(&len);
    if (len > 0 && fwrite(body, 1, len, stdout) != len) __builtin_trap();
    return 0;
}
