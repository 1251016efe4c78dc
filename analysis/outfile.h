/* analysis/outfile.h - an output file written so that it never damages what
 * is already there: the one rule every writer of mobsim follows (the run
 * outputs of cli/, the pcap sink, the figure charts, the demo page).
 *
 * Where the data goes depends on what `path` names today:
 *   "-"                        standard output (only where the caller allows it)
 *   nothing, or a regular file a temporary file beside it, renamed over it by
 *                              outfile_commit(): a failed or stopped run leaves
 *                              the old file (or nothing) under the name
 *   a symlink                  the same, beside the link's final target, renamed
 *                              over the target: the link survives
 *   a character device, FIFO   written straight (no temporary file, no rename):
 *   or socket                  -o /dev/null stays /dev/null
 *   a directory, block device  refused by outfile_check()/outfile_open() with
 *                              -SIM_EINVAL ("PATH: is a directory")
 *
 * An outfile_t is a plain value the caller owns; nothing here allocates.
 */
#ifndef MOBSIM_ANALYSIS_OUTFILE_H
#define MOBSIM_ANALYSIS_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/err.h"

#define OUTFILE_PATH_MAX 4096

typedef struct outfile {
    const char *path;              /* as given (borrowed; must outlive o) */
    char target[OUTFILE_PATH_MAX]; /* where the data lands (symlinks followed) */
    char tmp[OUTFILE_PATH_MAX];    /* the temporary file, "" when writing straight */
    FILE *f;                       /* NULL when closed or taken over */
    bool is_stdout;
} outfile_t;

/* What open would do with path, without creating anything: 0 when it can be
 * written, -SIM_EINVAL with "PATH: is a directory" (or "is a block device")
 * in err when it never can. A missing parent directory is not checked here
 * (open reports it as -SIM_EIO). "-" is accepted. */
int outfile_check(const char *path, sim_err_t *err);

/* Opens o for path (borrowed) by the rules above. Returns 0 with o->f open,
 * -SIM_EINVAL for a directory, or -SIM_EIO with "cannot write PATH: reason"
 * in err; on failure nothing is left behind. */
int outfile_open(outfile_t *o, const char *path, sim_err_t *err);

/* Flushes and closes o->f (unless taken over: the caller set o->f = NULL
 * after closing it itself) and renames the temporary file over the target.
 * Returns 0, or -SIM_EIO with "cannot write PATH: reason" (the temporary
 * file is then removed and the target left as it was). A never-opened or
 * aborted o returns 0. */
int outfile_commit(outfile_t *o, sim_err_t *err);

/* Closes o->f and removes the temporary file; safe on a zeroed, aborted or
 * committed o. Only unlink() and fclose(): callable on the way out after a
 * signal. */
void outfile_abort(outfile_t *o);

/* Where path's data would land, for telling whether two outputs (or an
 * output and an input) name one file: symlinks followed, then the realpath
 * of the parent directory joined with the base name (the file need not
 * exist). Returns false when the parent does not resolve; buf gets path. */
bool outfile_location(const char *path, char *buf, size_t cap);

#endif /* MOBSIM_ANALYSIS_OUTFILE_H */
