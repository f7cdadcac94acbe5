/*
 * slow: spins (busy-waits on clock_gettime(CLOCK_MONOTONIC), burning CPU and
 * never yielding) for ms=N milliseconds (default 500), then answers 200
 * "slept N ms". Used for timeout, load-shedding and drain tests.
 */
#include <time.h>
#include "cgi.h"

static long long now_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) __builtin_trap();
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    long ms = cgi_query_long("ms", 500);
    long long deadline = now_ns() + (long long)ms * 1000000LL;

    while (now_ns() < deadline) {
    }
    printf("Content-Type: text/plain\n\nslept %ld ms\n", ms);
    return 0;
}
