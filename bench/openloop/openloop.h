/* openloop: shared types (openloop.c describes the tool). */
#ifndef OPENLOOP_H
#define OPENLOOP_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

struct config {
    char host[256];
    int port;
    struct sockaddr_in addr;
    char request[2048];
    size_t request_len;
    double rate; /* requests/s over all connections; 0 = closed loop */
    int connections, threads;
    double duration_s, warmup_s, timeout_s;
    const char *expect, *extract;
    int64_t record_from, end; /* CLOCK_MONOTONIC ns: requests due in [record_from, end) are recorded */
};

/* What one thread measured (merged at the end). Latencies in µs; errors include timeouts. */
struct results {
    uint64_t due, sent, completed, errors, timeouts, non2xx, unexpected;
    uint32_t *lat;
    size_t lat_n, lat_cap;
    int64_t *extracted;
    size_t extracted_n, extracted_cap;
};

struct worker {
    const struct config *cfg;
    int first, count; /* connections [first, first + count) of all N */
    int64_t start;
    struct results res;
};

struct http_response {
    int status;
    const char *body;
    size_t body_len;
    int close; /* the server said Connection: close */
};

/* 0: incomplete, 1: one complete response in buf (a chunked body is decoded in place), -1: malformed. */
int http_parse(char *buf, size_t len, struct http_response *r);

void *worker_run(void *arg);
void results_add_latency(struct results *r, uint32_t us);
void results_add_extracted(struct results *r, int64_t value);
void results_merge(struct results *into, const struct results *from);

static inline int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#endif
