/*
 * redirect: "Location: https://example.com/target" and no Status, so the host
 * must answer 302. With status=NNN (e.g. status=301) it also writes
 * "Status: NNN", which must win over the implicit 302. Empty body.
 */
#include "cgi.h"

int main(void) {
    long status = cgi_query_long("status", 0);

    fputs("Location: https://example.com/target\n", stdout);
    if (status > 0) printf("Status: %ld\n", status);
    fputs("\n", stdout);
    return 0;
}
