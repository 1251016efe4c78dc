/* scenarios/sweepfile.h - sweep files (docs/sweeps.md): reading and checking
 * them, down to a plain description of the grid.
 *
 * A sweep file names a base scenario, "set" overrides, a cartesian grid of
 * "vary" values, "random" keys drawn per replication, a number of
 * replications and a seed. scn_sweep_load_*() parse it (scn_parse_text),
 * check every key with jcheck, and check every grid point's scenario under
 * every scheme (scn_config_from_json) - with the random keys at a typical
 * value and at the ends of their supports - so that nothing a run can meet
 * is left unchecked. What comes out (scn_sweep_t) is plain data: the base
 * tree with "set" and --set applied, the vary keys with their values, the
 * random keys with their distributions, counts and names. analysis/sweep.c
 * runs it; nothing here knows about statistics or outputs.
 *
 * Paths. Every path of "vary", "random", "set" and --set is canonicalised
 * (scn_path_canonical: "moves[01].at" is "$.moves[1].at"); two vary/random
 * paths that overlap (the same value, or one inside the other) are refused,
 * and so is a "set"/--set that a vary or random key overrides.
 *
 * Columns. A vary or random key's column is named by "axes" (name, label,
 * transform: {"minus": PATH}, docs/sweeps.md "Axes"), else by its path as an
 * identifier, with "_s" for times ("moves[1].at" -> "moves_1_at_s"): names
 * are valid identifiers in R and pandas. "scheme_set" puts values into the
 * scenario of one scheme only (a scheme's own figure parameters).
 *
 * Errors a user must fix are -SIM_EINVAL with one line naming the file and
 * JSON path; -SIM_EIO when the sweep file cannot be read; -SIM_ENOMEM.
 * Thread-safe except for cJSON's global parse error (load on one thread at
 * a time); a loaded scn_sweep_t is read-only and may be shared.
 */
#ifndef MOBSIM_SCENARIOS_SWEEPFILE_H
#define MOBSIM_SCENARIOS_SWEEPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/config.h"
#include "sim/err.h"

struct cJSON;

#define SCN_SWEEP_PATH_MAX         256
#define SCN_SWEEP_POINTS_MAX       1000000u
#define SCN_SWEEP_REPLICATIONS_MAX 1000000000ull
#define SCN_SWEEP_RANDOM_MAX       64 /* random keys per sweep */
#define SCN_SWEEP_METRICS_MAX      64 /* entries of "metrics" */
/* The support check validates a random key at this quantile from each
 * unbounded end: real draws reach it (about once in 10^12 draws). */
#define SCN_SWEEP_TAIL 1e-12
/* Random keys whose ends are checked in every combination (2^n per grid
 * point and scheme); beyond, each key's ends are checked alone. */
#define SCN_SWEEP_COMBO_KEYS_MAX   8
#define SCN_SWEEP_COMBO_CHECKS_MAX (1u << 18)

#define SCN_SWEEP_NAME_MAX  64  /* a column name, with its NUL */
#define SCN_SWEEP_LABEL_MAX 160 /* an axis label, with its NUL */

/* How a vary or random key is shown ("axes", docs/sweeps.md "Axes"). */
typedef struct scn_sweep_axis {
    char name[SCN_SWEEP_NAME_MAX];    /* column name, a valid identifier: "offset_s" */
    char label[SCN_SWEEP_LABEL_MAX];  /* axis label with its unit: "offset D = t_B - t_A (s)" */
    char legend[SCN_SWEEP_LABEL_MAX]; /* the label without its "(unit)", for legends */
    double minus;                     /* subtracted from every value for the column (s for times) */
    char minus_path[SCN_SWEEP_PATH_MAX]; /* the transform's path without "$.", "" none */
} scn_sweep_axis_t;

/* One vary key: its values as JSON and as the CSV shows them. */
typedef struct scn_sweep_key {
    char path[SCN_SWEEP_PATH_MAX];  /* canonical, without "$." */
    char where[SCN_SWEEP_PATH_MAX]; /* its entry in the file: $.vary["moves[1].at"] */
    scn_sweep_axis_t axis;          /* its column name, label and transform */
    bool is_time;                   /* every value is a time */
    size_t n;
    struct cJSON **values; /* owned */
    double *num;           /* seconds for times, the number, NaN for other values */
    double *shown;         /* num with the transform applied (exact ns for times): the column */
    char **text;           /* display text ("30ms", "expedited") */
} scn_sweep_key_t;

typedef enum scn_sweep_dist {
    SCN_SWEEP_UNIFORM = 0,
    SCN_SWEEP_NORMAL,
    SCN_SWEEP_EXPONENTIAL,
    SCN_SWEEP_LOGNORMAL
} scn_sweep_dist_t;

/* One random key. A draw is x = D + shift, then clamped to [lo, hi]
 * ("min"/"max"; uniform draws never leave them), then for times rounded to
 * whole ns and clamped at 0: scn_sweep_random_value(). */
typedef struct scn_sweep_random {
    char path[SCN_SWEEP_PATH_MAX];  /* canonical, without "$." */
    char where[SCN_SWEEP_PATH_MAX]; /* $.random["moves[1].at"] */
    scn_sweep_axis_t axis;          /* its column (runs.csv): the drawn value minus axis.minus */
    scn_sweep_dist_t dist;
    bool is_time; /* values are times (seconds here, ns in the scenario) */
    /* uniform: min, max; normal: mean, sd; exponential: mean; lognormal: median, sigma */
    double a, b;
    double shift;  /* added to every draw */
    double lo, hi; /* truncation; -INFINITY / INFINITY when not given */
} scn_sweep_random_t;

/* A "set" entry or a --set, as applied to the base. */
typedef struct scn_sweep_set {
    char path[SCN_SWEEP_PATH_MAX]; /* canonical, with "$." */
    char label[160];               /* "--set K=V" or "$.set[\"K\"]" for messages */
} scn_sweep_set_t;

/* A "scheme_set" entry: value put at path in the scenario of one scheme. */
typedef struct scn_sweep_scheme_set {
    int scheme;                          /* mob_scheme_t */
    char path[SCN_SWEEP_PATH_MAX];       /* canonical, with "$." */
    char where[SCN_SWEEP_PATH_MAX + 32]; /* $.scheme_set.forwarding["params.fwd_buffer"] */
    struct cJSON *value;                 /* owned */
} scn_sweep_scheme_set_t;

typedef struct scn_sweep {
    char file[SCN_SWEEP_PATH_MAX];      /* the sweep file as named */
    char name[64];                      /* "name", else the basename without ".json" */
    char base_file[SCN_SWEEP_PATH_MAX]; /* the base scenario as named in messages */
    struct cJSON *root;                 /* the sweep file's tree (owned) */
    struct cJSON *base;                 /* the base tree, "set" and --set applied (owned) */
    scn_sweep_key_t *keys;              /* non-scheme vary keys, file order (owned) */
    size_t n_keys, n_points;
    int schemes[MOB_N_SCHEMES]; /* mob_scheme_t; the base's scheme when not varied */
    size_t n_schemes;
    bool scheme_varied;
    int reference;           /* index into schemes[], -1 none */
    scn_sweep_random_t *rnd; /* owned */
    size_t n_random;
    uint64_t reps, seed;                /* seed: "seed", --seed, else the base scenario's */
    int metrics[SCN_SWEEP_METRICS_MAX]; /* indices into the options' metric_names */
    size_t n_metrics;
    scn_sweep_set_t *sets; /* owned */
    size_t n_sets;
    scn_sweep_scheme_set_t *scheme_sets; /* owned, file order */
    size_t n_scheme_sets;
    const char *description; /* "description" (into root), NULL when absent */
} scn_sweep_t;

/* Called for every (point, scheme) after its scenario (random keys at a
 * typical value) validated; cfg is borrowed for the call. A non-zero
 * return stops the load with that code (err filled by the callback). */
typedef int (*scn_sweep_point_fn)(void *ctx, const scn_sweep_t *d, size_t point, size_t scheme,
                                  const mob_config_t *cfg, sim_err_t *err);

typedef struct scn_sweep_options {
    uint64_t replications; /* > 0: replaces the file's "replications" */
    bool has_seed;         /* with seed: replaces the file's "seed" */
    uint64_t seed;
    const char *const *sets; /* "K=V" overrides of the base (borrowed), after the file's "set" */
    size_t n_sets;
    const char *const *metric_names; /* what "metrics" may name (borrowed) */
    size_t n_metric_names;
    scn_sweep_point_fn on_point; /* may be NULL */
    void *ctx;                   /* borrowed, for on_point */
} scn_sweep_options_t;

/* Loads and checks a sweep file; opt may be NULL. On success *out is the
 * caller's, freed with scn_sweep_destroy(). */
int scn_sweep_load_file(const char *path, const scn_sweep_options_t *opt, scn_sweep_t **out,
                        sim_err_t *err);
int scn_sweep_load_string(const char *text, size_t len, const char *file,
                          const scn_sweep_options_t *opt, scn_sweep_t **out, sim_err_t *err);
void scn_sweep_destroy(scn_sweep_t *d); /* NULL is a no-op */

/* Value index of key k at point p (mixed radix, last key fastest). */
size_t scn_sweep_key_index(const scn_sweep_t *d, size_t point, size_t key);

/* A copy of the base with point's vary values, the scheme and the scheme's
 * "scheme_set" values put in; the caller frees *out with cJSON_Delete(). */
int scn_sweep_point_tree(const scn_sweep_t *d, size_t point, size_t scheme, struct cJSON **out,
                         sim_err_t *err);

/* Puts the random values (d->n_random, seconds for times, as
 * scn_sweep_random_value() gives them) into tree. */
int scn_sweep_put_random(const scn_sweep_t *d, struct cJSON *tree, const double *vals,
                         sim_err_t *err);

/* What the run sees of a raw draw x of the key's distribution (before the
 * shift): shift added, truncated to [lo, hi], times rounded to whole ns and
 * kept in [0, 9e9] s. */
double scn_sweep_random_value(const scn_sweep_random_t *r, double x);

/* Validates tree as the scenario of (point, scheme). rep >= 0 names the
 * replication whose random draws are in it. Messages start with the
 * sweep file and where the scenario came from:
 *   sweep.json: $.vary: grid point 3 (params.T_b=30ms): fig6.json: $.params...
 *   sweep.json: $.random: replication 7 of grid point 0: fig1.json: $.loss: ... */
int scn_sweep_config(const scn_sweep_t *d, const struct cJSON *tree, size_t point, size_t scheme,
                     int64_t rep, mob_config_t *cfg, sim_err_t *err);

/* Redraws without the JSON route. scn_sweep_can_redraw(): true when every
 * random key of d lands in one field of the built scenario that
 * scn_sweep_redraw() can set ("delay.core.default", or "moves[K].at" of a
 * tree without "trace"), for tree as scn_sweep_point_tree() gives it.
 * scn_sweep_redraw(): cfg was built by scn_sweep_config() from such a tree
 * with some draws (perhaps redrawn since); puts vals in as the JSON route
 * would and returns 1 when cfg is then exactly what scn_sweep_put_random()
 * and scn_sweep_config() would build with vals. 0 when it cannot vouch for
 * that (a value that may be invalid: the JSON route decides and words the
 * error); cfg must then not run, but stays a template for later draws. */
bool scn_sweep_can_redraw(const scn_sweep_t *d, const struct cJSON *tree);
int scn_sweep_redraw(const scn_sweep_t *d, mob_config_t *cfg, const double *vals);

/* "params.T_b=30ms, scheme=proxies" for messages. */
void scn_sweep_point_label(const scn_sweep_t *d, size_t point, size_t scheme, char *buf,
                           size_t cap);

#endif /* MOBSIM_SCENARIOS_SWEEPFILE_H */
