/* cli/common.c - helpers every subcommand shares (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/outfile.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "mobsim %s: %s (try \"mobsim %s --help\")\n", cmd, msg, cmd);
    else
        fprintf(stderr, "mobsim: %s (try \"mobsim --help\")\n", msg);
    return CLI_USAGE;
}

int cli_status_of(int rc)
{
    if (rc < 0)
        rc = -rc;
    return (rc == SIM_EINVAL || rc == SIM_ERANGE || rc == SIM_EIO) ? CLI_USAGE : CLI_FAIL;
}

int cli_finish_stdout(int status)
{
    errno = 0;
    bool bad = fflush(stdout) != 0 || ferror(stdout);
    int e = errno ? errno : EIO;
    if (!bad || status != CLI_OK)
        return status;
    fprintf(stderr, "mobsim: cannot write standard output: %s\n", strerror(e));
    return CLI_FAIL;
}

/* ------------------------------------------------------------ outputs */

static bool is_char_device(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

/* Two paths for one file: equal resolved locations, or one inode. */
static bool same_location(const char *a, const char *b)
{
    char la[OUTFILE_PATH_MAX], lb[OUTFILE_PATH_MAX];
    outfile_location(a, la, sizeof(la));
    outfile_location(b, lb, sizeof(lb));
    if (strcmp(la, lb) == 0)
        return true;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int cli_check_outputs(const char *cmd, const cli_output_t *outs, size_t n, const char *input)
{
    sim_err_t err = {0};
    for (size_t i = 0; i < n; i++) {
        const char *p = outs[i].path;
        if (!p)
            continue;
        if (outfile_check(p, &err) < 0)
            return cli_usage_error(cmd, "%s %s", outs[i].opt, err.msg);
        bool is_stdout = strcmp(p, "-") == 0;
        if (!is_stdout && input && strcmp(input, "-") != 0 && same_location(p, input))
            return cli_usage_error(cmd, "%s %s would overwrite the scenario file", outs[i].opt, p);
        for (size_t j = 0; j < i; j++) {
            const char *q = outs[j].path;
            if (!q || (strcmp(q, "-") == 0) != is_stdout)
                continue;
            if (is_stdout)
                return cli_usage_error(cmd, "%s and %s both write to standard output", outs[j].opt,
                                       outs[i].opt);
            if (is_char_device(p) && is_char_device(q))
                continue; /* -o /dev/null --trace /dev/null */
            if (same_location(p, q))
                return cli_usage_error(cmd, "%s %s and %s %s name the same file", outs[j].opt, q,
                                       outs[i].opt, p);
        }
    }
    return 0;
}

int cli_check_extension(const char *cmd, const char *opt, const char *path, const char *const *exts,
                        const char *what)
{
    size_t n = strlen(path);
    for (const char *const *e = exts; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strcasecmp(path + n - k, *e) == 0)
            return 0;
    }
    return cli_usage_error(cmd, "%s %s: expected a file name ending in %s", opt, path, what);
}

/* ------------------------------------------------------------ signals */

/* The only mutable static of the command: a signal handler can reach
 * nothing else. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    if (!stop_signal)
        stop_signal = sig;
    signal(sig, SIG_DFL); /* a second one ends at once */
}

void cli_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked open() or write() returns EINTR */
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
}

int cli_signal_caught(void)
{
    return stop_signal;
}

volatile sig_atomic_t *cli_stop_flag(void)
{
    return &stop_signal;
}

/* ------------------------------------------------------------ MPI */

bool cli_is_secondary_rank(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strtol(v, NULL, 10) != 0;
    }
    return false;
}

/* ------------------------------------------------------------ scenarios */

#ifndef MOBSIM_DATADIR
#define MOBSIM_DATADIR "/usr/local/share/mobsim"
#endif

static void add_dir(cli_scenario_dirs_t *d, const char *dir)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->dir[i], dir) == 0)
            return;
    if (d->n < CLI_SCENARIO_DIRS_MAX)
        snprintf(d->dir[d->n++], sizeof(d->dir[0]), "%s", dir);
}

void cli_scenario_dirs(cli_scenario_dirs_t *d)
{
    d->n = 0;
    add_dir(d, "scenarios");
    add_dir(d, MOBSIM_DATADIR "/scenarios");
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = 0; /* the executable's directory: PREFIX/bin, or build */
    static const char *const rel[] = {"/../share/mobsim/scenarios", "/../scenarios"};
    for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
        char dir[PATH_MAX + 64], real[PATH_MAX];
        snprintf(dir, sizeof(dir), "%s%s", exe, rel[i]);
        add_dir(d, realpath(dir, real) ? real : dir);
    }
}

static bool is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* "scenarios, /usr/local/share/mobsim/scenarios, ..." */
static void list_dirs(const cli_scenario_dirs_t *d, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < d->n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s%s", i ? ", " : "",
                                d->dir[i][0] == '/' ? "" : "./", d->dir[i]);
}

int cli_resolve_scenario(const char *cmd, const char *name, char *path, size_t cap)
{
    struct stat st;
    if (strcmp(name, "-") == 0 || strchr(name, '/') || !*name || stat(name, &st) == 0) {
        snprintf(path, cap, "%s", name);
        return 0;
    }
    size_t len = strlen(name);
    bool has_ext = len > 5 && strcmp(name + len - 5, ".json") == 0;
    cli_scenario_dirs_t d;
    cli_scenario_dirs(&d);
    for (size_t i = 0; i < d.n; i++) {
        snprintf(path, cap, "%s/%s%s", d.dir[i], name, has_ext ? "" : ".json");
        if (is_regular(path))
            return 0;
    }
    char places[sizeof(d.dir)];
    list_dirs(&d, places, sizeof(places));
    snprintf(path, cap, "%s", name);
    /* clang-format off */
    fprintf(stderr, "mobsim %s: %s: no such file, and no shipped scenario of that name: looked for %s%s in %s\n", cmd, name, name, has_ext ? "" : ".json", places);
    /* clang-format on */
    return CLI_USAGE;
}

int cli_find_scenario_dir(const char *cmd, const char *probe, char *dir, size_t cap)
{
    cli_scenario_dirs_t d;
    cli_scenario_dirs(&d);
    for (size_t i = 0; i < d.n; i++) {
        char path[sizeof(d.dir[0]) + 256];
        snprintf(path, sizeof(path), "%s/%s", d.dir[i], probe);
        if (is_regular(path)) {
            snprintf(dir, cap, "%s", d.dir[i]);
            return 0;
        }
    }
    char places[sizeof(d.dir)];
    list_dirs(&d, places, sizeof(places));
    /* clang-format off */
    fprintf(stderr, "mobsim %s: cannot find the shipped scenarios (give --scenarios DIR): looked for %s in %s\n", cmd, probe, places);
    /* clang-format on */
    return CLI_USAGE;
}
