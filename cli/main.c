/* cli/main.c - the mobsim command: dispatches subcommands, --help, --version.
 * Kept thin: parsing arguments and calling scenarios/ and analysis/. */
#include "cli/cli.h"
#include "cli/demo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: mobsim COMMAND [OPTIONS]\n"
    "\n"
    "Simulates simultaneous mobility in Mobile IPv6: two mobile hosts talking with\n"
    "route optimization hand off at about the same time (Wong and Dutta).\n"
    "\n"
    "Commands:\n"
    "  run FILE        run one scenario, print a summary (or --json metrics)\n"
    "  validate FILE   check a scenario file; prints nothing but errors\n"
    "  window FILE     the vulnerability window of the scenario's timing, derived\n"
    "                  (and with --search, simulated) and the scheme timer bounds\n"
    "  figures         reproduce the paper: charts of every figure, index.html\n"
    "  demo FIG        step through a figure event by event (terminal, or --html F)\n"
    "  sweep FILE      a sweep file: a grid of scenarios x schemes x replications\n"
    "                  on all cores (or MPI ranks), CSV/JSON with intervals, plots\n"
    "  help [COMMAND]  this text, or a command's options\n"
    "\n"
    "Options:\n"
    "  -h, --help      this text; `mobsim COMMAND --help` explains a command\n"
    "  --version       print the version (mobsim " MOBSIM_VERSION ")\n"
    "\n"
    "Examples:\n"
    "  mobsim run scenarios/fig1.json\n"
    "  mobsim run scenarios/fig1.json --set scheme=hoa-signaling --json\n"
    "  mobsim validate my-scenario.json\n"
    "  mobsim sweep scenarios/sweep-offset.json\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 bad input or usage.\n"
    "Scenario keys: docs/scenarios.md; sweeps: docs/sweeps.md; commands: docs/cli.md.\n";

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

/* ------------------------------------------------------------------------ */
/* Output files: temporary name, renamed into place on success                */

int cli_out_open(cli_out_t *o, const char *path, sim_err_t *err)
{
    memset(o, 0, sizeof(*o));
    o->path = path;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    int n = snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof(o->tmp))
        return sim_err_set(err, SIM_EIO, "cannot write %s: file name too long", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        o->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    /* mkstemp makes the file 0600; outputs are ordinary files (0666 & ~umask) */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        o->tmp[0] = 0;
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", path, strerror(e));
    }
    return 0;
}

int cli_out_close(cli_out_t *o, sim_err_t *err)
{
    if (!o->f)
        return 0;
    bool bad = fflush(o->f) != 0 || ferror(o->f);
    int e = errno;
    if (o->f != stdout && fclose(o->f) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    o->f = NULL;
    if (bad) {
        cli_out_abort(o);
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->path, strerror(e));
    }
    return 0;
}

int cli_out_commit(cli_out_t *o, sim_err_t *err)
{
    int rc = cli_out_close(o, err);
    if (rc || !o->tmp[0])
        return rc;
    if (rename(o->tmp, o->path) != 0) {
        int e = errno;
        cli_out_abort(o);
        return sim_err_set(err, SIM_EIO, "cannot write %s: %s", o->path, strerror(e));
    }
    o->tmp[0] = 0;
    return 0;
}

void cli_out_abort(cli_out_t *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp[0])
        unlink(o->tmp);
    o->tmp[0] = 0;
}

/* ------------------------------------------------------------------------ */

static int dispatch(const char *cmd, int argc, char **argv)
{
    if (strcmp(cmd, "run") == 0)
        return cli_run(argc, argv);
    if (strcmp(cmd, "validate") == 0)
        return cli_validate(argc, argv);
    if (strcmp(cmd, "window") == 0)
        return cli_window(argc, argv);
    if (strcmp(cmd, "demo") == 0)
        return cli_demo(argc, argv);
    if (strcmp(cmd, "figures") == 0)
        return cli_figures(argc, argv);
    if (strcmp(cmd, "sweep") == 0)
        return cli_sweep(argc, argv);
    return cli_usage_error(NULL, "unknown command \"%s\"", cmd);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage, stdout);
        return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        puts("mobsim " MOBSIM_VERSION);
        return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            fputs(usage, stdout);
            return CLI_OK;
        }
        char *args[] = {argv[2], "--help", NULL};
        return dispatch(argv[2], 2, args);
    }
    if (cmd[0] == '-')
        return cli_usage_error(NULL, "unknown option \"%s\"", cmd);
    return dispatch(cmd, argc - 1, argv + 1);
}
