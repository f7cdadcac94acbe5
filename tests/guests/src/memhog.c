/*
 * memhog: allocates 1 MiB chunks forever, touching every page, and traps
 * (__builtin_trap -> wasm `unreachable`) as soon as malloc returns NULL,
 * i.e. when memory.grow fails at the host's memory limit. Nothing is written
 * to stdout before the trap.
 * Query: mb=N stops after N MiB and answers 200 "allocated N MiB" instead
 * (for testing that allocations below the limit succeed).
 *
 * The pointers are stored in a volatile global array so that clang cannot
 * elide the allocations (it would otherwise turn the loop into an infinite
 * loop that never touches memory).
 */
#include "cgi.h"

#define CHUNK (1u << 20)
#define MAX_CHUNKS 4096 /* 4 GiB: the whole wasm32 address space */

static void *volatile chunks[MAX_CHUNKS];

int main(void) {
    long limit = cgi_query_long("mb", -1);
    long i;

    for (i = 0; limit < 0 || i < limit; i++) {
        void *p = malloc(CHUNK);
        if (!p) __builtin_trap();
        memset(p, (int)(i & 0x7f) | 1, CHUNK);
        chunks[i % MAX_CHUNKS] = p;
    }
    printf("Content-Type: text/plain\n\nallocated %ld MiB\n", i);
    return 0;
}
