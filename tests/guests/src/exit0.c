/*
 * exit0: writes a complete valid response, then exit(0), which calls
 * proc_exit(0) (returning from main would not). The host must treat this
 * as success: 200, body "exited with 0".
 */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    fputs("Content-Type: text/plain\n\nexited with 0\n", stdout);
    exit(0);
}
