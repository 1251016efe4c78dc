/* analysis/sweep_int.h - what the sweep's source files share (internal to
 * analysis/sweep*.c; nothing else includes it).
 *
 * sweep.c loads the definition and runs blocks; sweep_out.c turns finished
 * points into rows, the journal and the output files; sweep_plot.c writes
 * the gnuplot scripts.
 */
#ifndef MOBSIM_ANALYSIS_SWEEP_INT_H
#define MOBSIM_ANALYSIS_SWEEP_INT_H

#include <stdio.h>

#include "analysis/provenance.h"
#include "analysis/stats.h"
#include "analysis/sweep.h"
#include "scenarios/sweepfile.h"

struct cJSON;

#define SWEEP_PATH_MAX 256

/* What one run contributes: one double per metric (NaN: did not happen). */
enum {
    RM_RESTORED = 0, /* 1 when both directions were restored */
    RM_RESTORE_TIME, /* s, NaN when not restored */
    RM_SIG_SENT,
    RM_SIG_LOST,
    RM_SIG_REFWD,
    RM_SIG_BYTES,
    RM_SIG_LATENCY, /* s, NaN when nothing was delivered */
    RM_SCHEME_MSGS,
    RM_HA_PEAK,
    RM_DATA_SENT,
    RM_DATA_LOST,
    RM_DATA_DELAY_MEAN, /* s, NaN without delivered data */
    RM_DATA_DELAY_P95,
    RM_DISRUPTION,  /* s, the longer of the two directions' gaps */
    RM_CONSECUTIVE, /* 1 when a host moved again before its signaling finished */
    RM_VULNERABLE,  /* 1 when any control message was lost */
    RM_EVENTS,
    /* the handoff records (population scenarios; NaN otherwise or without
     * rows): docs/model.md, "Handoff records" */
    RM_EPISODE_FRAC,     /* episode rows / handoff rows */
    RM_BROKEN_RO_FRAC,   /* broken pair-time / (pairs x horizon) */
    RM_NO_DELIVERY_FRAC, /* delivery gaps above 2 / rate / (directions x horizon) */
    RM_N
};

/* Metric names as the "metrics" key spells them, and their columns with
 * units (runs.csv; sweep.csv adds _mean, _ci ...): "restore_time_s". */
extern const char *const sweep_metric_names[RM_N];
extern const char *const sweep_metric_columns[RM_N];

/* The loader's descriptions of a vary key and a random key
 * (scenarios/sweepfile.h); path is the canonical path without "$.". */
typedef scn_sweep_key_t vary_key_t;
typedef scn_sweep_random_t random_key_t;

/* Column kinds of a result row (one per grid point and scheme). */
typedef enum col_kind {
    C_RUNS = 0,
    C_FRAC, /* mean of a 0/1 metric */
    C_LO,   /* Wilson interval of it */
    C_HI,
    C_MEAN,
    C_SD,
    C_CI,
    C_P50,
    C_P95,
    C_N,     /* runs where the metric exists */
    C_DMEAN, /* paired difference to the reference scheme */
    C_DCI,
    C_THEORY,    /* vulnerable_theory */
    C_EP_THEORY, /* episode_frac_theory */
} col_kind_t;

typedef struct sweep_col {
    char name[64];
    col_kind_t kind;
    int metric;
} sweep_col_t;

/* The timers with a derived bound, in sweep_t.bound_s order. */
#define SWEEP_N_BOUNDS 4
extern const char *const sweep_bound_paths[SWEEP_N_BOUNDS]; /* "params.T_b", ... */

struct sweep {
    scn_sweep_t *def; /* the loaded file (owned); keys, rnd and base point into it */
    char name[64];
    char file[SWEEP_PATH_MAX];      /* the sweep file as named */
    char base_file[SWEEP_PATH_MAX]; /* base scenario as named in messages */
    struct cJSON *base;             /* the base scenario tree, --set applied (def's) */
    vary_key_t *keys;               /* non-scheme vary keys, file order (def's) */
    size_t n_keys, n_points;
    int schemes[MOB_N_SCHEMES];
    size_t n_schemes;
    bool scheme_varied;
    int reference; /* index into schemes[], -1 none */
    random_key_t *rnd;
    size_t n_random;
    uint64_t reps, seed;
    uint64_t reps_per_task;
    size_t tasks_per_point;
    sweep_col_t *cols;
    size_t n_cols;
    /* metrics whose values a point keeps (for percentiles), and the metrics
     * of paired differences; slot maps are -1 where not kept */
    int pct_metric[RM_N], pct_slot[RM_N];
    size_t n_pct;
    int diff_metric[RM_N], diff_slot[RM_N];
    size_t n_diff;
    int theory_move;      /* moves[k] index of the random offset, -1 no theory */
    double *theory;       /* per point: P(offset in the window), NaN n/a */
    mob_config_t *th_cfg; /* while loading: point p's scenario for theory[p] (owned) */
    size_t n_th_cfg;
    double *ep_theory;    /* per point: the population's episode_frac_theory, NaN n/a */
    uint64_t fingerprint; /* of everything the results depend on */
    /* the derived timer bounds of point 0's scenario (mobsim window): T_b,
     * T_h, T_p, fwd_buffer above these cover the window; NaN when the
     * window cannot be derived (random delays) */
    double bound_s[SWEEP_N_BOUNDS];
};

struct sweep_block {
    size_t task, point;
    uint64_t rep_lo, rep_hi;
    size_t n_schemes, n_random;
    double *data; /* [scheme][rep - rep_lo][RM_N], then [rep - rep_lo][n_random] */
    size_t n_data;
};

/* The block's metric vector of (scheme index, rep). */
static inline double *sweep_block_run_vec(const sweep_block_t *b, size_t scheme, uint64_t rep)
{
    return b->data + (scheme * (b->rep_hi - b->rep_lo) + (rep - b->rep_lo)) * RM_N;
}

static inline double *sweep_block_rnd_vec(const sweep_block_t *b, uint64_t rep)
{
    return b->data + b->n_schemes * (b->rep_hi - b->rep_lo) * RM_N +
           (rep - b->rep_lo) * b->n_random;
}

/* Value index of key k at point p (mixed radix, last key fastest). */
size_t sweep_key_index(const sweep_t *s, size_t point, size_t key);

/* What a finished point's rows are computed from. Nothing here is per run
 * except the values of the percentile metrics. */
typedef struct sweep_point_stats {
    const stats_acc_t *acc;  /* [scheme * RM_N + metric], all replications */
    const stats_acc_t *diff; /* [scheme * n_diff + slot]: scheme minus reference, paired */
    const double *pvals;     /* [(scheme * n_pct + slot) * reps + rep] */
} sweep_point_stats_t;

/* Folds a block's runs into the accumulators of its task (zeroed by the
 * caller): part[scheme * RM_N + metric], dpart[scheme * n_diff + slot],
 * and copies the percentile metrics' values into pvals (laid out as in
 * sweep_point_stats_t). Each task has its own accumulators; merged in task
 * order they give the same bits whoever ran which task. */
void sweep_block_fold(const sweep_t *s, const sweep_block_t *b, stats_acc_t *part,
                      stats_acc_t *dpart, double *pvals);

/* The row values (s->n_cols doubles per scheme) of a finished point.
 * scratch holds reps doubles. */
void sweep_point_rows(const sweep_t *s, size_t point, const sweep_point_stats_t *ps,
                      double *scratch, double *rows);

/* Writes v as a CSV / JSON number ("%.10g"); NaN as "" / null. */
void sweep_put_num(FILE *f, double v, bool json);

/* A key value as CSV text (a number, or a quoted string when needed). */
void sweep_put_key_csv(FILE *f, const vary_key_t *k, size_t value);

/* gnuplot scripts for the finished outputs; data columns come from rows
 * (n_points * n_schemes rows of n_cols). Scripts are written to dir; when
 * render is set each is run with gnuplot (missing gnuplot: skipped). */
int sweep_plots(const sweep_t *s, const char *dir, const double *rows, bool render, sim_err_t *err);

/* outputs */

/* The plots sweep_plots() writes, as file names without extension (NAME.gp,
 * NAME.svg, NAME.png; each under NAME.EXT.tmp until complete). */
#define SWEEP_N_PLOTS 6
extern const char *const sweep_plot_names[SWEEP_N_PLOTS];

/* ------------------------------------------------------------ SQLite */

/* sweep_db.c: the --db file (tables meta, points, runs), built under a
 * temporary name beside path. begin creates it and the tables (prov
 * borrowed for the call, may be NULL); the row calls take sweep.csv's row
 * values and the journal's run vector (RM_N metrics, then the random
 * keys); close commits and closes it, still under its temporary name;
 * rename puts it in place; abort (any time, NULL a no-op) removes the
 * temporary file and frees d. Errors: -SIM_EIO naming path and SQLite's
 * reason, -SIM_ENOMEM. */
typedef struct sweep_db sweep_db_t;
int sweep_db_begin(const sweep_t *s, const char *path, const prov_t *prov, sweep_db_t **out,
                   sim_err_t *err);
int sweep_db_point_row(sweep_db_t *d, size_t point, size_t sc, const double *row, sim_err_t *err);
int sweep_db_run_row(sweep_db_t *d, size_t point, size_t sc, uint64_t rep, const double *v,
                     sim_err_t *err);
int sweep_db_close(sweep_db_t *d, sim_err_t *err);
int sweep_db_rename(sweep_db_t *d, sim_err_t *err);
void sweep_db_abort(sweep_db_t *d);

#endif /* MOBSIM_ANALYSIS_SWEEP_INT_H */
