/* analysis/sweep.h - parameter sweeps: a grid of scenarios, replications
 * with common random numbers, statistics per grid point and scheme, outputs
 * that survive an interruption.
 *
 * A sweep file (docs/sweeps.md) names a base scenario, a cartesian grid of
 * `vary` values, `random` keys drawn per replication, a number of
 * replications and a master seed. Three pieces, usable on their own:
 *
 *   1. the definition (sweep_t): loaded and checked up front - every grid
 *      point's scenario is validated before anything runs - then read-only,
 *      shared by all threads;
 *   2. blocks (sweep_block_t): the runs of one task, a range of
 *      replications of one grid point, for every scheme; a task is run by
 *      whichever thread or MPI rank takes it, and its numbers do not depend
 *      on who ran it;
 *   3. the output (sweep_out_t): gathers blocks, and when the last block of
 *      a point arrives computes the point's rows and appends them to a
 *      journal in the output directory; sweep_out_finish() writes the CSV,
 *      JSON, per-run rows and plots from the journal, atomically.
 *
 * Points and streams (common random numbers). The grid points are the
 * cartesian product of the non-scheme `vary` keys, in file order, the last
 * key varying fastest: with value indices i_1..i_k over n_1..n_k values,
 *     point = ((i_1 * n_2 + i_2) * n_3 + i_3) ... * n_k + i_k
 * The `scheme` key (when varied) is not part of the point. Replication r of
 * point p, under every scheme, runs in the world
 *     sim_create({seed, p, r})
 * and draws its `random` values, key by key in file order, from the stream
 * (seed, p, r, SWEEP_RNG_RANDOM). So every scheme sees the same random
 * values, delays and losses for the same (p, r), and differences between
 * schemes are paired. Results never depend on the number of threads or
 * ranks, or on the order in which tasks finish.
 *
 * Thread safety: a sweep_t is read-only after loading; sweep_block_run() may
 * run on many threads at once. sweep_out_t belongs to one thread.
 */
#ifndef MOBSIM_ANALYSIS_SWEEP_H
#define MOBSIM_ANALYSIS_SWEEP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/provenance.h"
#include "models/config.h"
#include "sim/err.h"
#include "sim/sim.h"

/* The stream purpose of the `random` draws (sim/ keeps 0, models use >= 16). */
#define SWEEP_RNG_RANDOM 1

#define SWEEP_REPLICATIONS_MAX 1000000000ull
#define SWEEP_POINTS_MAX       1000000u

typedef struct sweep sweep_t;
typedef struct sweep_block sweep_block_t;
typedef struct sweep_out sweep_out_t;

typedef struct sweep_options {
    uint64_t replications; /* > 0: replaces the file's "replications" */
    bool has_seed;
    uint64_t seed;           /* with has_seed: replaces the file's "seed" */
    const char *const *sets; /* "K=V" overrides of the base scenario (borrowed) */
    size_t n_sets;
    int threads; /* threads for the theory column (as sweep_exec_t's); 0: every online core */
} sweep_options_t;

/* Loads and checks a sweep file; opt may be NULL. Errors a user must fix
 * are -SIM_EINVAL with one line naming the file and JSON path:
 *   sweep.json: $.vary["params.T_b"].step: expected a time above 0 ...
 *   sweep.json: $.vary: grid point 3 (params.T_b=30ms): fig6.json: $.params...
 *   sweep.json: $.random["moves[1].at"]: expected a distribution whose draws
 *     keep the scenario valid, but at its 1-1e-12 quantile (138.2s) ...
 *   sweep.json: --set params.T_b=12x: this key is varied by the sweep ...
 * -SIM_EIO when a file cannot be read, -SIM_ENOMEM. The file is read and
 * checked by scenarios/sweepfile.h (every rule is there and in
 * docs/sweeps.md); a sweep that loads runs without a validation error.
 * On success *out is the caller's, freed with sweep_destroy(). Parses JSON
 * with cJSON, which keeps its last error in a global: load on one thread at
 * a time. */
int sweep_load_file(const char *path, const sweep_options_t *opt, sweep_t **out, sim_err_t *err);
int sweep_load_string(const char *text, size_t len, const char *file, const sweep_options_t *opt,
                      sweep_t **out, sim_err_t *err);
void sweep_destroy(sweep_t *s); /* NULL is a no-op */

/* The sweep's name: "name" in the file, else the file's basename without
 * ".json" (borrowed, valid until sweep_destroy()). */
const char *sweep_name(const sweep_t *s);
size_t sweep_n_points(const sweep_t *s);  /* grid points without the scheme */
size_t sweep_n_schemes(const sweep_t *s); /* 1 when scheme is not varied */
uint64_t sweep_replications(const sweep_t *s);
uint64_t sweep_seed(const sweep_t *s);
uint64_t sweep_runs_total(const sweep_t *s); /* points * schemes * replications */

/* Tasks: point p's replications in consecutive ranges of at most
 * sweep_task_reps(); task t belongs to point t / tasks_per_point. */
size_t sweep_n_tasks(const sweep_t *s);
size_t sweep_tasks_per_point(const sweep_t *s);
void sweep_task_span(const sweep_t *s, size_t task, size_t *point, uint64_t *rep_lo,
                     uint64_t *rep_hi);

/* The scenario that replication rep of (point, scheme index) runs,
 * random draws applied. For tests and `mobsim sweep --show`. */
int sweep_config_at(const sweep_t *s, size_t point, size_t scheme, uint64_t rep, mob_config_t *out,
                    sim_err_t *err);

/* The values drawn for the random keys of (point, rep), in file order, as
 * the runs see them (times in seconds). n_out >= number of random keys. */
int sweep_random_at(const sweep_t *s, size_t point, uint64_t rep, double *out, size_t n_out,
                    sim_err_t *err);
size_t sweep_n_random(const sweep_t *s);

/* ------------------------------------------------------------ blocks */

/* A new block for task (or NULL when out of memory); the caller destroys it
 * unless it hands it to sweep_out_add(). */
sweep_block_t *sweep_block_create(const sweep_t *s, size_t task);
void sweep_block_destroy(sweep_block_t *b);
size_t sweep_block_task(const sweep_block_t *b);

/* Runs every replication of the block's task under every scheme. Safe to
 * call from many threads on distinct blocks. 0, or a negative SIM_E code
 * (a drawn scenario the models refuse: -SIM_EINVAL with the run named). */
int sweep_block_run(const sweep_t *s, sweep_block_t *b, sim_err_t *err);

/* The block's numbers as a flat array (for MPI): *n doubles, borrowed. A
 * block built by sweep_block_create() for the same task can take them back
 * with sweep_block_load(); -SIM_EINVAL when n does not fit the task. */
double *sweep_block_data(sweep_block_t *b, size_t *n);
int sweep_block_load(sweep_block_t *b, const double *data, size_t n, sim_err_t *err);

/* ------------------------------------------------------------ running */

typedef struct sweep_exec {
    int threads; /* workers; <= 0: every online core */
    /* tasks to run here; NULL runs all */
    bool (*want)(void *ctx, size_t task);
    /* called on the calling thread for every finished block, in finishing
     * order; takes the block over. A non-zero return stops the sweep. */
    int (*sink)(void *ctx, sweep_block_t *b, sim_err_t *err);
    /* called on the calling thread every poll_ms (default 20 ms) while
     * waiting, to receive remote blocks; may be NULL */
    int (*poll)(void *ctx, sim_err_t *err);
    int poll_ms;
    void *ctx;                   /* borrowed */
    volatile sig_atomic_t *stop; /* when set non-zero, no new task starts; may be NULL */
} sweep_exec_t;

/* Runs the wanted tasks on x->threads worker threads; the calling thread
 * only hands blocks to x->sink and calls x->poll. Returns 0 when every
 * wanted task finished, the first error otherwise. */
int sweep_execute(const sweep_t *s, const sweep_exec_t *x, sim_err_t *err);

/* ------------------------------------------------------------ output */

typedef struct sweep_out_options {
    const char *dir; /* created if missing (one level) */
    bool resume;     /* keep the finished points of dir's journal */
    bool runs;       /* also write runs.csv, one row per run */
    bool plots;      /* write .gp scripts and render them with gnuplot */
} sweep_out_options_t;

/* Opens dir for s. Without resume a journal left there is started afresh;
 * with resume its finished points are kept (a journal of another sweep, or
 * of other replications/seed/options, is refused: -SIM_EINVAL naming it), and
 * a torn last record (kill -9, power loss) is cut off. */
int sweep_out_open(const sweep_t *s, const sweep_out_options_t *opt, sweep_out_t **out,
                   sim_err_t *err);
void sweep_out_destroy(sweep_out_t *o); /* NULL is a no-op; keeps the journal */

bool sweep_out_point_done(const sweep_out_t *o, size_t point);
size_t sweep_out_points_done(const sweep_out_t *o);
uint64_t sweep_out_runs_done(const sweep_out_t *o); /* including points finished earlier */

/* Where the outputs say they came from: sweep.json's "provenance", the
 * "# " comment lines above the CSV headers and the --db meta table
 * (analysis/provenance.h). prov is borrowed and must outlive o; NULL (the
 * default) writes none. Call before sweep_out_finish(). */
void sweep_out_set_provenance(sweep_out_t *o, const prov_t *prov);

/* Also write the results as one SQLite file at path (borrowed, must outlive
 * o): tables meta, points (sweep.csv's rows) and runs (runs.csv's), docs/
 * sweeps.md. The runs come from the journal, so o must have been opened
 * with opt.runs: -SIM_EINVAL otherwise. The file is renamed into place with
 * the other outputs, never half-written. */
int sweep_out_set_db(sweep_out_t *o, const char *path, sim_err_t *err);

/* Takes over b (destroyed here, also on error). When it completes its
 * point, the point's rows are computed and appended to the journal. */
int sweep_out_add(sweep_out_t *o, sweep_block_t *b, sim_err_t *err);

/* With every point done: writes sweep.csv, sweep.json (and runs.csv) in
 * dir, each under a temporary name renamed into place, then the plots. The
 * journal stays (a later --resume finds every point done and rewrites the
 * same bytes). Every journal record is checked first: -SIM_EINVAL naming
 * the record when one does not fit the sweep; -SIM_ESTATE when points are
 * missing; -SIM_EIO when a write fails (file and reason in err). */
int sweep_out_finish(sweep_out_t *o, sim_err_t *err);

/* The CSV header line (no newline) into buf; for docs and tests. */
int sweep_csv_header(const sweep_t *s, char *buf, size_t cap);

#endif /* MOBSIM_ANALYSIS_SWEEP_H */
