/* openloop: one thread's connections on one epoll, each sending its requests when they are due. */
#include "openloop.h"

enum { CLOSED, CONNECTING, IDLE, SENDING, WAITING };
#define TIMER_TAG UINT64_MAX
#define RETRY_NS 10000000LL /* a failed connection is reopened 10 ms later (a dead server is not hammered) */
#define MAX_RESPONSE (16u << 20)

struct conn {
    int fd, state, index; /* index among all N connections: its place in the schedule */
    uint32_t gen;         /* bumped at every open, so events of a closed socket are not taken for the new one */
    uint64_t k;           /* the number of this connection's next request (open loop) */
    int64_t due, since, retry_at; /* in-flight request's due time; when it was sent (or connect began) */
    size_t wr_off, len, cap;
    char *buf;
};

struct loop {
    struct worker *w;
    const struct config *cfg;
    int ep, tfd;
    struct conn *conns;
};

static int64_t due_of(const struct loop *l, const struct conn *c, uint64_t k) {
    return l->w->start + (int64_t)(((double)c->index + (double)k * l->cfg->connections) * 1e9 / l->cfg->rate);
}

static int in_window(const struct config *cfg, int64_t due) { return due >= cfg->record_from && due < cfg->end; }

static void watch(struct loop *l, struct conn *c, int op, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.u64 = ((uint64_t)c->gen << 32) | (uint32_t)(c - l->conns)};
    epoll_ctl(l->ep, op, c->fd, &ev);
}

static void conn_close(struct loop *l, struct conn *c, int64_t retry_at) {
    if (c->fd >= 0) {
        epoll_ctl(l->ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
    c->state = CLOSED;
    c->len = 0;
    c->retry_at = retry_at;
}

/* The connection failed: its request in flight (or the one that was due while it connected) is an error. */
static void fail(struct loop *l, struct conn *c, int64_t now, int timeout) {
    struct results *r = &l->w->res;
    int64_t due = -1;
    if (c->state == SENDING || c->state == WAITING) due = c->due;
    else if (l->cfg->rate > 0 && due_of(l, c, c->k) <= now) due = due_of(l, c, c->k++);
    else if (l->cfg->rate == 0) due = now;
    if (due >= 0 && in_window(l->cfg, due)) {
        r->errors++;
        if (timeout) r->timeouts++;
        if (c->state != SENDING && c->state != WAITING) r->sent++; /* it never left, but it was due and failed */
    }
    conn_close(l, c, now + RETRY_NS);
}

static void conn_open(struct loop *l, struct conn *c, int64_t now) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) { c->state = CONNECTING; fail(l, c, now, 0); return; }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->gen++;
    c->since = now;
    c->len = 0;
    if (connect(c->fd, (const struct sockaddr *)&l->cfg->addr, sizeof l->cfg->addr) == 0) {
        c->state = IDLE;
        watch(l, c, EPOLL_CTL_ADD, EPOLLIN);
    } else if (errno == EINPROGRESS) {
        c->state = CONNECTING;
        watch(l, c, EPOLL_CTL_ADD, EPOLLOUT);
    } else {
        c->state = CONNECTING;
        fail(l, c, now, 0);
    }
}

static void write_more(struct loop *l, struct conn *c, int64_t now) {
    while (c->wr_off < l->cfg->request_len) {
        ssize_t n = send(c->fd, l->cfg->request + c->wr_off, l->cfg->request_len - c->wr_off, MSG_NOSIGNAL);
        if (n > 0) { c->wr_off += (size_t)n; continue; }
        if (n < 0 && errno == EAGAIN) {
            if (c->state != SENDING) watch(l, c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
            c->state = SENDING;
            return;
        }
        fail(l, c, now, 0);
        return;
    }
    if (c->state == SENDING) watch(l, c, EPOLL_CTL_MOD, EPOLLIN);
    c->state = WAITING;
}

static void send_request(struct loop *l, struct conn *c, int64_t due, int64_t now) {
    c->due = due;
    c->since = now;
    c->wr_off = 0;
    c->state = WAITING;
    if (in_window(l->cfg, due)) l->w->res.sent++;
    write_more(l, c, now);
}

static void record(struct loop *l, struct conn *c, const struct http_response *rsp, int64_t now) {
    const struct config *cfg = l->cfg;
    struct results *r = &l->w->res;
    if (!in_window(cfg, c->due)) return;
    r->completed++;
    int64_t us = (now - c->due) / 1000;
    results_add_latency(r, us > UINT32_MAX ? UINT32_MAX : (uint32_t)us);
    if (rsp->status < 200 || rsp->status > 299) { r->non2xx++; return; }
    if (cfg->expect && !memmem(rsp->body, rsp->body_len, cfg->expect, strlen(cfg->expect))) r->unexpected++;
    if (cfg->extract) {
        size_t kl = strlen(cfg->extract);
        const char *at = memmem(rsp->body, rsp->body_len, cfg->extract, kl);
        if (at && (size_t)(at + kl - rsp->body) < rsp->body_len) {
            char num[32] = {0};
            size_t avail = rsp->body_len - (size_t)(at + kl - rsp->body);
            memcpy(num, at + kl, avail < sizeof num - 1 ? avail : sizeof num - 1);
            char *end;
            long long v = strtoll(num, &end, 10);
            if (end != num) results_add_extracted(r, v);
        }
    }
}

static void on_readable(struct loop *l, struct conn *c, int64_t now) {
    int eof = 0;
    for (;;) {
        if (c->cap - c->len < 4096) {
            if (c->cap >= MAX_RESPONSE) { fail(l, c, now, 0); return; }
            c->cap = c->cap ? c->cap * 2 : 16384;
            c->buf = realloc(c->buf, c->cap);
            if (!c->buf) { fprintf(stderr, "openloop: out of memory\n"); exit(1); }
        }
        ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (n > 0) { c->len += (size_t)n; continue; }
        if (n < 0 && errno == EAGAIN) break;
        eof = 1; /* EOF or a reset; an answer may still be complete in the buffer */
        break;
    }
    if (c->state == WAITING || c->state == SENDING) {
        struct http_response rsp = {0};
        int got = http_parse(c->buf, c->len, &rsp);
        if (got < 0 || (got == 0 && eof)) { fail(l, c, now, 0); return; }
        if (got == 0) return;
        record(l, c, &rsp, now);
        c->state = IDLE;
        eof |= rsp.close;
    }
    c->len = 0;
    /* A server closing a kept-alive connection between requests is not an error: it is reopened at once. */
    if (eof) conn_close(l, c, now);
}

static void on_event(struct loop *l, struct conn *c, uint32_t events, int64_t now) {
    if (c->state == CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) { fail(l, c, now, 0); return; }
        c->state = IDLE;
        watch(l, c, EPOLL_CTL_MOD, EPOLLIN);
        return;
    }
    if (c->state == SENDING && (events & EPOLLOUT)) write_more(l, c, now);
    if (c->fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) on_readable(l, c, now);
}

/* Sends what is due and times out what is late; returns the next moment something is due (or is late). */
static int64_t tick(struct loop *l, int64_t now, int *in_flight) {
    const struct config *cfg = l->cfg;
    int64_t wake = now < cfg->end ? cfg->end : INT64_MAX;
    *in_flight = 0;
    for (int i = 0; i < l->w->count; i++) {
        struct conn *c = &l->conns[i];
        if (c->state == CLOSED && now < cfg->end) {
            if (now >= c->retry_at) conn_open(l, c, now);
            else if (c->retry_at < wake) wake = c->retry_at;
        }
        if (c->state == IDLE && now < cfg->end) {
            int64_t due = cfg->rate > 0 ? due_of(l, c, c->k) : now;
            if (due <= now) {
                if (cfg->rate > 0) c->k++;
                send_request(l, c, due, now);
            } else if (due < wake) {
                wake = due;
            }
        }
        if (c->state == CONNECTING || c->state == SENDING || c->state == WAITING) {
            int64_t deadline = c->since + (int64_t)(cfg->timeout_s * 1e9);
            if (now >= deadline) fail(l, c, now, 1);
            else if (deadline < wake) wake = deadline;
            if (c->state == SENDING || c->state == WAITING) (*in_flight)++;
        }
    }
    return wake;
}

void *worker_run(void *arg) {
    struct worker *w = arg;
    struct loop l = {.w = w, .cfg = w->cfg};
    l.ep = epoll_create1(EPOLL_CLOEXEC);
    l.tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    l.conns = calloc((size_t)w->count, sizeof *l.conns);
    if (l.ep < 0 || l.tfd < 0 || !l.conns) { perror("openloop"); exit(1); }
    struct epoll_event tev = {.events = EPOLLIN, .data.u64 = TIMER_TAG};
    epoll_ctl(l.ep, EPOLL_CTL_ADD, l.tfd, &tev);
    for (int i = 0; i < w->count; i++) l.conns[i] = (struct conn){.fd = -1, .index = w->first + i, .state = CLOSED};

    int64_t armed = 0;
    struct epoll_event evs[256];
    for (;;) {
        int64_t now = now_ns();
        int in_flight;
        int64_t wake = tick(&l, now, &in_flight);
        if (now >= w->cfg->end && in_flight == 0) break;
        int wait_ms = -1;
        if (wake <= now) {
            wait_ms = 0;
        } else if (wake != armed) {
            struct itimerspec its = {.it_value = {.tv_sec = wake / 1000000000LL, .tv_nsec = wake % 1000000000LL}};
            timerfd_settime(l.tfd, TFD_TIMER_ABSTIME, &its, NULL);
            armed = wake;
        }
        int n = epoll_wait(l.ep, evs, 256, wait_ms);
        now = now_ns();
        for (int e = 0; e < n; e++) {
            if (evs[e].data.u64 == TIMER_TAG) {
                uint64_t expirations;
                if (read(l.tfd, &expirations, sizeof expirations) < 0) { /* already read: nothing to do */ }
                armed = 0;
                continue;
            }
            struct conn *c = &l.conns[(uint32_t)evs[e].data.u64];
            if ((uint32_t)(evs[e].data.u64 >> 32) == c->gen && c->fd >= 0) on_event(&l, c, evs[e].events, now);
        }
    }

    /* Open loop: every request due in the window counts, sent or not (a connection stuck behind a slow answer
     * may not have reached all of its own). Closed loop: a request is due when it is sent. */
    if (w->cfg->rate > 0) {
        for (int i = 0; i < w->count; i++)
            for (uint64_t k = 0;; k++) {
                int64_t due = due_of(&l, &l.conns[i], k);
                if (due >= w->cfg->end) break;
                if (due >= w->cfg->record_from) w->res.due++;
            }
    } else {
        w->res.due = w->res.sent;
    }
    for (int i = 0; i < w->count; i++) {
        conn_close(&l, &l.conns[i], 0);
        free(l.conns[i].buf);
    }
    free(l.conns);
    close(l.tfd);
    close(l.ep);
    return NULL;
}
