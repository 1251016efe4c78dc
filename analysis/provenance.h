/* analysis/provenance.h - where a result came from, recorded in every output.
 *
 * A provenance is mobsim's version, the git commit it was built from (the
 * Makefile stamps `git describe --always --dirty` into provenance.o, or
 * "unknown" outside a checkout), the command line, the date (UTC, ISO 8601;
 * SOURCE_DATE_EPOCH, when set to a whole number of seconds, replaces the
 * clock, as for reproducible builds) and the master seed with the rule that
 * derives every run's stream from it (DESIGN.md, "RNG").
 *
 * Outputs carry it in one place each, so that comparisons can skip it:
 *   JSON   one key "provenance" whose object is printed on a single line
 *          (prov_json() makes a raw cJSON node for that): tools that compare
 *          outputs drop the line holding "provenance":
 *   CSV    comment lines before the header, each starting with "# "
 *          (pandas.read_csv(comment="#"), R read.csv(comment.char="#"))
 *   SQLite a meta(key, value) table (analysis/sweep_db.c)
 *   HTML   prov_write_html(): one <p class="provenance"> element
 * docs/cli.md, "Provenance", documents the keys.
 *
 * A prov_t is a plain value: prov_init() fills it from the command line
 * (copied, so argv may go away), prov_fini() frees the copy.
 */
#ifndef MOBSIM_ANALYSIS_PROVENANCE_H
#define MOBSIM_ANALYSIS_PROVENANCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define MOBSIM_VERSION "0.1.0"

struct cJSON;

typedef struct prov {
    const char *version; /* MOBSIM_VERSION (static) */
    const char *commit;  /* prov_commit() (static) */
    char *command;       /* "mobsim run fig1 --json": the words shell-quoted (owned) */
    char date[32];       /* "2026-12-02T15:06:31Z" */
    bool has_seed;
    uint64_t seed;       /* the master seed of what the output holds */
    const char *seeding; /* how runs derive their streams from it (static text) */
} prov_t;

/* The commit the build was stamped with: "9c8f31f", "9c8f31f-dirty", or
 * "unknown" (static). */
const char *prov_commit(void);

/* Fills p: program ("mobsim") and the words argv[0..argc) of the command
 * (cli/ hands the subcommand's argv: "run", "fig1", ...), quoted where a
 * shell would change them; the date now. No seed yet (prov_set_seed()).
 * Returns 0, or -SIM_ENOMEM with p zeroed. */
int prov_init(prov_t *p, const char *program, int argc, char *const *argv);
void prov_fini(prov_t *p); /* NULL, or a zeroed p, is a no-op */

/* Records the master seed and the rule that derives the runs' streams from
 * it: seeding is static text such as PROV_SEEDING_RUN. */
void prov_set_seed(prov_t *p, uint64_t seed, const char *seeding);
#define PROV_SEEDING_RUN   "one world, RNG stream (seed, 0, 0)"
#define PROV_SEEDING_SWEEP "replication r of grid point p runs in RNG stream (seed, p, r)"

/* The provenance object as a raw cJSON node (its text on one line) for
 * cJSON_AddItemToObject(obj, "provenance", ...); NULL when out of memory.
 * Keys: mobsim, commit, command, date, seed (null without one), seeding. */
struct cJSON *prov_json(const prov_t *p);

/* The same object as one line of JSON text (no newline) into a new string
 * the caller frees; NULL when out of memory. */
char *prov_json_text(const prov_t *p);

/* The CSV comment lines, each "# ...\n":
 *   # mobsim 0.1.0 (commit 9c8f31f)
 *   # command: mobsim sweep sweep-tb -o out/tb
 *   # date: 2026-12-02T15:06:31Z
 *   # seed: 1 (replication r of grid point p runs in RNG stream (seed, p, r))
 * Nothing in the words of the command can end a line early: a newline in
 * it is written as \n. */
void prov_write_csv_comments(FILE *f, const prov_t *p);

/* <p class="provenance">mobsim 0.1.0 (commit ...), date, command, seed</p>
 * with the text HTML-escaped. */
void prov_write_html(FILE *f, const prov_t *p);

/* true when line (up to its newline) is a provenance line of an output: a
 * CSV comment ("#" first) or a JSON line whose key is "provenance". For
 * tests and tools that compare outputs across runs. */
bool prov_is_provenance_line(const char *line);

#endif /* MOBSIM_ANALYSIS_PROVENANCE_H */
