/*
 * exit3: writes a complete, valid-looking response, then exit(3)
 * (proc_exit(3)). The non-zero exit must make the host answer 500
 * (handler_exit) and discard what was written.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    fputs("Content-Type: text/plain\n\nthis response must be discarded\n", stdout);
    exit(3);
}
