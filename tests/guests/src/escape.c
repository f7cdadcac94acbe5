/*
 * escape: a guest that tries to get out of its sandbox, one probe per request
 * (docs/reliability.md, Sandbox). Query: p=<probe> plus the probe's keys, raw
 * (not URL-decoded). Answers 200 text/plain with one result line per probe,
 * "<probe>=ok ..." or "<probe>=failed errno=N" (wasi-libc's WASI numbering:
 * EACCES=2, EBADF=8, EEXIST=20, EINVAL=28, ELOOP=32, ENOENT=44, ENOTDIR=54,
 * EPERM=63, EROFS=69, ENOTCAPABLE=76). Probes:
 *   read path=P         fopen(P) and the first line read (libc resolves P against the preopens)
 *   rawread path=P fd=N path_open straight on fd N (default 3), P passed to the host as is
 *   list path=P         the names in directory P, in readdir order
 *   fds                 every open fd below 1024, and each preopen's name
 *   env                 every environment variable, one "env: NAME=VALUE" line each
 *   create|trunc|append|unlink|mkdir|rmdir|settimes path=P
 *   rename path=P to=Q, symlink path=P target=T
 *   fill path=P kb=N    writes N KiB (default 1024) to P in 64 KiB writes; bytes written and the first error
 *   renumber path=P     opens P for writing and tries to make it fd 1 (stdout); the result line shows where stdout went
 *   loop | writeloop | clockloop   run forever: plain code, fd_write to stderr, clock_time_get
 *   sleep secs=N        sleep(N) (poll_oneoff), then "sleep=ok"
 *   stdin               reads stdin to EOF: "stdin=ok bytes=N"
 *   stdout kb=N         N KiB (default 65536+1024, past the 64 MiB cap) of 'x' as the body; stops at the first failed write
 *   stderr kb=N         N KiB of 'e' to stderr (default 8192), then "stderr=ok"
 *   exit code=N | trap | oom | ok
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>
#include "cgi.h"

static char buf[64 * 1024];
static void *volatile chunks[4096];

static void header(void) { fputs("Content-Type: text/plain\n\n", stdout); }

static int result(const char *probe, int ok) {
    if (ok) printf("%s=ok\n", probe);
    else printf("%s=failed errno=%d\n", probe, errno);
    return 0;
}

static int probe_read(const char *path) {
    FILE *f = fopen(path, "rb");
    size_t n, i;
    if (!f) return result("read", 0);
    n = fread(buf, 1, 200, f);
    if (n == 0 && ferror(f)) return result("read", 0);
    for (i = 0; i < n && buf[i] != '\n'; i++)
        if (buf[i] < ' ' || buf[i] > '~') buf[i] = '?';
    buf[i] = '\0';
    printf("read=ok %s\n", buf);
    return 0;
}

static int probe_rawread(const char *path, int dirfd) {
    __wasi_fd_t fd;
    __wasi_size_t got = 0;
    __wasi_iovec_t iov = {(uint8_t *)buf, 200};
    __wasi_errno_t e = __wasi_path_open(dirfd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0,
                                        __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    size_t i;
    if (e == 0) e = __wasi_fd_read(fd, &iov, 1, &got);
    if (e != 0) {
        printf("rawread=failed errno=%d\n", e);
        return 0;
    }
    for (i = 0; i < got && buf[i] != '\n'; i++)
        if (buf[i] < ' ' || buf[i] > '~') buf[i] = '?';
    buf[i] = '\0';
    printf("rawread=ok %s\n", buf);
    return 0;
}

static int probe_list(const char *path) {
    DIR *d = opendir(path);
    struct dirent *entry;
    if (!d) return result("list", 0);
    fputs("list=ok", stdout);
    while ((entry = readdir(d)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) printf(" %s", entry->d_name);
    putchar('\n');
    closedir(d);
    return 0;
}

static int probe_fds(void) {
    __wasi_fd_t fd;
    fputs("fds=ok", stdout);
    for (fd = 0; fd < 1024; fd++) {
        __wasi_fdstat_t stat;
        __wasi_prestat_t pre;
        if (__wasi_fd_fdstat_get(fd, &stat) != 0) continue;
        printf(" %u", fd);
        if (__wasi_fd_prestat_get(fd, &pre) == 0 && pre.u.dir.pr_name_len < 256) {
            char name[256];
            if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, pre.u.dir.pr_name_len) == 0) {
                name[pre.u.dir.pr_name_len] = '\0';
                printf("=%s", name);
            }
        }
    }
    putchar('\n');
    return 0;
}

extern char **environ;

static int probe_env(void) {
    char **e;
    fputs("env=ok\n", stdout);
    for (e = environ; *e; e++) printf("env: %s\n", *e);
    return 0;
}

static int probe_fill(const char *path, long kb) {
    long long written = 0, want = (long long)kb * 1024;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), err = 0;
    memset(buf, 'f', sizeof buf);
    if (fd < 0) return result("fill", 0);
    while (written < want) {
        size_t n = want - written > (long long)sizeof buf ? sizeof buf : (size_t)(want - written);
        ssize_t w = write(fd, buf, n);
        if (w <= 0) {
            err = errno;
            break;
        }
        written += w;
    }
    close(fd);
    if (err) printf("fill=failed bytes=%lld errno=%d\n", written, err);
    else printf("fill=ok bytes=%lld\n", written);
    return 0;
}

static int probe_stdout(long kb) {
    long long want = (long long)kb * 1024;
    memset(buf, 'x', sizeof buf);
    header();
    fflush(stdout);
    while (want > 0) {
        size_t n = want > (long long)sizeof buf ? sizeof buf : (size_t)want;
        if (write(1, buf, n) <= 0) return 0;
        want -= (long long)n;
    }
    return 0;
}

int main(void) {
    char p[32] = "", path[512] = "", to[512] = "";
    volatile unsigned long spin = 0;
    cgi_query("p", p, sizeof p);
    cgi_query("path", path, sizeof path);
    if (!cgi_query("to", to, sizeof to)) cgi_query("target", to, sizeof to);

    /* Probes that never answer, or answer on their own. */
    if (strcmp(p, "loop") == 0) for (;;) spin++;
    if (strcmp(p, "writeloop") == 0) for (;;) write(2, "w", 1);
    if (strcmp(p, "clockloop") == 0) for (;;) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); }
    if (strcmp(p, "trap") == 0) __builtin_trap();
    if (strcmp(p, "exit") == 0) exit((int)cgi_query_long("code", 3));
    if (strcmp(p, "oom") == 0) {
        size_t i;
        for (i = 0; i < 4096; i++) {
            char *chunk = malloc(1u << 20);
            if (!chunk) __builtin_trap();
            memset(chunk, 1, 1u << 20);
            chunks[i] = chunk;
        }
        __builtin_trap();
    }
    if (strcmp(p, "stdout") == 0) return probe_stdout(cgi_query_long("kb", 65 * 1024));

    if (strcmp(p, "stderr") == 0) {
        long long want = (long long)cgi_query_long("kb", 8192) * 1024;
        memset(buf, 'e', sizeof buf);
        for (; want > 0; want -= (long long)sizeof buf) write(2, buf, sizeof buf);
    }
    if (strcmp(p, "sleep") == 0) sleep((unsigned)cgi_query_long("secs", 3600));

    header();
    if (strcmp(p, "read") == 0) return probe_read(path);
    if (strcmp(p, "rawread") == 0) return probe_rawread(path, (int)cgi_query_long("fd", 3));
    if (strcmp(p, "list") == 0) return probe_list(path);
    if (strcmp(p, "fds") == 0) return probe_fds();
    if (strcmp(p, "env") == 0) return probe_env();
    if (strcmp(p, "fill") == 0) return probe_fill(path, cgi_query_long("kb", 1024));
    if (strcmp(p, "create") == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) close(fd);
        return result("create", fd >= 0);
    }
    if (strcmp(p, "trunc") == 0) {
        int fd = open(path, O_WRONLY | O_TRUNC);
        if (fd >= 0) close(fd);
        return result("trunc", fd >= 0);
    }
    if (strcmp(p, "append") == 0) {
        int fd = open(path, O_WRONLY | O_APPEND), ok = fd >= 0 && write(fd, "appended\n", 9) == 9;
        if (fd >= 0) close(fd);
        return result("append", ok);
    }
    if (strcmp(p, "unlink") == 0) return result("unlink", unlink(path) == 0);
    if (strcmp(p, "mkdir") == 0) return result("mkdir", mkdir(path, 0755) == 0);
    if (strcmp(p, "rmdir") == 0) return result("rmdir", rmdir(path) == 0);
    if (strcmp(p, "rename") == 0) return result("rename", rename(path, to) == 0);
    if (strcmp(p, "symlink") == 0) return result("symlink", symlink(to, path) == 0);
    if (strcmp(p, "settimes") == 0) {
        struct timespec times[2] = {{0, 0}, {0, 0}};
        return result("settimes", utimensat(AT_FDCWD, path, times, 0) == 0);
    }
    if (strcmp(p, "renumber") == 0) {
        int fd = open(path, O_WRONLY | O_CREAT, 0644);
        __wasi_errno_t e;
        if (fd < 0) return result("renumber", 0);
        fflush(stdout);
        e = __wasi_fd_renumber(fd, 1);
        if (e) printf("renumber=failed errno=%d\n", e);
        else printf("renumber=ok\n");
        return 0;
    }
    if (strcmp(p, "sleep") == 0) return result("sleep", 1);
    if (strcmp(p, "stderr") == 0) return result("stderr", 1);
    if (strcmp(p, "stdin") == 0) {
        size_t len;
        free(cgi_read_stdin(&len));
        printf("stdin=ok bytes=%zu\n", len);
        return 0;
    }
    if (strcmp(p, "ok") == 0) return result("ok", 1);
    printf("unknown probe '%s'\n", p);
    return 0;
}
