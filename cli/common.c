/* cli/common.c - helpers every subcommand shares (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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
