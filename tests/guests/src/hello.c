/* hello: the smallest useful WAGI handler. */
#include <stdio.h>

int main(void) {
    fputs("Content-Type: text/plain\n\nHello from mik\n", stdout);
    return 0;
}
