/*
 * echo: reflects the request as the guest sees it.
 * Body lines: "env NAME=VALUE" for every environment variable (sorted),
 * "argv[i]=VALUE" for every argument, "body_len=N", then "body=" followed by
 * the exact stdin bytes (nothing appended).
 */
#include "cgi.h"

extern char **environ;

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    size_t envc = 0, body_len, i;
    char **env;
    unsigned char *body = cgi_read_stdin(&body_len);

    while (environ && environ[envc]) envc++;
    env = malloc((envc + 1) * sizeof *env);
    if (!env) __builtin_trap();
    memcpy(env, environ, envc * sizeof *env);
    qsort(env, envc, sizeof *env, cmp_str);

    fputs("Content-Type: text/plain\n\n", stdout);
    for (i = 0; i < envc; i++) printf("env %s\n", env[i]);
    for (i = 0; i < (size_t)argc; i++) printf("argv[%zu]=%s\n", i, argv[i]);
    printf("body_len=%zu\nbody=", body_len);
    fwrite(body, 1, body_len, stdout);
    return 0;
}
