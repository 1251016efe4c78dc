/* scenarios/scn_int.h - declarations shared by the three parts of the
 * scenario loader; not an API (include it only from scenarios/scn*.c).
 *
 *   scn.c         text -> cJSON tree: reading files, strict JSON checks
 *                 (syntax, leading zeros, BOMs, nesting, UTF-8, duplicate
 *                 keys), scn_kind(), scn_load_string()/scn_load_file();
 *   scn_schema.c  the tree -> mob_config_t: every scenario key, its type,
 *                 range and cross references (docs/scenarios.md);
 *   scn_set.c     paths ("moves[1].at"), `--set K=V`, canonical paths.
 *
 * Dependencies point one way: scn.c calls into scn_schema.c and scn_set.c;
 * scn_set.c calls scni_find_nul_escape() of scn.c; scn_schema.c needs
 * neither. Names carry the prefix scni_ (internal to scn).
 */
#ifndef MOBSIM_SCENARIOS_SCN_INT_H
#define MOBSIM_SCENARIOS_SCN_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "models/config.h"
#include "scenarios/jcheck.h"
#include "scenarios/scn.h"
#include "sim/err.h"

struct cJSON;

/* Room for a JSON path in messages and bookkeeping ("$.moves[1].at"). */
#define SCNI_PATH_MAX JC_PATH_MAX


/* scn_set.c: applies "K=V"; on success canon holds the canonical path it
 * set ("$.params.T_b") and created the first key it had to add ("" none). */
int scni_set_apply_text(struct cJSON *root, const char *assignment, char *canon, char *created,
                        size_t cap, sim_err_t *err);

/* scn_set.c: true when canonical path is at or below prefix ("$.moves[1]"
 * covers "$.moves[1].at"). */
bool scni_path_covers(const char *prefix, const char *path);

/* scn.c: the offset of a "\u0000" escape inside a JSON string of text (cJSON
 * would cut the string there), or len when there is none. */
size_t scni_find_nul_escape(const char *text, size_t len);

#endif /* MOBSIM_SCENARIOS_SCN_INT_H */
