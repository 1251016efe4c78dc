/* The closed form beside a population (analysis/theory.c): F_e(L) against a
 * Monte Carlo of each renewal process drawn by the models' own sampler, the
 * exact Poisson formula, the pair window against `mobsim window`'s numbers,
 * a class-pair mean computed by hand, and a simulated world of Poisson
 * pairs whose (handoff, peer) coincidences fall in theory's Wilson interval. */
#include "analysis/episode.h"
#include "analysis/stats.h"
#include "analysis/theory.h"
#include "analysis/window.h"
#include "models/net.h"
#include "scenarios/scn.h"
#include "tests/models/pairs_world.h"
#include "tests/testing.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

static mob_mobility_t dwell_process(mob_dist_kind_t kind, sim_time_t a, sim_time_t b, double sigma)
{
    return (mob_mobility_t){.enabled = true, .has_dwell = true, .dwell = {kind, a, b, sigma}};
}

static int cmp_time(const void *x, const void *y)
{
    sim_time_t a = *(const sim_time_t *)x, b = *(const sim_time_t *)y;
    return (a > b) - (a < b);
}

/* The fraction of M intervals [t, t + L], t uniform over the stationary
 * part of a renewal process of N dwells drawn by mob_draw_delay (each at
 * least 1 ns, as the world draws them), that hold a handoff. */
static double monte_carlo(const mob_mobility_t *mo, sim_time_t L, int N, int M, gsl_rng *r)
{
    sim_time_t *pt = malloc((size_t)N * sizeof(*pt));
    CU_ASSERT_PTR_NOT_NULL_FATAL(pt);
    sim_time_t t = 0;
    for (int i = 0; i < N; i++) {
        sim_time_t d = mob_draw_delay(NULL, &mo->dwell, r);
        t += d < 1 ? 1 : d;
        pt[i] = t;
    }
    sim_time_t lo = pt[N / 20], hi = pt[N - 1] - L; /* skip the start: not yet stationary */
    sim_time_t *ts = malloc((size_t)M * sizeof(*ts));
    CU_ASSERT_PTR_NOT_NULL_FATAL(ts);
    for (int j = 0; j < M; j++)
        ts[j] = lo + (sim_time_t)(gsl_rng_uniform(r) * (double)(hi - lo));
    qsort(ts, (size_t)M, sizeof(*ts), cmp_time);
    int hits = 0, k = 0;
    for (int j = 0; j < M; j++) {
        while (k < N && pt[k] < ts[j])
            k++; /* pt[k]: the first handoff at or after t */
        hits += k < N && pt[k] <= ts[j] + L;
    }
    free(pt);
    free(ts);
    return (double)hits / M;
}

static void assert_mc(const char *what, const mob_mobility_t *mo, sim_time_t L, gsl_rng *r)
{
    const int N = 400000, M = 200000;
    double p = theory_hit_prob(mo, L), mc = monte_carlo(mo, L, N, M, r);
    double se = sqrt(p * (1 - p) / M);
    bool ok = fabs(mc - p) <= 5 * se + 1e-4;
    if (!ok)
        fprintf(stderr, "%s L=%lld: theory %.6f, Monte Carlo %.6f (se %.6f)\n", what, (long long)L,
                p, mc, se);
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_TRUE(p > 0 && p <= 1);
}

static void test_hit_prob_matches_monte_carlo_of_each_dwell(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 15);
    const sim_time_t S = SIM_S(1);
    struct {
        const char *name;
        mob_mobility_t mo;
    } cases[] = {
        {"exp", dwell_process(MOB_DIST_EXP, S, 0, 0)},
        {"const", dwell_process(MOB_DIST_CONST, S, 0, 0)},
        {"uniform", dwell_process(MOB_DIST_UNIFORM, S / 2, 3 * S / 2, 0)},
        {"lognormal", dwell_process(MOB_DIST_LOGNORMAL, S, 0, 1.0)},
        {"normal", dwell_process(MOB_DIST_NORMAL, S, 0, 0)},
        {"pareto", dwell_process(MOB_DIST_PARETO, S / 2, 0, 2.5)},
        {"weibull", dwell_process(MOB_DIST_WEIBULL, S, 0, 0.7)},
        {"weibull2", dwell_process(MOB_DIST_WEIBULL, S, 0, 2.0)},
    };
    cases[4].mo.dwell.b = 3 * S / 4; /* normal: sd 0.75 s, a quarter of the draws clamped */
    /* L inside and beyond the supports' kinks (uniform 0.5..1.5 s, const 1 s,
     * Pareto from 0.5 s) */
    const sim_time_t Ls[] = {SIM_MS(300), SIM_MS(800), SIM_MS(1200), SIM_MS(2000)};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (size_t j = 0; j < sizeof(Ls) / sizeof(Ls[0]); j++)
            assert_mc(cases[i].name, &cases[i].mo, Ls[j], r);
    gsl_rng_free(r);
    /* the constant dwell: a handoff every 1 s exactly, so F_e(L) = L / 1 s */
    CU_ASSERT_DOUBLE_EQUAL(theory_hit_prob(&cases[1].mo, SIM_MS(300)), 0.3, 1e-15);
    CU_ASSERT_EQUAL(theory_hit_prob(&cases[1].mo, SIM_MS(1200)), 1.0);
}

static void test_hit_prob_is_one_minus_exp_for_poisson(void)
{
    mob_mobility_t po = {.enabled = true, .rate = 1.0 / 30};
    mob_mobility_t ex = dwell_process(MOB_DIST_EXP, SIM_S(30), 0, 0);
    const sim_time_t Ls[] = {1, SIM_MS(500), SIM_S(7), SIM_S(300)};
    for (size_t i = 0; i < sizeof(Ls) / sizeof(Ls[0]); i++) {
        double L = (double)Ls[i];
        CU_ASSERT_EQUAL(theory_hit_prob(&po, Ls[i]), 1 - exp(-(1.0 / 30) * (L * 1e-9)));
        CU_ASSERT_EQUAL(theory_hit_prob(&ex, Ls[i]), 1 - exp(-L / (double)SIM_S(30)));
    }
    CU_ASSERT_DOUBLE_EQUAL(theory_rate(&po), 1.0 / 30, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(theory_rate(&ex), 1.0 / 30, 1e-15);
    /* disabled, NULL, an empty interval */
    mob_mobility_t off = po;
    off.enabled = false;
    CU_ASSERT_EQUAL(theory_hit_prob(&off, SIM_S(1)), 0.0);
    CU_ASSERT_EQUAL(theory_hit_prob(NULL, SIM_S(1)), 0.0);
    CU_ASSERT_EQUAL(theory_hit_prob(&po, 0), 0.0);
    CU_ASSERT_EQUAL(theory_rate(&off), 0.0);
}

static void test_pair_window_of_fig1_is_mobsim_window(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/fig1.json", NULL, 0, &c, &err), 0);
    window_t w;
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &w, &err), 0);
    sim_time_t wx = 0, wy = 0;
    CU_ASSERT_EQUAL_FATAL(theory_pair_window(&c, 0, 1, &wx, &wy, &err), 0);
    /* docs/theory.md: W_A = W_B = 250 ms for the SCENARIOS.md world */
    CU_ASSERT_EQUAL(wx, SIM_MS(250));
    CU_ASSERT_EQUAL(wy, SIM_MS(250));
    CU_ASSERT_EQUAL(wx, w.w_a);
    CU_ASSERT_EQUAL(wy, w.w_b);
    /* swapped hosts: the extents swap */
    CU_ASSERT_EQUAL_FATAL(theory_pair_window(&c, 1, 0, &wx, &wy, &err), 0);
    CU_ASSERT_EQUAL(wx, w.w_b);
    CU_ASSERT_EQUAL(wy, w.w_a);
    /* a slower core widens it, in the pair's copy as in `mobsim window` */
    c.core_default.a += SIM_MS(10);
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &w, &err), 0);
    CU_ASSERT_EQUAL_FATAL(theory_pair_window(&c, 0, 1, &wx, &wy, &err), 0);
    CU_ASSERT_EQUAL(wx, w.w_a);
    CU_ASSERT_EQUAL(wy, w.w_b);
    CU_ASSERT_TRUE(wx > SIM_MS(250));
    /* random delays: refused with the window's reason */
    c.core_default = (mob_delay_t){MOB_DIST_EXP, SIM_MS(20), 0, 0};
    CU_ASSERT_TRUE(theory_pair_window(&c, 0, 1, &wx, &wy, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected constant delays"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "theory: the window of"));
    CU_ASSERT_EQUAL(theory_episode_frac(&c, 0, 1, &err), 0.0); /* 1 never hands off by a process */
    c.mobility[1].enabled = true;
    c.mobility[1].rate = 1.0 / 30;
    CU_ASSERT_TRUE(isnan(theory_episode_frac(&c, 0, 1, &err)));
    mob_config_free(&c);
}

/* Four mobile hosts on pairs_world's networks, two classes, and a
 * stationary correspondent C:
 *   P0 = A_0 ped, Poisson 1/30 s     P1 = B_0 ped, constant dwell 30 s
 *   V1 = A_1 veh, Poisson 1/5 s      V0 = B_1 veh, Poisson 1/10 s
 * pairs P0-P1, P0-V0, V1-P1, V0-C; every pair's window is fig1's (250 ms
 * each side: homeA/A1 against homeB/B1). */
enum { P0, P1, V1, V0, CC };
static void class_world(mob_config_t *c)
{
    CU_ASSERT_EQUAL_FATAL(pairs_world_config(c, 2, SIM_S(3600), MOB_SCHEME_BASELINE), 0);
    c->n_moves = 0;
    c->n_peers = 0;
    c->traffic_rate = 0;
    CU_ASSERT_EQUAL_FATAL(pw_add_net(c, "cnet", "2001:db8:c::", NULL), 0);
    mob_host_t *h = mob_config_add_host(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    *h = (mob_host_t){"C", MOB_HOST_CORRESPONDENT, -1, PW_N_NETS, 0x500, -1};
    mob_class_t *ped = mob_config_add_class(c), *veh = mob_config_add_class(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(veh);
    (void)ped;
    snprintf(c->classes[0].name, MOB_NAME_MAX, "ped");
    snprintf(c->classes[1].name, MOB_NAME_MAX, "veh");
    int an[] = {PW_A1, PW_A2}, bn[] = {PW_B1, PW_B2};
    double rate[] = {1.0 / 30, 0, 1.0 / 5, 1.0 / 10};
    int cls[] = {0, 0, 1, 1};
    for (int i = 0; i < 4; i++) {
        c->hosts[i].cls = cls[i];
        c->mobility[i].enabled = true;
        c->mobility[i].rate = rate[i];
        CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(c, i, i % 2 ? bn : an, 2), 0);
    }
    c->mobility[P1].has_dwell = true;
    c->mobility[P1].dwell = MOB_DELAY_CONST(SIM_S(30));
    int pairs[][2] = {{P0, P1}, {P0, V0}, {V1, P1}, {V0, CC}};
    for (int i = 0; i < 4; i++) {
        mob_peer_t *p = mob_config_add_peer(c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        *p = (mob_peer_t){.a = pairs[i][0], .b = pairs[i][1]};
    }
}

static void test_class_pairs_equal_the_hand_computed_means(void)
{
    mob_config_t c;
    class_world(&c);
    sim_err_t err = {0};
    sim_time_t wx, wy;
    CU_ASSERT_EQUAL_FATAL(theory_pair_window(&c, P0, V0, &wx, &wy, &err), 0);
    CU_ASSERT_EQUAL(wx + wy, SIM_MS(500));
    int n = theory_class_pairs_count(&c);
    CU_ASSERT_EQUAL_FATAL(n, 9);
    theory_class_pair_t cp[9];
    /* three pairs with a window, one delay setting: one window computed */
    CU_ASSERT_EQUAL_FATAL(theory_class_pairs(&c, cp, n, &err), 1);
    double f_p0 = 1 - exp(-(1.0 / 30) * 0.5), f_p1 = 0.5 / 30, f_v0 = 1 - exp(-0.1 * 0.5),
           f_v1 = 1 - exp(-0.2 * 0.5);
    const theory_class_pair_t *pp = &cp[theory_class_pair_index(&c, 0, 0)],
                              *pv = &cp[theory_class_pair_index(&c, 0, 1)],
                              *vp = &cp[theory_class_pair_index(&c, 1, 0)],
                              *vn = &cp[theory_class_pair_index(&c, 1, -1)],
                              *nv = &cp[theory_class_pair_index(&c, -1, 1)],
                              *vv = &cp[theory_class_pair_index(&c, 1, 1)];
    CU_ASSERT_EQUAL(pp->cls_x, 0);
    CU_ASSERT_EQUAL(vn->cls_y, -1);
    /* ped-ped: P0 -> P1 (F_e of a constant dwell) and P1 -> P0 (Poisson),
     * both X's rate 1/30 */
    CU_ASSERT_EQUAL(pp->rows, 2);
    CU_ASSERT_DOUBLE_EQUAL(pp->episode_frac, (f_p1 + f_p0) / 2, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(pp->weight, 2.0 / 30, 1e-15);
    /* ped-veh: P0 -> V0, P1 -> V1, equal weights */
    CU_ASSERT_EQUAL(pv->rows, 2);
    CU_ASSERT_DOUBLE_EQUAL(pv->episode_frac, (f_v0 + f_v1) / 2, 1e-15);
    /* veh-ped: V0 -> P0 (weight 1/10), V1 -> P1 (weight 1/5): asymmetric */
    CU_ASSERT_EQUAL(vp->rows, 2);
    CU_ASSERT_DOUBLE_EQUAL(vp->episode_frac, (0.1 * f_p0 + 0.2 * f_p1) / 0.3, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(vp->episode_rate, 0.1 * f_p0 + 0.2 * f_p1, 1e-15);
    /* veh -> the stationary C: rows, never an episode; C has no handoffs */
    CU_ASSERT_EQUAL(vn->rows, 1);
    CU_ASSERT_EQUAL(vn->episode_frac, 0.0);
    CU_ASSERT_EQUAL(nv->rows, 0);
    CU_ASSERT_TRUE(isnan(nv->episode_frac));
    CU_ASSERT_EQUAL(vv->rows, 0);
    /* the single-pair calls agree, and the pair rate is lambda lambda L */
    CU_ASSERT_DOUBLE_EQUAL(theory_episode_frac(&c, V0, P0, &err), f_p0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(theory_episode_frac(&c, V0, CC, &err), 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(theory_pair_episode_rate(&c, V1, P1, &err), 0.2 / 30 * 0.5, 1e-15);
    /* a wrong array size is refused */
    CU_ASSERT_TRUE(theory_class_pairs(&c, cp, 4, &err) < 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected 9 class pairs"));
    mob_config_free(&c);
}

static void test_same_vehicle_rows_are_left_out(void)
{
    mob_config_t c;
    class_world(&c);
    mob_group_t *g = mob_config_add_group(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    g->mobility.rate = 1.0 / 60;
    g->start = PW_A1;
    for (int h = 0; h < 2; h++) { /* P0 and P1 ride one train */
        c.mobility[h].enabled = false;
        c.mobility[h].grouped = true;
        c.mobility[h].group = 0;
    }
    theory_class_pair_t cp[9];
    sim_err_t err = {0};
    CU_ASSERT_TRUE_FATAL(theory_class_pairs(&c, cp, 9, &err) >= 0);
    const theory_class_pair_t *pp = &cp[theory_class_pair_index(&c, 0, 0)],
                              *vp = &cp[theory_class_pair_index(&c, 1, 0)];
    CU_ASSERT_EQUAL(pp->rows, 2);
    CU_ASSERT_EQUAL(pp->excluded, 2);
    CU_ASSERT_TRUE(isnan(pp->episode_frac));
    /* V0 -> P0 now sees the vehicle's process (rate 1/60) */
    double f = 1 - exp(-(1.0 / 60) * 0.5);
    CU_ASSERT_DOUBLE_EQUAL(vp->episode_frac, f, 1e-15);
    mob_config_free(&c);
}

/* ------------------------------------------------ the simulated world */

typedef struct hand_log {
    sim_time_t **t;
    int *n, *cap;
    int n_hosts;
} hand_log_t;

static void on_trace(void *ctx, const sim_trace_rec_t *rec)
{
    hand_log_t *l = ctx;
    if (rec->kind != SIM_TR_HANDOFF || rec->code != 0 || rec->node < 0 || rec->node >= l->n_hosts)
        return; /* code 0: the L2 detach; host h is node h */
    int h = rec->node;
    if (l->n[h] == l->cap[h]) {
        l->cap[h] = l->cap[h] ? 2 * l->cap[h] : 64;
        l->t[h] = realloc(l->t[h], (size_t)l->cap[h] * sizeof(sim_time_t));
    }
    l->t[h][l->n[h]++] = rec->at;
}

static int attach_log(void *ctx, sim_t *sim, mob_world_t *w, sim_err_t *err)
{
    (void)w;
    (void)err;
    return sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_trace, ctx);
}

static void detach_log(void *ctx, sim_t *sim, mob_world_t *w)
{
    (void)w;
    sim_trace_unsubscribe(sim_bus(sim), on_trace, ctx);
}

/* the offset of y's handoff nearest to t (in time order), or a huge one */
static sim_time_t nearest(const sim_time_t *ty, int n, sim_time_t t)
{
    int lo = 0, hi = n; /* first >= t */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ty[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    sim_time_t best = SIM_TIME_MAX / 2;
    if (lo < n)
        best = ty[lo] - t;
    if (lo > 0 && t - ty[lo - 1] < (best < 0 ? -best : best))
        best = ty[lo - 1] - t;
    return best;
}

static void test_simulated_coincidences_fall_in_theory_interval(void)
{
    enum { P = 300, REPS = 6 };
    mob_config_t c;
    CU_ASSERT_EQUAL_FATAL(pairs_world_config(&c, P, SIM_S(3600), MOB_SCHEME_BASELINE), 0);
    c.n_moves = 0;
    c.traffic_rate = 0;
    int an[] = {PW_A1, PW_A2}, bn[] = {PW_B1, PW_B2};
    for (int i = 0; i < c.n_hosts; i++) {
        c.mobility[i].enabled = true;
        c.mobility[i].rate = 1.0 / 30;
        CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(&c, i, i % 2 ? bn : an, 2), 0);
    }
    sim_err_t err = {0};
    theory_class_pair_t cp[1];
    CU_ASSERT_EQUAL_FATAL(theory_class_pairs(&c, cp, 1, &err), 1);
    sim_time_t wx, wy;
    CU_ASSERT_EQUAL_FATAL(theory_pair_window(&c, 0, 1, &wx, &wy, &err), 0);
    CU_ASSERT_EQUAL(wx, SIM_MS(250));
    CU_ASSERT_EQUAL(wy, SIM_MS(250));
    CU_ASSERT_EQUAL(cp[0].rows, 2 * P);

    /* a coincidence is in both hosts' rows: the interval is taken over the
     * rows of one side at a time (A_k's handoffs, then B_k's), whose rows
     * are independent; REPS runs (seeds 1..REPS) pooled */
    double p = cp[0].episode_frac;
    CU_ASSERT_DOUBLE_EQUAL(p, 1 - exp(-(1.0 / 30) * 0.5), 1e-15);
    uint64_t rows[2] = {0, 0}, hits[2] = {0, 0};
    for (int rep = 1; rep <= REPS; rep++) {
        hand_log_t log = {calloc((size_t)c.n_hosts, sizeof(sim_time_t *)),
                          calloc((size_t)c.n_hosts, sizeof(int)),
                          calloc((size_t)c.n_hosts, sizeof(int)), c.n_hosts};
        episode_hooks_t hooks = {.attach = attach_log, .detach = detach_log, .ctx = &log};
        CU_ASSERT_EQUAL_FATAL(episode_run(&c, (sim_stream_id_t){(uint64_t)rep, 0, 0}, &hooks, &err),
                              0);
        for (int d = 0; d < 2; d++)
            for (int k = 0; k < P; k++) {
                int x = 2 * k + d, y = 2 * k + 1 - d;
                for (int i = 0; i < log.n[x]; i++) {
                    sim_time_t off = nearest(log.t[y], log.n[y], log.t[x][i]);
                    rows[d]++;
                    /* x is A ([-W_B, W_A]) or B ([-W_A, W_B]): symmetric here */
                    hits[d] += off >= -wy && off <= wx;
                }
            }
        for (int i = 0; i < c.n_hosts; i++)
            free(log.t[i]);
        free(log.t);
        free(log.n);
        free(log.cap);
    }
    for (int d = 0; d < 2; d++) {
        /* about 120 handoffs per host in an hour */
        CU_ASSERT_TRUE(rows[d] > (uint64_t)(REPS * P * 100) &&
                       rows[d] < (uint64_t)(REPS * P * 140));
        double lo, hi;
        stats_wilson(hits[d], rows[d], &lo, &hi);
        if (!(p >= lo && p <= hi) || getenv("THEORY_POP_VERBOSE"))
            fprintf(stderr, "side %d: theory %.5f, Wilson [%.5f, %.5f] (%llu of %llu)\n", d, p, lo,
                    hi, (unsigned long long)hits[d], (unsigned long long)rows[d]);
        CU_ASSERT_TRUE(p >= lo && p <= hi);
    }
    mob_config_free(&c);
}

void suite_analysis_theory_pop(void)
{
    ADD_SUITE("analysis/theory_pop", TEST(test_hit_prob_matches_monte_carlo_of_each_dwell),
              TEST(test_hit_prob_is_one_minus_exp_for_poisson),
              TEST(test_pair_window_of_fig1_is_mobsim_window),
              TEST(test_class_pairs_equal_the_hand_computed_means),
              TEST(test_same_vehicle_rows_are_left_out),
              TEST(test_simulated_coincidences_fall_in_theory_interval));
}
