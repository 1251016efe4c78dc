/* cli/main.c - the mobsim command: dispatches subcommands, --help, --version.
 * Only dispatches: the subcommands parse their own options (cli/args.c) and
 * share cli/common.c. */
#include "cli/cli.h"
#include "cli/demo.h"

#include <string.h>

static const char usage[] =
    "usage: mobsim COMMAND [OPTIONS]\n"
    "\n"
    "Simulates simultaneous mobility in Mobile IPv6: two mobile hosts talking with\n"
    "route optimization hand off at about the same time (Wong and Dutta); also any\n"
    "number of hosts, each with its correspondents, mobile or stationary.\n"
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
    "  check FILE...   run scenarios' scripts: PASS/FAIL per expectation\n"
    "                  (bindings, BUL entries, messages received and lost)\n"
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
    "  mobsim check tests/conformance/*.json\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 bad input or usage,\n"
    "129/130/143 stopped by SIGHUP/SIGINT/SIGTERM (temporary files removed).\n"
    "Scenario keys: docs/scenarios.md; sweeps: docs/sweeps.md; commands: docs/cli.md.\n";

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
    if (strcmp(cmd, "check") == 0)
        return cli_check(argc, argv);
    return cli_usage_error(NULL, "unknown command \"%s\"", cmd);
}

static int command(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
#ifdef MOBSIM_MPI
    /* under mpirun every rank runs the command: only a sweep uses them all */
    if (strcmp(cmd, "sweep") != 0 && cli_is_secondary_rank())
        return CLI_OK;
#endif
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage, stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        puts("mobsim " MOBSIM_VERSION);
        return CLI_OK;
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

int main(int argc, char **argv)
{
    return cli_finish_stdout(command(argc, argv));
}
