/*
 * openloop: a constant-rate (open-loop) HTTP/1.1 load generator for mik's benchmarks (bench/figures/11_latency.py,
 * 20_handler_1ms.py; docs/benchmarks.md, figure 1).
 *
 *   openloop --url http://127.0.0.1:3400/run/hello/ --rate 10000 --connections 32 --duration 10 [--warmup 2]
 *            [--threads 1] [--expect TEXT] [--extract KEY] [--timeout 10]
 *
 * N keep-alive connections share a total rate R: connection i sends its k-th request when it is DUE, at
 * start + (i + k * N) / R, or as soon as its previous response has arrived if that is later (one request in flight
 * per connection, no pipelining). Each latency runs from the moment the request was due, not from when it could be
 * sent (as wrk2 does): a server that stalls for 100 ms makes every request due during the stall 100 ms late, instead
 * of hiding them behind the one slow request that blocked the connection ("coordinated omission").
 * --rate 0 is a closed loop instead: each connection sends again as soon as it has its answer, latency from the send.
 *
 * Requests due during --warmup are sent but not recorded. A request counts as an error when its connection fails
 * (refused, reset, closed early, unparseable answer) or it takes longer than --timeout s; the connection is then
 * reopened. Non-2xx answers and answers whose body lacks --expect are counted apart. --extract KEY reads the decimal
 * number after KEY in each recorded body (a guest reporting its own work time) and reports its mean and median.
 * Output: one JSON line on stdout. Exit 0 unless the arguments are wrong or nothing could be measured.
 */
#include "openloop.h"

static void usage(void) {
    fprintf(stderr, "usage: openloop --url http://HOST:PORT/PATH --rate R --connections N --duration S [--warmup S]"
                    " [--threads T] [--expect TEXT] [--extract KEY] [--timeout S]\n");
    exit(2);
}

static int parse_url(const char *url, struct config *cfg) {
    const char *p = url;
    if (strncmp(p, "http://", 7) != 0) return -1;
    p += 7;
    const char *colon = strchr(p, ':'), *slash = strchr(p, '/');
    if (!slash) slash = p + strlen(p);
    const char *host_end = colon && colon < slash ? colon : slash;
    size_t hl = (size_t)(host_end - p);
    if (hl == 0 || hl >= sizeof cfg->host) return -1;
    memcpy(cfg->host, p, hl);
    cfg->host[hl] = '\0';
    cfg->port = colon && colon < slash ? atoi(colon + 1) : 80;
    const char *path = *slash ? slash : "/";
    int n = snprintf(cfg->request, sizeof cfg->request,
                     "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: openloop\r\n\r\n", path, cfg->host, cfg->port);
    if (n <= 0 || (size_t)n >= sizeof cfg->request) return -1;
    cfg->request_len = (size_t)n;
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
    if (getaddrinfo(cfg->host, NULL, &hints, &res) != 0) return -1;
    cfg->addr = *(struct sockaddr_in *)res->ai_addr;
    cfg->addr.sin_port = htons((uint16_t)cfg->port);
    freeaddrinfo(res);
    return 0;
}

static void parse_args(int argc, char **argv, struct config *cfg) {
    const char *url = NULL;
    cfg->connections = 1;
    cfg->threads = 1;
    cfg->timeout_s = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) usage();
        if (!strcmp(a, "--url")) url = v;
        else if (!strcmp(a, "--rate")) cfg->rate = atof(v);
        else if (!strcmp(a, "--connections")) cfg->connections = atoi(v);
        else if (!strcmp(a, "--threads")) cfg->threads = atoi(v);
        else if (!strcmp(a, "--duration")) cfg->duration_s = atof(v);
        else if (!strcmp(a, "--warmup")) cfg->warmup_s = atof(v);
        else if (!strcmp(a, "--timeout")) cfg->timeout_s = atof(v);
        else if (!strcmp(a, "--expect")) cfg->expect = v;
        else if (!strcmp(a, "--extract")) cfg->extract = v;
        else usage();
        i++;
    }
    if (!url || cfg->rate < 0 || cfg->connections < 1 || cfg->threads < 1 || cfg->duration_s <= 0
        || cfg->warmup_s < 0 || cfg->timeout_s <= 0)
        usage();
    if (cfg->threads > cfg->connections) cfg->threads = cfg->connections;
    if (parse_url(url, cfg) != 0) {
        fprintf(stderr, "openloop: cannot use --url %s (http://HOST:PORT/PATH, IPv4)\n", url);
        exit(2);
    }
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The value at quantile q of sorted xs (nearest rank). */
static uint32_t quantile(const uint32_t *xs, size_t n, double q) {
    if (n == 0) return 0;
    size_t rank = (size_t)(q * (double)n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return xs[rank - 1];
}

int main(int argc, char **argv) {
    struct config cfg = {0};
    parse_args(argc, argv, &cfg);
    signal(SIGPIPE, SIG_IGN);

    int64_t start = now_ns() + 20 * 1000000LL; /* a moment to start the threads before the first request is due */
    cfg.record_from = start + (int64_t)(cfg.warmup_s * 1e9);
    cfg.end = cfg.record_from + (int64_t)(cfg.duration_s * 1e9);

    struct worker *workers = calloc((size_t)cfg.threads, sizeof *workers);
    pthread_t *tids = calloc((size_t)cfg.threads, sizeof *tids);
    if (!workers || !tids) return 1;
    for (int t = 0, first = 0; t < cfg.threads; t++) {
        int count = cfg.connections / cfg.threads + (t < cfg.connections % cfg.threads);
        workers[t] = (struct worker){.cfg = &cfg, .first = first, .count = count, .start = start};
        first += count;
        if (pthread_create(&tids[t], NULL, worker_run, &workers[t]) != 0) return 1;
    }
    struct results all = {0};
    for (int t = 0; t < cfg.threads; t++) {
        pthread_join(tids[t], NULL);
        results_merge(&all, &workers[t].res);
    }

    qsort(all.lat, all.lat_n, sizeof *all.lat, cmp_u32);
    qsort(all.extracted, all.extracted_n, sizeof *all.extracted, cmp_i64);
    double sum = 0, xsum = 0;
    for (size_t i = 0; i < all.lat_n; i++) sum += all.lat[i];
    for (size_t i = 0; i < all.extracted_n; i++) xsum += (double)all.extracted[i];
    printf("{\"port\":%d,\"connections\":%d,\"threads\":%d,\"rate\":%.1f,\"duration_s\":%.3f,"
           "\"due\":%llu,\"sent\":%llu,\"completed\":%llu,\"errors\":%llu,\"timeouts\":%llu,\"non2xx\":%llu,"
           "\"unexpected_body\":%llu,\"achieved_rate\":%.1f,\"mean_us\":%.1f,\"p50_us\":%u,\"p90_us\":%u,"
           "\"p99_us\":%u,\"p999_us\":%u,\"max_us\":%u",
           cfg.port, cfg.connections, cfg.threads, cfg.rate, cfg.duration_s, (unsigned long long)all.due,
           (unsigned long long)all.sent, (unsigned long long)all.completed, (unsigned long long)all.errors,
           (unsigned long long)all.timeouts, (unsigned long long)all.non2xx,
           (unsigned long long)all.unexpected, (double)all.completed / cfg.duration_s,
           all.lat_n ? sum / (double)all.lat_n : 0.0, quantile(all.lat, all.lat_n, 0.50),
           quantile(all.lat, all.lat_n, 0.90), quantile(all.lat, all.lat_n, 0.99),
           quantile(all.lat, all.lat_n, 0.999), all.lat_n ? all.lat[all.lat_n - 1] : 0);
    if (cfg.extract)
        printf(",\"extract_count\":%zu,\"extract_mean\":%.1f,\"extract_p50\":%lld", all.extracted_n,
               all.extracted_n ? xsum / (double)all.extracted_n : 0.0,
               all.extracted_n ? (long long)all.extracted[(all.extracted_n - 1) / 2] : 0LL);
    printf("}\n");
    return all.completed ? 0 : 1;
}
