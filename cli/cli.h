/* cli/cli.h - pieces shared by the mobsim subcommands (internal to cli/).
 *
 * Exit statuses (docs/cli.md): 0 success, 1 the run failed (out of memory,
 * a write failed), 2 bad input or usage - with one line on stderr and
 * nothing written.
 */
#ifndef MOBSIM_CLI_CLI_H
#define MOBSIM_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/err.h"

#define MOBSIM_VERSION "0.1.0"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Subcommands: argv[0] is the command name ("run"). */
int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_window(int argc, char **argv);
int cli_figures(int argc, char **argv);
int cli_sweep(int argc, char **argv);

/* Prints "mobsim CMD: message" and a hint to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The exit status for a failed library call: 2 for what the user must fix
 * (bad input, an unreadable input file), 1 for everything else. */
int cli_status_of(int rc);

/* An output file written to a temporary name beside its path and renamed
 * into place only by cli_out_commit(): a failed run leaves nothing under
 * the final name. path "-" means standard output (no temporary file). */
typedef struct cli_out {
    const char *path; /* borrowed */
    char tmp[4096];
    FILE *f;
} cli_out_t;

/* 0, or -SIM_EIO with "cannot write PATH: reason" in err. */
int cli_out_open(cli_out_t *o, const char *path, sim_err_t *err);
/* Flushes and closes (and renames into place): 0 or -SIM_EIO. */
int cli_out_close(cli_out_t *o, sim_err_t *err);
int cli_out_commit(cli_out_t *o, sim_err_t *err);
/* Closes and removes the temporary file; safe on a never-opened o. */
void cli_out_abort(cli_out_t *o);

#endif /* MOBSIM_CLI_CLI_H */
