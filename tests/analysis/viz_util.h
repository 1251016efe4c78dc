/* tests/analysis/viz_util.h - shared by the chart and demo tests: the
 * paper's figures recorded with msc.h, and running outside programs
 * (xmllint, chromium, tmux) the way a user's machine would. */
#ifndef MOBSIM_TESTS_ANALYSIS_VIZ_UTIL_H
#define MOBSIM_TESTS_ANALYSIS_VIZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/msc.h"

/* Runs scenarios/FIG.json ("fig1", "fig3", ... "fig6"; tests run from the
 * repository root) and returns its finished recording (msc_destroy() it),
 * or NULL. */
msc_t *vz_record(const char *fig, unsigned flags);

/* Standard output of `sh -c cmd` (add 2>&1 to get errors too),
 * NUL-terminated; the caller frees it. *status gets the exit status (-1
 * when it did not exit normally). */
char *vz_run(const char *cmd, int *status);

/* true when `prog` is found in PATH. */
bool vz_have(const char *prog);

/* A new empty directory under /tmp (static buffer per call site: copy). */
bool vz_tmpdir(char *buf, size_t cap);

/* The whole file, NUL-terminated; the caller frees it. NULL if unreadable. */
char *vz_slurp(const char *path);

/* Occurrences of needle in hay. */
int vz_count(const char *hay, const char *needle);

#endif
