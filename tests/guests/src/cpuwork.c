/*
 * cpuwork: the "handler that works for about 1 ms" of the benchmarks (bench/figures/20_handler_1ms.py,
 * docs/benchmarks.md figure 2). Runs n=N rounds (default 1000000) of a xorshift loop, timing only that loop
 * with the guest's own clock (clock_gettime(CLOCK_MONOTONIC), i.e. WASI clock_time_get), then answers 200
 * "cpuwork n=N ns=T x=X": T is how long the work took inside the guest in ns, X its result (printed so the
 * loop cannot be optimised away).
 */
#include <stdint.h>
#include <time.h>
#include "cgi.h"

static long long now_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) __builtin_trap();
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    long n = cgi_query_long("n", 1000000);
    uint64_t x = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n;
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    long long took = now_ns() - t0;
    printf("Content-Type: text/plain\n\ncpuwork n=%ld ns=%lld x=%016llx\n", n, took, (unsigned long long)x);
    return 0;
}
