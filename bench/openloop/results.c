/* openloop: what the threads measured, in growable arrays, merged at the end. */
#include "openloop.h"

static void *grow(void *p, size_t *cap, size_t size) {
    *cap = *cap ? *cap * 2 : 65536;
    p = realloc(p, *cap * size);
    if (!p) {
        fprintf(stderr, "openloop: out of memory\n");
        exit(1);
    }
    return p;
}

void results_add_latency(struct results *r, uint32_t us) {
    if (r->lat_n == r->lat_cap) r->lat = grow(r->lat, &r->lat_cap, sizeof *r->lat);
    r->lat[r->lat_n++] = us;
}

void results_add_extracted(struct results *r, int64_t value) {
    if (r->extracted_n == r->extracted_cap) r->extracted = grow(r->extracted, &r->extracted_cap, sizeof *r->extracted);
    r->extracted[r->extracted_n++] = value;
}

void results_merge(struct results *into, const struct results *from) {
    into->due += from->due;
    into->sent += from->sent;
    into->completed += from->completed;
    into->errors += from->errors;
    into->timeouts += from->timeouts;
    into->non2xx += from->non2xx;
    into->unexpected += from->unexpected;
    for (size_t i = 0; i < from->lat_n; i++) results_add_latency(into, from->lat[i]);
    for (size_t i = 0; i < from->extracted_n; i++) results_add_extracted(into, from->extracted[i]);
}
