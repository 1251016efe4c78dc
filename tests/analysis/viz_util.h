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

/* A world of four mobile hosts in C (until scenario files name more than
 * two): the fixture's networks (tests/models/fixture.h), A and C at home on
 * homeA and starting on A1, B and D at home on homeB and starting on B1,
 * iids 0x100..0x400; pairs A-B and C-D; A moves to A2 at 1 s, B to B2 at
 * 1.03 s, C to A2 at 1.2 s, D stays. The caller frees it. */
void vz_four_hosts(mob_config_t *c);

/* Runs the world of c and returns its finished recording (msc_destroy()
 * it), or NULL. */
msc_t *vz_record_config(const mob_config_t *c, unsigned flags);

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
