/* cli/cli.h - pieces shared by the mobsim subcommands (internal to cli/).
 *
 * Exit statuses (docs/cli.md): 0 success, 1 the run failed (out of memory,
 * a write failed), 2 bad input or usage - with one line on stderr and
 * nothing written -, 128 + N stopped by signal N (129 SIGHUP, 130 SIGINT,
 * 143 SIGTERM) with every temporary file removed.
 *
 * cli/common.c holds the helpers below, cli/args.c the option parser;
 * main.c only dispatches, and no subcommand calls into main.c.
 */
#ifndef MOBSIM_CLI_CLI_H
#define MOBSIM_CLI_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/provenance.h" /* MOBSIM_VERSION */
#include "sim/err.h"
#include "sim/time.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* The program as the provenance of outputs names it (analysis/provenance.h). */
#ifdef MOBSIM_MPI
#define CLI_PROGRAM "mobsim-mpi"
#else
#define CLI_PROGRAM "mobsim"
#endif

/* Subcommands: argv[0] is the command name ("run"). */
int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_window(int argc, char **argv);
int cli_figures(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_check(int argc, char **argv);

/* ------------------------------------------------------------ args.c */

/* One option of a subcommand. Every option has a long name; a value is
 * given as "--name VALUE" or "--name=VALUE", "-s VALUE" or "-sVALUE"; "--"
 * ends the options and "-" is an operand (standard input/output). */
typedef struct cli_option {
    const char *name; /* "--output" */
    char short_name;  /* 'o', or 0 */
    bool takes_value;
    int id; /* > 0, handed to the callback */
} cli_option_t;

#define CLI_OPERAND 0

/* Called for every option (its id, opt as spelled: "-o" or "--output", and
 * its value or NULL) and every operand (id CLI_OPERAND, value the word), in
 * command-line order. Returns 0 to go on, -1 to stop with success (help was
 * printed), or an exit status (after printing the one line). */
typedef int cli_arg_fn(void *ctx, int id, const char *opt, const char *value);

/* Parses argv[1..argc) against opts (terminated by a {NULL} entry).
 * Unknown options, a missing value and a value given to a flag are usage
 * errors (one line, CLI_USAGE). Returns what the last callback returned:
 * 0, -1 or an exit status. */
int cli_parse_args(const char *cmd, const cli_option_t *opts, int argc, char **argv, cli_arg_fn *fn,
                   void *ctx);

/* "1.1s", "950ms", "250us", "10ns", "1.1" (seconds) into *out (ns); false
 * when text is not a non-negative time. */
bool cli_parse_time(const char *text, sim_time_t *out);

/* ------------------------------------------------------------ common.c */

/* Prints "mobsim CMD: message (try ...)" to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The exit status for a failed library call: 2 for what the user must fix
 * (bad input, an unreadable input file), 1 for everything else. */
int cli_status_of(int rc);

/* Standard output at the end of a command: when status is 0 and a write
 * to it failed (now or earlier), prints "mobsim: cannot write standard
 * output: REASON" and returns CLI_FAIL; otherwise returns status. */
int cli_finish_stdout(int status);

/* An output of a command: the option that names it and its path ("-" is
 * standard output). */
typedef struct cli_output {
    const char *opt;  /* "--pcap"; "the summary" for an implicit stdout */
    const char *path; /* NULL: not asked for */
} cli_output_t;

/* Refuses, before anything runs, outputs that can never be written (a
 * directory), two outputs that name one file (compared by resolved
 * location: symlinks followed, realpath of the parent + base name; two
 * writes to one character device such as /dev/null are fine), two on
 * standard output, and an output over the input file (may be NULL or "-").
 * One line and CLI_USAGE, else 0. */
int cli_check_outputs(const char *cmd, const cli_output_t *outs, size_t n, const char *input);

/* The format of path comes from its extension: 0 when it ends in one of
 * exts (NULL-terminated, ".svg", compared ignoring case), else one line
 * "OPT PATH: expected a file name ending in WHAT" and CLI_USAGE. */
int cli_check_extension(const char *cmd, const char *opt, const char *path, const char *const *exts,
                        const char *what);

/* SIGINT, SIGTERM and SIGHUP set a flag (and restore the default action,
 * so a second one ends at once); no SA_RESTART, so a blocking open of a
 * FIFO returns. The flag is what cli_stop_flag points to (for
 * sweep_exec_t) and cli_signal_caught() returns. */
void cli_signals_install(void);
int cli_signal_caught(void); /* 0, or the number of the first signal */
volatile sig_atomic_t *cli_stop_flag(void);

/* true when this process is a rank other than 0 of an MPI job (mpirun sets
 * OMPI_COMM_WORLD_RANK, PMI_RANK or PMIX_RANK). */
bool cli_is_secondary_rank(void);

/* ------------------------------------------------------------ scenarios */

/* Where shipped scenarios are looked for, in order: ./scenarios, the
 * installed MOBSIM_DATADIR/scenarios (the Makefile compiles in
 * $(PREFIX)/share/mobsim), then beside the executable
 * DIR/../share/mobsim/scenarios (an installed tree moved elsewhere, or a
 * DESTDIR staging) and DIR/../scenarios (build/mobsim in a checkout). */
#define CLI_SCENARIO_DIRS_MAX 4
typedef struct cli_scenario_dirs {
    size_t n;
    char dir[CLI_SCENARIO_DIRS_MAX][4096];
} cli_scenario_dirs_t;
void cli_scenario_dirs(cli_scenario_dirs_t *d);

/* The scenario or sweep file a command operand names. "-", and any name
 * of an existing file, are used as given; a path with a '/' that does not
 * exist too (the loader says why it cannot be read). Otherwise name is a
 * shipped scenario's short name ("fig1", or "fig1.json"): the first
 * DIR/NAME.json of cli_scenario_dirs(). Writes the path into path (cap
 * bytes) and returns 0; an unknown short name prints one line naming every
 * place looked in and returns CLI_USAGE. */
int cli_resolve_scenario(const char *cmd, const char *name, char *path, size_t cap);

/* The first directory of cli_scenario_dirs() that holds probe ("fig1.json"),
 * into dir; else one line naming the places looked in, and CLI_USAGE. */
int cli_find_scenario_dir(const char *cmd, const char *probe, char *dir, size_t cap);

#endif /* MOBSIM_CLI_CLI_H */
