/* scenarios/scn.h - scenario files (JSON) to mob_config_t, and `--set` overrides.
 *
 * A scenario goes through three steps, each usable on its own (sweeps reuse
 * the last two on a copy of the tree for every grid point):
 *   1. parse:    text -> cJSON tree; syntax errors name line and column,
 *                duplicate object keys are refused;
 *   2. override: scn_set_apply() puts a value at a path such as
 *                "params.T_b" or "moves[1].at" (the paths of `--set K=V`
 *                and of a sweep's `vary` keys);
 *   3. validate: scn_config_from_json() checks every key (type, range,
 *                cross references) and fills a mob_config_t.
 * scn_load_file() / scn_load_string() do all three.
 *
 * Every error a user must fix returns -SIM_EINVAL (or -SIM_ERANGE folded
 * into -SIM_EINVAL: the user fixes both the same way) and leaves one line in
 * err, naming the file, the JSON path and what was expected:
 *   fig1.json: $.moves[1].at: expected a time such as "120ms" ..., got "1.2 s"
 *   fig1.json:7:3: invalid JSON: trailing comma before "}"
 * A file that cannot be read is -SIM_EIO, memory exhaustion -SIM_ENOMEM.
 * Nothing here allocates memory that outlives a call unless the function
 * says it hands it over; nothing keeps state between calls (thread-safe,
 * except that cJSON records its last parse error in a global of its own).
 *
 * docs/scenarios.md documents every key, its type, default and range.
 */
#ifndef MOBSIM_SCENARIOS_SCN_H
#define MOBSIM_SCENARIOS_SCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models/config.h"
#include "sim/err.h"

struct cJSON;

/* Scenario files larger than this are refused (a full scenario is a few KB). */
#define SCN_FILE_MAX (4u << 20)

typedef enum scn_kind {
    SCN_KIND_SCENARIO = 0,
    SCN_KIND_SWEEP, /* an object with "base" or "vary" (SCENARIOS.md "Sweep") */
} scn_kind_t;

/* Reads the whole file at path into a NUL-terminated buffer the caller
 * frees with free(); *len excludes the NUL. -SIM_EIO ("FILE: cannot read:
 * No such file or directory"), -SIM_EINVAL when larger than SCN_FILE_MAX. */
int scn_read_file(const char *path, char **text, size_t *len, sim_err_t *err);

/* The same for an open stream (standard input for FILE "-"), named `name`
 * in messages ("<stdin>"). Reads to EOF; a stream of exactly SCN_FILE_MAX
 * bytes is accepted, one byte more is -SIM_EINVAL ("NAME: expected a
 * scenario file of at most 4194304 bytes"). Does not close f. */
int scn_read_stream(FILE *f, const char *name, char **text, size_t *len, sim_err_t *err);

/* Parses len bytes of JSON text. `file` (borrowed; may be NULL) names the
 * source in messages. On success *out is a tree the caller frees with
 * cJSON_Delete(). The text must be one strict JSON value (RFC 8259) in
 * UTF-8, optionally after one byte order mark: no NUL bytes or \u0000, no
 * numbers with leading zeros, no other U+FEFF between tokens, no raw control
 * characters or unpaired surrogate escapes in strings, nesting at most 1000
 * levels (cJSON's limit), every key and string valid UTF-8 without C1
 * controls (refused with its JSON path), no duplicate keys in any object.
 * docs/scenarios.md "Strict JSON" lists the messages. */
int scn_parse_text(const char *text, size_t len, const char *file, struct cJSON **out,
                   sim_err_t *err);

/* scn_read_file() then scn_parse_text(). */
int scn_parse_file(const char *path, struct cJSON **out, sim_err_t *err);

/* SCN_KIND_SWEEP when root is an object holding "base" or "vary". */
scn_kind_t scn_kind(const struct cJSON *root);

/* Puts a copy of value (borrowed) at path in root, replacing what is there.
 * path: keys separated by "." and array indices in brackets, optionally
 * starting with "$." - "scheme", "params.T_b", "moves[1].at",
 * "delay.core.pairs[0].between[1]". Missing object keys along the way are
 * created (as objects, then the last as value); an index must name an
 * existing element. Errors (-SIM_EINVAL) name the path:
 *   $.moves[5]: expected an index below 2 (moves has 2 elements)
 * The tree is unchanged on error. */
int scn_set_apply(struct cJSON *root, const char *path, const struct cJSON *value, sim_err_t *err);

/* The value of `--set K=V`: V as JSON when it is valid JSON (a number,
 * true/false/null, an object, an array, a "quoted string"), otherwise V
 * itself as a string, so `T_b=120ms` and `loss=0.01` both do what they say.
 * Returns a new tree the caller frees with cJSON_Delete(); NULL only when
 * out of memory. */
struct cJSON *scn_set_value(const char *text);

/* Applies one "K=V" assignment (as typed after --set) to root. Errors
 * repeat the assignment: --set moves[5].at=2s: $.moves[5]: expected ... */
int scn_set_apply_text(struct cJSON *root, const char *assignment, sim_err_t *err);

/* The canonical spelling of a --set / sweep path: "$." then keys joined by
 * "." and indices as "[N]" without leading zeros, so "moves[01].at",
 * "$moves[1].at" and "$.moves[1].at" all give "$.moves[1].at". 0, or
 * -SIM_EINVAL (PATH_RULE message) when path is not a valid path or the
 * result does not fit in cap bytes. */
int scn_path_canonical(const char *path, char *buf, size_t cap, sim_err_t *err);

/* true when two canonical paths name the same value or one lies inside the
 * other ("$.delay.core" and "$.delay.core.default"). */
bool scn_path_overlaps(const char *a, const char *b);

/* Validates a scenario tree (borrowed, unchanged) and fills *out, starting
 * from mob_config_defaults(). `file` names the source in messages (may be
 * NULL) and, without a "name" key, gives the scenario its name (basename
 * without ".json"). *out is overwritten (not freed first): on success the
 * caller owns its arrays (mob_config_free); on error *out holds partial
 * scalars and no arrays, must not be run, and needs no freeing. */
int scn_config_from_json(const struct cJSON *root, const char *file, mob_config_t *out,
                         sim_err_t *err);

/* The same, and on -SIM_EINVAL the JSON path where validation failed
 * ("$.moves[1].at") into err_path (cap bytes), so a caller that put values
 * into the tree (--set, a sweep's "set") can say which one was at fault. */
int scn_config_from_json_at(const struct cJSON *root, const char *file, mob_config_t *out,
                            sim_err_t *err, char *err_path, size_t cap);

/* Parse, apply the n_sets "K=V" overrides in order (sets may be NULL when
 * n_sets is 0), validate. A validation error at a path that an override
 * set ends with "(from --set K=V)". A sweep file is refused with a message
 * saying so. *out is always a valid config afterwards (empty on error):
 * mob_config_free() it when done. */
int scn_load_string(const char *text, size_t len, const char *file, const char *const *sets,
                    size_t n_sets, mob_config_t *out, sim_err_t *err);
int scn_load_file(const char *path, const char *const *sets, size_t n_sets, mob_config_t *out,
                  sim_err_t *err);

/* Spellings of the enum-like keys, as scenario files write them. */
const char *scn_dist_name(mob_dist_kind_t kind);

#endif /* MOBSIM_SCENARIOS_SCN_H */
