/*
 * stderr: writes two lines to stderr (one write each) and a normal 200
 * response. The host must log the stderr lines, never send them to the client.
 */
#include <stdio.h>

int main(void) {
    fputs("first line to stderr\n", stderr);
    fputs("second line\n", stderr);
    fputs("Content-Type: text/plain\n\nstderr written\n", stdout);
    return 0;
}
