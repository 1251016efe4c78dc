/* analysis/sweep.c - sweeps: the definition built from a loaded sweep file,
 * random draws, the theory column, and running the replications of a task.
 *
 * Reading and checking the file is scenarios/sweepfile.c's job (one
 * validator, below analysis/ as the layering says): it checks every key,
 * every path, and every grid point's scenario under every scheme - with the
 * random keys at a typical value and at the ends of their supports - before
 * anything runs, and hands over a plain description. Here that description
 * gets its columns, fingerprint and theory column (computed from each
 * point's validated scenario while the loader walks the grid).
 *
 * Runs build their scenario the way `mobsim run --set` does: a copy of the
 * base tree with the point's values put at their paths, validated by
 * scn_config_from_json(). That costs tens of microseconds per task (per run
 * with random keys), small next to an episode, and keeps one definition of
 * what a path means.
 */
#include "analysis/sweep_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/episode.h"
#include "analysis/theory.h"
#include "analysis/window.h"
#include "models/world.h"
#include "scenarios/sweepfile.h"
#include "sim/rng.h"

#define REPS_PER_TASK     32   /* results never depend on it: each run has its own streams */
#define THEORY_POINTS_MAX 1000 /* deriving a window per point costs ~10 ms */

const char *const sweep_metric_names[RM_N] = {
    [RM_RESTORED] = "restored",
    [RM_RESTORE_TIME] = "restore_time",
    [RM_SIG_SENT] = "signaling_sent",
    [RM_SIG_LOST] = "signaling_lost",
    [RM_SIG_REFWD] = "signaling_reforwarded",
    [RM_SIG_BYTES] = "signaling_bytes",
    [RM_SIG_LATENCY] = "signaling_latency",
    [RM_SCHEME_MSGS] = "scheme_messages",
    [RM_HA_PEAK] = "ha_peak_copies",
    [RM_DATA_SENT] = "data_sent",
    [RM_DATA_LOST] = "data_lost",
    [RM_DATA_DELAY_MEAN] = "data_delay_mean",
    [RM_DATA_DELAY_P95] = "data_delay_p95",
    [RM_DISRUPTION] = "disruption",
    [RM_CONSECUTIVE] = "consecutive",
    [RM_VULNERABLE] = "vulnerable",
    [RM_EVENTS] = "events",
    [RM_EPISODE_FRAC] = "episode_frac",
    [RM_BROKEN_RO_FRAC] = "broken_ro_frac",
    [RM_NO_DELIVERY_FRAC] = "no_delivery_frac",
};

/* Their columns: the name with the unit of its values, "_s" for seconds;
 * counts (messages, packets, bytes, events) and fractions have none.
 * sweep.csv adds the statistic: restore_time_s_mean (docs/sweeps.md). */
const char *const sweep_metric_columns[RM_N] = {
    [RM_RESTORED] = "restored",
    [RM_RESTORE_TIME] = "restore_time_s",
    [RM_SIG_SENT] = "signaling_sent",
    [RM_SIG_LOST] = "signaling_lost",
    [RM_SIG_REFWD] = "signaling_reforwarded",
    [RM_SIG_BYTES] = "signaling_bytes",
    [RM_SIG_LATENCY] = "signaling_latency_s",
    [RM_SCHEME_MSGS] = "scheme_messages",
    [RM_HA_PEAK] = "ha_peak_copies",
    [RM_DATA_SENT] = "data_sent",
    [RM_DATA_LOST] = "data_lost",
    [RM_DATA_DELAY_MEAN] = "data_delay_mean_s",
    [RM_DATA_DELAY_P95] = "data_delay_p95_s",
    [RM_DISRUPTION] = "disruption_s",
    [RM_CONSECUTIVE] = "consecutive",
    [RM_VULNERABLE] = "vulnerable",
    [RM_EVENTS] = "events",
    [RM_EPISODE_FRAC] = "episode_frac",
    [RM_BROKEN_RO_FRAC] = "broken_ro_frac",
    [RM_NO_DELIVERY_FRAC] = "no_delivery_frac",
};

const char *const sweep_bound_paths[SWEEP_N_BOUNDS] = {"params.T_b", "params.T_h", "params.T_p",
                                                       "params.fwd_buffer"};

/* ------------------------------------------------------------ accessors */

const char *sweep_name(const sweep_t *s)
{
    return s->name;
}

size_t sweep_n_points(const sweep_t *s)
{
    return s->n_points;
}

size_t sweep_n_schemes(const sweep_t *s)
{
    return s->n_schemes;
}

uint64_t sweep_replications(const sweep_t *s)
{
    return s->reps;
}

uint64_t sweep_seed(const sweep_t *s)
{
    return s->seed;
}

uint64_t sweep_runs_total(const sweep_t *s)
{
    return (uint64_t)s->n_points * s->n_schemes * s->reps;
}

size_t sweep_n_random(const sweep_t *s)
{
    return s->n_random;
}

size_t sweep_n_tasks(const sweep_t *s)
{
    return s->n_points * s->tasks_per_point;
}

size_t sweep_tasks_per_point(const sweep_t *s)
{
    return s->tasks_per_point;
}

void sweep_task_span(const sweep_t *s, size_t task, size_t *point, uint64_t *rep_lo,
                     uint64_t *rep_hi)
{
    size_t chunk = task % s->tasks_per_point;
    *point = task / s->tasks_per_point;
    *rep_lo = (uint64_t)chunk * s->reps_per_task;
    *rep_hi = *rep_lo + s->reps_per_task;
    if (*rep_hi > s->reps)
        *rep_hi = s->reps;
}

size_t sweep_key_index(const sweep_t *s, size_t point, size_t key)
{
    for (size_t k = s->n_keys; k-- > key + 1;)
        point /= s->keys[k].n;
    return point % s->keys[key].n;
}

/* ------------------------------------------------------------ destroy */

void sweep_destroy(sweep_t *s)
{
    if (!s)
        return;
    scn_sweep_destroy(s->def);
    free(s->cols);
    free(s->theory);
    free(s->ep_theory);
    free(s);
}

/* ------------------------------------------------------------ per point */

static double draw_one(const random_key_t *r, gsl_rng *g)
{
    double x = 0;
    switch (r->dist) {
    case SCN_SWEEP_UNIFORM:
        x = r->a + gsl_rng_uniform(g) * (r->b - r->a);
        break;
    case SCN_SWEEP_NORMAL:
        x = r->a + gsl_ran_gaussian(g, r->b);
        break;
    case SCN_SWEEP_EXPONENTIAL:
        x = gsl_ran_exponential(g, r->a);
        break;
    case SCN_SWEEP_LOGNORMAL:
        x = r->a * exp(r->b * gsl_ran_ugaussian(g));
        break;
    }
    return scn_sweep_random_value(r, x); /* shift, truncation, whole ns */
}

int sweep_random_at(const sweep_t *s, size_t point, uint64_t rep, double *out, size_t n_out,
                    sim_err_t *err)
{
    if (s->n_random == 0)
        return 0;
    if (n_out < s->n_random)
        return sim_err_set(err, SIM_EINVAL, "sweep_random_at: room for %zu values needed",
                           s->n_random);
    gsl_rng *g = sim_rng_stream(s->seed, point, rep, SWEEP_RNG_RANDOM);
    if (!g)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_random; i++)
        out[i] = draw_one(&s->rnd[i], g);
    gsl_rng_free(g);
    return 0;
}

int sweep_config_at(const sweep_t *s, size_t point, size_t scheme, uint64_t rep, mob_config_t *out,
                    sim_err_t *err)
{
    if (point >= s->n_points || scheme >= s->n_schemes)
        return sim_err_set(err, SIM_EINVAL, "no grid point %zu scheme %zu", point, scheme);
    cJSON *t;
    double vals[SCN_SWEEP_RANDOM_MAX];
    int rc = scn_sweep_point_tree(s->def, point, scheme, &t, err);
    if (rc)
        return rc;
    if (s->n_random && !(rc = sweep_random_at(s, point, rep, vals, SCN_SWEEP_RANDOM_MAX, err)))
        rc = scn_sweep_put_random(s->def, t, vals, err);
    if (!rc)
        rc = scn_sweep_config(s->def, t, point, scheme, s->n_random ? (int64_t)rep : -1, out, err);
    cJSON_Delete(t);
    return rc;
}

/* ------------------------------------------------------------ theory */

/* P(Y in [lo, hi]) where Y is what the run sees: X + shift clamped to the
 * key's [min, max] (point masses at the bounds) and, for times, at 0. */
static double random_prob(const random_key_t *r, double lo, double hi)
{
    double floor_ = r->is_time && r->lo < 0 ? 0 : r->lo, ceil_ = r->hi;
    if (hi < floor_ || lo > ceil_)
        return 0;
    double cdf_hi, cdf_lo;
    double l = lo - r->shift, h = hi - r->shift;
    switch (r->dist) {
    case SCN_SWEEP_UNIFORM:
        if (r->b == r->a)
            return (r->a >= l && r->a <= h) ? 1 : 0;
        cdf_hi = gsl_cdf_flat_P(h, r->a, r->b);
        cdf_lo = gsl_cdf_flat_P(l, r->a, r->b);
        break;
    case SCN_SWEEP_NORMAL:
        cdf_hi = gsl_cdf_gaussian_P(h - r->a, r->b);
        cdf_lo = gsl_cdf_gaussian_P(l - r->a, r->b);
        break;
    case SCN_SWEEP_EXPONENTIAL:
        cdf_hi = gsl_cdf_exponential_P(h, r->a);
        cdf_lo = gsl_cdf_exponential_P(l, r->a);
        break;
    default:
        cdf_hi = gsl_cdf_lognormal_P(h, log(r->a), r->b);
        cdf_lo = gsl_cdf_lognormal_P(l, log(r->a), r->b);
        break;
    }
    if (lo <= floor_) /* everything below the floor ran at it */
        cdf_lo = 0;
    if (hi >= ceil_) /* everything above the ceiling ran at it */
        cdf_hi = 1;
    return cdf_hi - cdf_lo;
}

/* The offset Δ = t_B - t_A is vulnerable on the derived window's intervals;
 * with the one random key on moves[k].at, the chance of a vulnerable run is
 * the distribution's mass over those intervals, mapped to k's time. */
static double point_theory(const sweep_t *s, const mob_config_t *cfg)
{
    window_t w;
    int am, bm;
    if (window_check(cfg, &am, &bm, NULL) || window_analytic(cfg, &w, NULL))
        return NAN;
    if (s->theory_move != am && s->theory_move != bm)
        return NAN;
    double p = 0;
    for (int i = 0; i < w.n; i++) {
        double lo = sim_time_to_s(w.iv[i].lo), hi = sim_time_to_s(w.iv[i].hi);
        if (s->theory_move == bm) /* t_B = t_A + Δ */
            p += random_prob(&s->rnd[0], sim_time_to_s(cfg->moves[am].at) + lo,
                             sim_time_to_s(cfg->moves[am].at) + hi);
        else /* t_A = t_B - Δ */
            p += random_prob(&s->rnd[0], sim_time_to_s(cfg->moves[bm].at) - hi,
                             sim_time_to_s(cfg->moves[bm].at) - lo);
    }
    return p;
}

/* The closed form of a population point (docs/theory.md "Populations"):
 * the rate-weighted mean of theory_class_pairs() over all rows, the
 * `population.episode_frac_theory` of `mobsim run --json`. */
static double point_episode_theory(const mob_config_t *cfg)
{
    int n = theory_class_pairs_count(cfg);
    theory_class_pair_t *cp = calloc((size_t)n, sizeof(*cp));
    if (!cp)
        return NAN;
    double p = theory_class_pairs(cfg, cp, n, NULL) >= 0 ? theory_overall_episode_frac(cp, n) : NAN;
    free(cp);
    return p;
}

static bool wants_metric(const scn_sweep_t *d, int metric)
{
    for (size_t i = 0; i < d->n_metrics; i++)
        if (d->metrics[i] == metric)
            return true;
    return false;
}

/* The theory column exists for exactly one random key, on moves[k].at. */
static int theory_move_of(const scn_sweep_t *d)
{
    if (d->n_random != 1)
        return -1;
    int k = -1, end = 0;
    if (sscanf(d->rnd[0].path, "moves[%d].at%n", &k, &end) != 1 || d->rnd[0].path[end] != 0)
        return -1;
    return k;
}

/* ------------------------------------------------------------ columns */

static int add_col(sweep_t *s, size_t *cap, const char *name, col_kind_t kind, int metric)
{
    for (size_t i = 0; i < s->n_cols; i++)
        if (strcmp(s->cols[i].name, name) == 0)
            return 0;
    if (s->n_cols == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        sweep_col_t *c = realloc(s->cols, nc * sizeof(*c));
        if (!c)
            return -SIM_ENOMEM;
        s->cols = c;
        *cap = nc;
    }
    sweep_col_t *c = &s->cols[s->n_cols++];
    snprintf(c->name, sizeof(c->name), "%s", name);
    c->kind = kind;
    c->metric = metric;
    return 0;
}

#define COL(n, k, m)                                                                               \
    do {                                                                                           \
        if (add_col(s, &cap, n, k, m))                                                             \
            return -SIM_ENOMEM;                                                                    \
    } while (0)

static int build_columns(sweep_t *s, const int *extra, size_t n_extra, bool theory)
{
    size_t cap = 0;
    /* SCENARIOS.md "Sweep output", in its order */
    COL("runs", C_RUNS, 0);
    COL("restored_frac", C_FRAC, RM_RESTORED);
    COL("restored_lo", C_LO, RM_RESTORED);
    COL("restored_hi", C_HI, RM_RESTORED);
    COL("restore_time_s_mean", C_MEAN, RM_RESTORE_TIME);
    COL("restore_time_s_ci", C_CI, RM_RESTORE_TIME);
    COL("restore_time_s_p50", C_P50, RM_RESTORE_TIME);
    COL("restore_time_s_p95", C_P95, RM_RESTORE_TIME);
    COL("data_lost_mean", C_MEAN, RM_DATA_LOST);
    COL("data_lost_ci", C_CI, RM_DATA_LOST);
    COL("signaling_lost_mean", C_MEAN, RM_SIG_LOST);
    COL("signaling_sent_mean", C_MEAN, RM_SIG_SENT);
    COL("disruption_s_mean", C_MEAN, RM_DISRUPTION);
    /* ours */
    COL("restore_time_s_sd", C_SD, RM_RESTORE_TIME);
    COL("signaling_lost_ci", C_CI, RM_SIG_LOST);
    COL("signaling_sent_ci", C_CI, RM_SIG_SENT);
    COL("signaling_reforwarded_mean", C_MEAN, RM_SIG_REFWD);
    COL("scheme_messages_mean", C_MEAN, RM_SCHEME_MSGS);
    COL("ha_peak_copies_mean", C_MEAN, RM_HA_PEAK);
    COL("disruption_s_ci", C_CI, RM_DISRUPTION);
    COL("consecutive_frac", C_FRAC, RM_CONSECUTIVE);
    COL("consecutive_lo", C_LO, RM_CONSECUTIVE);
    COL("consecutive_hi", C_HI, RM_CONSECUTIVE);
    COL("vulnerable_frac", C_FRAC, RM_VULNERABLE);
    COL("vulnerable_lo", C_LO, RM_VULNERABLE);
    COL("vulnerable_hi", C_HI, RM_VULNERABLE);
    if (theory)
        COL("vulnerable_theory", C_THEORY, RM_VULNERABLE);
    if (s->reference >= 0) {
        static const int diff[] = {RM_RESTORED, RM_RESTORE_TIME, RM_DATA_LOST,
                                   RM_SIG_SENT, RM_SIG_LOST,     RM_DISRUPTION};
        for (size_t i = 0; i < sizeof(diff) / sizeof(diff[0]); i++) {
            char n[64];
            snprintf(n, sizeof(n), "diff_%s_mean", sweep_metric_columns[diff[i]]);
            COL(n, C_DMEAN, diff[i]);
            snprintf(n, sizeof(n), "diff_%s_ci", sweep_metric_columns[diff[i]]);
            COL(n, C_DCI, diff[i]);
        }
    }
    for (size_t i = 0; i < n_extra; i++) {
        static const struct {
            const char *suffix;
            col_kind_t kind;
        } st[] = {{"mean", C_MEAN}, {"sd", C_SD}, {"ci", C_CI}, {"p50", C_P50}, {"p95", C_P95}};
        for (size_t j = 0; j < 5; j++) {
            char n[64];
            snprintf(n, sizeof(n), "%s_%s", sweep_metric_columns[extra[i]], st[j].suffix);
            COL(n, st[j].kind, extra[i]);
        }
        if (extra[i] == RM_EPISODE_FRAC && s->ep_theory)
            COL("episode_frac_theory", C_EP_THEORY, RM_EPISODE_FRAC);
    }
    /* which values a point keeps, and which differences it pairs */
    for (int m = 0; m < RM_N; m++)
        s->pct_slot[m] = s->diff_slot[m] = -1;
    for (size_t c = 0; c < s->n_cols; c++) {
        int m = s->cols[c].metric;
        if ((s->cols[c].kind == C_P50 || s->cols[c].kind == C_P95 || s->cols[c].kind == C_N) &&
            s->pct_slot[m] < 0) {
            s->pct_slot[m] = (int)s->n_pct;
            s->pct_metric[s->n_pct++] = m;
        }
        if ((s->cols[c].kind == C_DMEAN || s->cols[c].kind == C_DCI) && s->diff_slot[m] < 0) {
            s->diff_slot[m] = (int)s->n_diff;
            s->diff_metric[s->n_diff++] = m;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ fingerprint */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static int fingerprint(sweep_t *s, const cJSON *root)
{
    char *a = cJSON_PrintUnformatted(root), *b = cJSON_PrintUnformatted(s->base);
    if (!a || !b) {
        free(a);
        free(b);
        return -SIM_ENOMEM;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv(h, a, strlen(a) + 1);
    h = fnv(h, b, strlen(b) + 1);
    h = fnv(h, &s->reps, sizeof(s->reps));
    h = fnv(h, &s->seed, sizeof(s->seed));
    for (size_t i = 0; i < s->n_cols; i++)
        h = fnv(h, s->cols[i].name, strlen(s->cols[i].name) + 1);
    s->fingerprint = h;
    free(a);
    free(b);
    return 0;
}

/* ------------------------------------------------------------ loading */

/* Called by the loader for every validated (point, scheme): the derived
 * probability of the theory column, from the point's scenario. */
static int on_point(void *ctx, const scn_sweep_t *d, size_t point, size_t scheme,
                    const mob_config_t *cfg, sim_err_t *err)
{
    sweep_t *s = ctx;
    if (point == 0 && scheme == 0) {
        window_t w;
        bool ok = window_analytic(cfg, &w, NULL) == 0;
        /* "T_b > X" as mobsim window prints it: the bound is t_b_min - 1 ns */
        const sim_time_t b[SWEEP_N_BOUNDS] = {w.t_b_min, w.t_h_min, w.t_p_min, w.fwd_buffer_min};
        for (int i = 0; i < SWEEP_N_BOUNDS; i++)
            s->bound_s[i] = ok ? sim_time_to_s(b[i] - 1) : NAN;
        s->theory_move = theory_move_of(d);
        if (s->theory_move >= 0 && d->n_points <= THEORY_POINTS_MAX) {
            s->theory = malloc(d->n_points * sizeof(*s->theory));
            s->th_cfg = calloc(d->n_points, sizeof(*s->th_cfg));
            s->n_th_cfg = s->th_cfg ? d->n_points : 0;
            if (!s->theory || !s->th_cfg)
                return sim_err_set(err, SIM_ENOMEM, "out of memory");
        }
    }
    if (s->theory && scheme == 0) { /* derived after the load, on threads */
        s->rnd = d->rnd;            /* point_theory reads the key's distribution */
        if (mob_config_copy(&s->th_cfg[point], cfg) < 0)
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    if (point == 0 && scheme == 0 && cfg->has_population && wants_metric(d, RM_EPISODE_FRAC) &&
        d->n_points <= THEORY_POINTS_MAX) {
        s->ep_theory = malloc(d->n_points * sizeof(*s->ep_theory));
        if (!s->ep_theory)
            return sim_err_set(err, SIM_ENOMEM, "out of memory");
    }
    if (s->ep_theory && scheme == 0)
        s->ep_theory[point] = cfg->has_population ? point_episode_theory(cfg) : NAN;
    return 0;
}

/* The theory column: a window derived per point (~10 ms each), on up to
 * `threads` threads; each point's value is the same whichever thread
 * derives it. */
typedef struct theory_pool {
    sweep_t *s;
    pthread_mutex_t mu;
    size_t next, n;
} theory_pool_t;

static void *theory_worker(void *arg)
{
    theory_pool_t *tp = arg;
    for (;;) {
        pthread_mutex_lock(&tp->mu);
        size_t p = tp->next < tp->n ? tp->next++ : SIZE_MAX;
        pthread_mutex_unlock(&tp->mu);
        if (p == SIZE_MAX)
            return NULL;
        tp->s->theory[p] = point_theory(tp->s, &tp->s->th_cfg[p]);
    }
}

static int online_cores(void);

static void derive_theory(sweep_t *s, size_t n_points, int threads)
{
    theory_pool_t tp = {.s = s, .next = 0, .n = n_points};
    pthread_mutex_init(&tp.mu, NULL);
    int n = threads > 0 ? threads : online_cores();
    if ((size_t)n > n_points)
        n = (int)n_points;
    pthread_t th[64];
    int started = 0;
    for (; started < n - 1 && started < 64; started++)
        if (pthread_create(&th[started], NULL, theory_worker, &tp) != 0)
            break;
    theory_worker(&tp); /* this thread too; it takes what is left */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&tp.mu);
}

static void free_theory_configs(sweep_t *s)
{
    for (size_t p = 0; s->th_cfg && p < s->n_th_cfg; p++)
        mob_config_free(&s->th_cfg[p]);
    free(s->th_cfg);
    s->th_cfg = NULL;
    s->n_th_cfg = 0;
}

/* The sweep_t of a loaded description (taken over). */
static int from_description(sweep_t *s, scn_sweep_t *d, sim_err_t *err)
{
    s->def = d;
    snprintf(s->name, sizeof(s->name), "%s", d->name);
    snprintf(s->file, sizeof(s->file), "%s", d->file);
    snprintf(s->base_file, sizeof(s->base_file), "%s", d->base_file);
    s->base = d->base;
    s->keys = d->keys;
    s->n_keys = d->n_keys;
    s->n_points = d->n_points;
    memcpy(s->schemes, d->schemes, sizeof(s->schemes));
    s->n_schemes = d->n_schemes;
    s->scheme_varied = d->scheme_varied;
    s->reference = d->reference;
    s->rnd = d->rnd;
    s->n_random = d->n_random;
    s->reps = d->reps;
    s->seed = d->seed;
    int extra[RM_N];
    size_t n_extra = 0;
    for (size_t i = 0; i < d->n_metrics && n_extra < RM_N; i++)
        extra[n_extra++] = d->metrics[i];
    bool theory = false, ep_theory = false;
    for (size_t p = 0; s->theory && p < s->n_points; p++)
        theory = theory || isfinite(s->theory[p]);
    for (size_t p = 0; s->ep_theory && p < s->n_points; p++)
        ep_theory = ep_theory || isfinite(s->ep_theory[p]);
    if (!ep_theory) {
        free(s->ep_theory);
        s->ep_theory = NULL;
    }
    if (build_columns(s, extra, n_extra, theory) || fingerprint(s, d->root))
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    s->reps_per_task = REPS_PER_TASK;
    s->tasks_per_point = (size_t)((s->reps + s->reps_per_task - 1) / s->reps_per_task);
    if (s->n_points > SIZE_MAX / s->tasks_per_point)
        return sim_err_set(
            err, SIM_EINVAL,
            "%s: $.replications: expected fewer replications for this many grid points", s->file);
    return 0;
}

static int load(const char *text, size_t len, const char *path, const sweep_options_t *opt,
                sweep_t **out, sim_err_t *err)
{
    sweep_t *s = calloc(1, sizeof(*s));
    if (!s)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    s->theory_move = -1;
    scn_sweep_options_t o = {
        .sets = opt ? opt->sets : NULL,
        .n_sets = opt ? opt->n_sets : 0,
        .replications = opt ? opt->replications : 0,
        .has_seed = opt && opt->has_seed,
        .seed = opt ? opt->seed : 0,
        .metric_names = sweep_metric_names,
        .n_metric_names = RM_N,
        .on_point = on_point,
        .ctx = s,
    };
    scn_sweep_t *d = NULL;
    int rc = text ? scn_sweep_load_string(text, len, path, &o, &d, err)
                  : scn_sweep_load_file(path, &o, &d, err);
    if (!rc && s->theory)
        derive_theory(s, s->n_th_cfg, opt ? opt->threads : 0);
    free_theory_configs(s);
    if (!rc)
        rc = from_description(s, d, err);
    else
        scn_sweep_destroy(d);
    if (rc) {
        sweep_destroy(s);
        return rc;
    }
    *out = s;
    return 0;
}

int sweep_load_string(const char *text, size_t len, const char *file, const sweep_options_t *opt,
                      sweep_t **out, sim_err_t *err)
{
    return load(text, len, file, opt, out, err);
}

int sweep_load_file(const char *path, const sweep_options_t *opt, sweep_t **out, sim_err_t *err)
{
    return load(NULL, 0, path, opt, out, err);
}

/* ------------------------------------------------------------ blocks */

sweep_block_t *sweep_block_create(const sweep_t *s, size_t task)
{
    sweep_block_t *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->task = task;
    sweep_task_span(s, task, &b->point, &b->rep_lo, &b->rep_hi);
    b->n_schemes = s->n_schemes;
    b->n_random = s->n_random;
    uint64_t reps = b->rep_hi - b->rep_lo;
    b->n_data = (size_t)(reps * (b->n_schemes * RM_N + b->n_random));
    b->data = calloc(b->n_data ? b->n_data : 1, sizeof(*b->data));
    if (!b->data) {
        free(b);
        return NULL;
    }
    return b;
}

void sweep_block_destroy(sweep_block_t *b)
{
    if (!b)
        return;
    free(b->data);
    free(b);
}

size_t sweep_block_task(const sweep_block_t *b)
{
    return b->task;
}

double *sweep_block_data(sweep_block_t *b, size_t *n)
{
    *n = b->n_data;
    return b->data;
}

int sweep_block_load(sweep_block_t *b, const double *data, size_t n, sim_err_t *err)
{
    if (n != b->n_data)
        return sim_err_set(err, SIM_EINVAL, "block of task %zu: expected %zu numbers, got %zu",
                           b->task, b->n_data, n);
    memcpy(b->data, data, n * sizeof(*data));
    return 0;
}

static double ns_s(sim_time_t t)
{
    return sim_time_to_s(t);
}

static void metrics_vec(const mob_metrics_t *m, double *v)
{
    v[RM_RESTORED] = m->has_restore_time ? 1 : 0;
    v[RM_RESTORE_TIME] = m->has_restore_time ? ns_s(m->restore_time) : NAN;
    v[RM_SIG_SENT] = (double)m->sig_sent;
    v[RM_SIG_LOST] = (double)m->sig_lost;
    v[RM_SIG_REFWD] = (double)m->sig_reforwarded;
    v[RM_SIG_BYTES] = (double)m->sig_bytes;
    v[RM_SIG_LATENCY] = m->sig_sent > m->sig_lost ? ns_s(m->sig_latency_mean) : NAN;
    v[RM_SCHEME_MSGS] = (double)m->scheme_msgs;
    v[RM_HA_PEAK] = (double)m->ha_peak_copies;
    v[RM_DATA_SENT] = (double)m->data_sent;
    v[RM_DATA_LOST] = (double)m->data_lost;
    v[RM_DATA_DELAY_MEAN] = m->data_received ? ns_s(m->data_delay_mean) : NAN;
    v[RM_DATA_DELAY_P95] = m->data_received ? ns_s(m->data_delay_p95) : NAN;
    v[RM_DISRUPTION] =
        ns_s(m->disruption_ab > m->disruption_ba ? m->disruption_ab : m->disruption_ba);
    v[RM_CONSECUTIVE] = m->consecutive_mobility ? 1 : 0;
    v[RM_VULNERABLE] = m->sig_lost > 0 ? 1 : 0;
    v[RM_EVENTS] = (double)m->events;
    /* recorded only for a population (mob_world_create turns it on) */
    const mob_handoff_metrics_t *h = m->handoffs;
    bool rows = h && h->n_rows > 0;
    v[RM_EPISODE_FRAC] = rows ? (double)h->episode_rows / (double)h->n_rows : NAN;
    v[RM_BROKEN_RO_FRAC] = rows ? h->broken_ro_frac : NAN;
    v[RM_NO_DELIVERY_FRAC] = rows ? h->no_delivery_frac : NAN;
}

/* The metrics of a finished run into the run's vector (episode finish hook). */
static int take_metrics(void *vec, mob_world_t *w, sim_err_t *err)
{
    (void)err;
    metrics_vec(mob_world_metrics(w), vec);
    return 0;
}

static int run_one(const sweep_t *s, const mob_config_t *cfg, size_t point, uint64_t rep,
                   double *vec, sim_err_t *err)
{
    episode_hooks_t hooks = {.finish = take_metrics, .ctx = vec};
    int rc = episode_run(cfg, (sim_stream_id_t){s->seed, point, rep}, &hooks, err);
    if (rc == -SIM_EINVAL) {
        char pre[600];
        snprintf(pre, sizeof(pre), "%s: grid point %zu, replication %llu", s->file, point,
                 (unsigned long long)rep);
        sim_err_prefix(err, pre);
    }
    return rc;
}

/* One run of scheme sc with random values vals: from the scheme's template
 * (its first replication's scenario, built through JSON) with the draws put
 * in when scn_sweep_redraw() vouches for them, else through JSON as before
 * (which also words any error). The first built scenario becomes the
 * template when its tree allows redraws. */
static int run_random(const sweep_t *s, const sweep_block_t *b, size_t sc, uint64_t r,
                      const double *vals, cJSON *tree, mob_config_t *tmpl, bool *has_tmpl,
                      bool can_redraw, mob_config_t *cfg, double *vec, sim_err_t *err)
{
    if (*has_tmpl && scn_sweep_redraw(s->def, tmpl, vals) == 1)
        return run_one(s, tmpl, b->point, r, vec, err);
    int rc = scn_sweep_put_random(s->def, tree, vals, err);
    if (!rc)
        rc = scn_sweep_config(s->def, tree, b->point, sc, (int64_t)r, cfg, err);
    if (rc)
        return rc;
    rc = run_one(s, cfg, b->point, r, vec, err);
    if (!rc && !*has_tmpl && can_redraw) {
        *tmpl = *cfg; /* the template takes over its arrays */
        *has_tmpl = true;
    } else {
        mob_config_free(cfg);
    }
    return rc;
}

int sweep_block_run(const sweep_t *s, sweep_block_t *b, sim_err_t *err)
{
    mob_config_t *cfg = malloc((1 + MOB_N_SCHEMES) * sizeof(*cfg)), *tmpl = cfg + 1;
    cJSON *trees[MOB_N_SCHEMES] = {0};
    bool has_tmpl[MOB_N_SCHEMES] = {0}, can_redraw[MOB_N_SCHEMES] = {0};
    int rc = cfg ? 0 : sim_err_set(err, SIM_ENOMEM, "out of memory");
    for (size_t sc = 0; sc < s->n_schemes && !rc; sc++) {
        rc = scn_sweep_point_tree(s->def, b->point, sc, &trees[sc], err);
        can_redraw[sc] = !rc && scn_sweep_can_redraw(s->def, trees[sc]);
    }
    for (size_t sc = 0; sc < s->n_schemes && !rc && !s->n_random; sc++) {
        /* no random keys: one scenario per scheme for the whole block */
        if (!(rc = scn_sweep_config(s->def, trees[sc], b->point, sc, -1, cfg, err))) {
            for (uint64_t r = b->rep_lo; r < b->rep_hi && !rc; r++)
                rc = run_one(s, cfg, b->point, r, sweep_block_run_vec(b, sc, r), err);
            mob_config_free(cfg);
        }
    }
    for (uint64_t r = b->rep_lo; r < b->rep_hi && !rc && s->n_random; r++) {
        double *vals = sweep_block_rnd_vec(b, r);
        rc = sweep_random_at(s, b->point, r, vals, s->n_random, err);
        for (size_t sc = 0; sc < s->n_schemes && !rc; sc++)
            rc = run_random(s, b, sc, r, vals, trees[sc], &tmpl[sc], &has_tmpl[sc], can_redraw[sc],
                            cfg, sweep_block_run_vec(b, sc, r), err);
    }
    for (size_t sc = 0; sc < s->n_schemes; sc++) {
        cJSON_Delete(trees[sc]);
        if (has_tmpl[sc])
            mob_config_free(&tmpl[sc]);
    }
    free(cfg);
    return rc;
}

/* ------------------------------------------------------------ rows */

void sweep_block_fold(const sweep_t *s, const sweep_block_t *b, stats_acc_t *part,
                      stats_acc_t *dpart, double *pvals)
{
    for (size_t sc = 0; sc < s->n_schemes; sc++)
        for (uint64_t r = b->rep_lo; r < b->rep_hi; r++) {
            const double *v = sweep_block_run_vec(b, sc, r);
            for (int m = 0; m < RM_N; m++)
                stats_acc_add(&part[sc * RM_N + (size_t)m], v[m]);
            for (size_t k = 0; k < s->n_pct; k++)
                pvals[(sc * s->n_pct + k) * s->reps + r] = v[s->pct_metric[k]];
            if (s->reference < 0 || (int)sc == s->reference)
                continue;
            const double *ref = sweep_block_run_vec(b, (size_t)s->reference, r);
            for (size_t k = 0; k < s->n_diff; k++) {
                int m = s->diff_metric[k]; /* both must exist: runs restored under both */
                if (isfinite(v[m]) && isfinite(ref[m]))
                    stats_acc_add(&dpart[sc * s->n_diff + k], v[m] - ref[m]);
            }
        }
}

typedef struct metric_cache {
    bool done[RM_N];
    stats_summary_t pct[RM_N];
} metric_cache_t;

static const stats_summary_t *percentiles(const sweep_t *s, const sweep_point_stats_t *ps,
                                          size_t sc, int m, metric_cache_t *mc, double *scratch)
{
    if (!mc->done[m]) {
        const double *v = ps->pvals + (sc * s->n_pct + (size_t)s->pct_slot[m]) * s->reps;
        stats_summarize(v, (size_t)s->reps, scratch, &mc->pct[m]);
        mc->done[m] = true;
    }
    return &mc->pct[m];
}

static double col_value(const sweep_t *s, size_t point, size_t sc, const sweep_col_t *c,
                        const sweep_point_stats_t *ps, metric_cache_t *mc, double *scratch)
{
    const stats_acc_t *acc = &ps->acc[sc * RM_N + (size_t)c->metric];
    uint64_t k = (uint64_t)llround(acc->sum); /* 0/1 metrics: the count of ones */
    stats_summary_t x;
    double lo, hi;
    switch (c->kind) {
    case C_RUNS:
        return (double)s->reps;
    case C_FRAC:
        return stats_fraction(k, s->reps);
    case C_LO:
    case C_HI:
        stats_wilson(k, s->reps, &lo, &hi);
        return c->kind == C_LO ? lo : hi;
    case C_THEORY:
        return (s->theory && s->schemes[sc] == MOB_SCHEME_BASELINE) ? s->theory[point] : NAN;
    case C_EP_THEORY: /* the closed form knows no scheme: the same on every row */
        return s->ep_theory ? s->ep_theory[point] : NAN;
    case C_DMEAN:
    case C_DCI:
        if ((int)sc == s->reference)
            return NAN;
        stats_acc_summary(&ps->diff[sc * s->n_diff + (size_t)s->diff_slot[c->metric]], &x);
        return c->kind == C_DMEAN ? x.mean : x.ci;
    case C_MEAN:
    case C_SD:
    case C_CI:
        stats_acc_summary(acc, &x);
        return c->kind == C_MEAN ? x.mean : c->kind == C_SD ? x.sd : x.ci;
    case C_P50:
        return percentiles(s, ps, sc, c->metric, mc, scratch)->p50;
    case C_P95:
        return percentiles(s, ps, sc, c->metric, mc, scratch)->p95;
    case C_N:
        return (double)percentiles(s, ps, sc, c->metric, mc, scratch)->n;
    }
    return NAN;
}

void sweep_point_rows(const sweep_t *s, size_t point, const sweep_point_stats_t *ps,
                      double *scratch, double *rows)
{
    metric_cache_t mc;
    for (size_t sc = 0; sc < s->n_schemes; sc++) {
        memset(&mc, 0, sizeof(mc));
        for (size_t c = 0; c < s->n_cols; c++)
            rows[sc * s->n_cols + c] = col_value(s, point, sc, &s->cols[c], ps, &mc, scratch);
    }
}

/* ------------------------------------------------------------ execute */

#define DRAIN_BATCH 64 /* finished blocks that wake the calling thread early */

typedef struct pool {
    const sweep_t *s;
    const sweep_exec_t *x;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next_task;
    int running; /* workers still going */
    int rc;      /* first error */
    sim_err_t err;
    sweep_block_t **done; /* finished blocks for the calling thread */
    size_t n_done, cap_done;
} pool_t;

static bool stopping(pool_t *p)
{
    return p->rc != 0 || (p->x->stop && *p->x->stop);
}

/* Takes the next wanted task under the lock; false when none is left. */
static bool take_task(pool_t *p, size_t *task)
{
    size_t n = sweep_n_tasks(p->s);
    while (p->next_task < n && !stopping(p)) {
        size_t t = p->next_task++;
        pthread_mutex_unlock(&p->mu); /* want() may be slow (a lookup) */
        bool want = !p->x->want || p->x->want(p->x->ctx, t);
        pthread_mutex_lock(&p->mu);
        if (want) {
            *task = t;
            return true;
        }
    }
    return false;
}

static void fail_pool(pool_t *p, int rc, const sim_err_t *err)
{
    if (p->rc == 0) {
        p->rc = rc;
        p->err = *err;
    }
}

static void *worker(void *arg)
{
    pool_t *p = arg;
    sim_err_t err = {0};
    size_t task;
    pthread_mutex_lock(&p->mu);
    while (take_task(p, &task)) {
        pthread_mutex_unlock(&p->mu);
        sweep_block_t *b = sweep_block_create(p->s, task);
        int rc =
            b ? sweep_block_run(p->s, b, &err) : sim_err_set(&err, SIM_ENOMEM, "out of memory");
        pthread_mutex_lock(&p->mu);
        if (rc == 0 && p->n_done == p->cap_done) {
            size_t nc = p->cap_done ? 2 * p->cap_done : 16;
            sweep_block_t **d = realloc(p->done, nc * sizeof(*d));
            if (d) {
                p->done = d;
                p->cap_done = nc;
            } else {
                rc = sim_err_set(&err, SIM_ENOMEM, "out of memory");
            }
        }
        if (rc) {
            sweep_block_destroy(b);
            fail_pool(p, rc, &err);
            break;
        }
        p->done[p->n_done++] = b;
        /* The calling thread wakes every poll_ms anyway: waking it for
         * every block cost a context switch per block (offset's 324 tasks)
         * on a machine whose cores the workers fill; it is woken early only
         * when finished blocks pile up. */
        if (p->n_done >= DRAIN_BATCH)
            pthread_cond_signal(&p->cv);
    }
    p->running--;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The calling thread's loop: hand finished blocks to the sink in finishing
 * order, poll, until every worker has stopped and nothing is left. */
static void drain(pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->n_done > 0) {
            sweep_block_t *b = p->done[0];
            memmove(p->done, p->done + 1, --p->n_done * sizeof(*p->done));
            pthread_mutex_unlock(&p->mu);
            sim_err_t e = {0};
            int rc = p->x->sink ? p->x->sink(p->x->ctx, b, &e) : (sweep_block_destroy(b), 0);
            pthread_mutex_lock(&p->mu);
            if (rc)
                fail_pool(p, rc, &e);
        }
        if (p->running == 0)
            break;
        if (p->x->poll) {
            pthread_mutex_unlock(&p->mu);
            sim_err_t e = {0};
            int rc = p->x->poll(p->x->ctx, &e);
            pthread_mutex_lock(&p->mu);
            if (rc)
                fail_pool(p, rc, &e);
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (p->x->poll_ms > 0 ? p->x->poll_ms : 20) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        if (p->n_done == 0 && p->running > 0)
            pthread_cond_timedwait(&p->cv, &p->mu, &ts);
    }
    pthread_mutex_unlock(&p->mu);
}

int sweep_execute(const sweep_t *s, const sweep_exec_t *x, sim_err_t *err)
{
    pool_t p;
    memset(&p, 0, sizeof(p));
    p.s = s;
    p.x = x;
    int n = x->threads > 0 ? x->threads : online_cores();
    if (n > 1024)
        n = 1024;
    pthread_t *th = calloc((size_t)n, sizeof(*th));
    if (!th)
        return sim_err_set(err, SIM_ENOMEM, "out of memory");
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    int started = 0;
    pthread_mutex_lock(&p.mu);
    for (; started < n; started++) {
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
        p.running++;
    }
    pthread_mutex_unlock(&p.mu);
    if (started == 0) {
        p.rc = sim_err_set(&p.err, SIM_ENOMEM, "cannot start a worker thread");
    } else {
        drain(&p);
    }
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < p.n_done; i++) /* left over after an error */
        sweep_block_destroy(p.done[i]);
    free(p.done);
    free(th);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    if (p.rc && err)
        *err = p.err;
    return p.rc;
}
