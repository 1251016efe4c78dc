/* Heavy-tailed delay distributions (issue 15): Pareto and Weibull draws
 * match their formulas, and a dwell process with each runs (from the
 * scenario file to the handoffs the world makes). */
#include "tests/testing.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "models/net.h"
#include "models/world.h"
#include "scenarios/scn.h"
#include "tests/models/fixture.h"

#define N_DRAWS 100000

typedef struct draws {
    double mean;
    sim_time_t min;
} draws_t;

static draws_t draw(mob_delay_t d)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 15);
    draws_t out = {0, SIM_TIME_MAX};
    double sum = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        sim_time_t t = mob_draw_delay(NULL, &d, rng);
        sum += (double)t;
        if (t < out.min)
            out.min = t;
    }
    gsl_rng_free(rng);
    out.mean = sum / N_DRAWS;
    return out;
}

static void assert_mean_within(mob_delay_t d, double want_ns, double rel)
{
    draws_t got = draw(d);
    CU_ASSERT(fabs(got.mean - want_ns) <= rel * want_ns);
    if (!(fabs(got.mean - want_ns) <= rel * want_ns))
        fprintf(stderr, "\n  want mean %g ns, got %g ns\n", want_ns, got.mean);
}

static mob_delay_t pareto(sim_time_t min, double shape)
{
    return (mob_delay_t){MOB_DIST_PARETO, min, 0, shape};
}

static mob_delay_t weibull(sim_time_t scale, double shape)
{
    return (mob_delay_t){MOB_DIST_WEIBULL, scale, 0, shape};
}

static void test_pareto_draws_have_the_mean_shape_min_over_shape_minus_1(void)
{
    /* shape 3: mean 1.5 min, finite variance */
    assert_mean_within(pareto(SIM_MS(10), 3.0), 1.5 * 1e7, 0.02);
    /* shape 2.5: mean 5/3 min */
    assert_mean_within(pareto(SIM_S(2), 2.5), 2.5 * 2e9 / 1.5, 0.03);
    /* shape 1.5 (the brief's example): infinite variance, a looser bound */
    assert_mean_within(pareto(SIM_S(2), 1.5), 3 * 2e9, 0.10);
}

static void test_pareto_draws_are_never_below_the_minimum(void)
{
    CU_ASSERT(draw(pareto(SIM_MS(10), 3.0)).min >= SIM_MS(10));
    CU_ASSERT(draw(pareto(SIM_S(2), 0.5)).min >= SIM_S(2));
    CU_ASSERT(draw(pareto(SIM_S(2), 0.5)).min < SIM_S(2) + SIM_MS(1)); /* it gets close */
}

static void test_pareto_draws_of_shape_0_1_are_clamped_and_finite(void)
{
    /* (1 / U)^10 seconds: some draws are far beyond simulated time */
    draws_t got = draw(pareto(SIM_S(1), 0.1));
    CU_ASSERT(got.mean > 0 && isfinite(got.mean));
    CU_ASSERT(got.mean <= (double)(SIM_TIME_MAX / 4));
}

static void test_weibull_draws_have_the_mean_scale_times_gamma_1_plus_1_over_shape(void)
{
    assert_mean_within(weibull(SIM_S(10), 0.7), 1e10 * tgamma(1 + 1 / 0.7), 0.02);
    assert_mean_within(weibull(SIM_MS(5), 1.0), 5e6, 0.02); /* exponential */
    assert_mean_within(weibull(SIM_MS(5), 2.0), 5e6 * sqrt(M_PI) / 2, 0.02);
    assert_mean_within(weibull(SIM_MS(5), 0.3), 5e6 * tgamma(1 + 1 / 0.3), 0.05);
}

/* ------------------------------------------------------ dwell processes */

#define NETS                                                                                       \
    "\"networks\": [{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": "       \
    "\"HA_A\"}, {\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": "           \
    "\"HA_B\"}, {\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"}, {\"name\": \"A2\", "         \
    "\"prefix\": \"2001:db8:a2::/64\"}, {\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"}], "   \
    "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"}, {\"name\": \"B\", "    \
    "\"home\": \"homeB\", \"start\": \"B1\"}], \"traffic\": {\"rate\": 0}"

#define MAX_DETACH 4096

typedef struct detaches {
    int n;
    sim_time_t at[MAX_DETACH];
} detaches_t;

static void on_handoff(void *ctx, const sim_trace_rec_t *rec)
{
    detaches_t *d = ctx;
    if (rec->code == 0 && rec->node == 0 && d->n < MAX_DETACH) /* phase 0: L2 detach of A */
        d->at[d->n++] = rec->at;
}

/* Loads a 1000 s scenario where A moves with the given dwell, runs it and
 * collects A's detaches. */
static void run_dwell(const char *dwell, mob_dist_kind_t kind, detaches_t *d)
{
    char text[2048];
    snprintf(text, sizeof(text),
             "{\"horizon\": \"1000s\", " NETS ", \"mobility\": {\"A\": {\"process\": \"dwell\", "
             "\"dwell\": %s, \"networks\": [\"A1\", \"A2\"]}}}",
             dwell);
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_string(text, strlen(text), "d.json", NULL, 0, &c, &err), 0);
    CU_ASSERT_TRUE(c.mobility[0].has_dwell);
    CU_ASSERT_EQUAL(c.mobility[0].dwell.kind, kind);
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    memset(d, 0, sizeof(*d));
    sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_handoff, d);
    CU_ASSERT_EQUAL(mob_world_run(w), 0);
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
}

static void test_a_pareto_dwell_process_moves_the_host_never_sooner_than_the_minimum(void)
{
    static detaches_t d;
    /* mean 1.5 * 2 s = 3 s: about 333 handoffs in 1000 s */
    run_dwell("{\"dist\": \"pareto\", \"min\": \"2s\", \"shape\": 3}", MOB_DIST_PARETO, &d);
    CU_ASSERT(d.n > 150 && d.n < 500);
    sim_time_t prev = 0;
    for (int i = 0; i < d.n; i++) {
        CU_ASSERT(d.at[i] - prev >= SIM_S(2));
        prev = d.at[i];
    }
    /* the brief's example, shape 1.5 (mean 6 s): fewer, never sooner than 2 s */
    run_dwell("{\"dist\": \"pareto\", \"min\": \"2s\", \"shape\": 1.5}", MOB_DIST_PARETO, &d);
    CU_ASSERT(d.n > 50 && d.n < 500);
    prev = 0;
    for (int i = 0; i < d.n; i++) {
        CU_ASSERT(d.at[i] - prev >= SIM_S(2));
        prev = d.at[i];
    }
}

static void test_a_weibull_dwell_process_moves_the_host_at_its_mean_rate(void)
{
    static detaches_t d;
    /* scale 10 s, shape 0.7: mean 12.66 s, about 79 handoffs in 1000 s */
    run_dwell("{\"dist\": \"weibull\", \"scale\": \"10s\", \"shape\": 0.7}", MOB_DIST_WEIBULL, &d);
    CU_ASSERT(d.n > 30 && d.n < 160);
    for (int i = 1; i < d.n; i++)
        CU_ASSERT(d.at[i] > d.at[i - 1]);
}

/* A config built in C (no loader): a Pareto of shape <= 1 has an infinite
 * mean, and the world bounds its handoffs by the minimum instead. */
static int create_error(const mob_config_t *c, sim_err_t *err)
{
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    int rc = mob_world_create(c, sim, &w, err);
    mob_world_destroy(w);
    sim_destroy(sim);
    return rc;
}

static void set_dwell(mob_config_t *c, mob_delay_t dwell)
{
    free(c->mobility[0].nets);
    c->mobility[0] = (mob_mobility_t){.enabled = true, .has_dwell = true, .dwell = dwell};
    CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(c, 0, (const int[]){NET_A1, NET_A2}, 2), 0);
}

static void test_the_world_bounds_heavy_tailed_dwell_handoffs(void)
{
    mob_config_t c;
    fx_config(&c);
    sim_err_t err = {0};
    set_dwell(&c, pareto(SIM_MS(10), 0.5));
    CU_ASSERT_EQUAL(create_error(&c, &err), 0);
    set_dwell(&c, pareto(999, 0.9)); /* most draws within a few us of 999 ns */
    memset(&err, 0, sizeof(err));
    CU_ASSERT_EQUAL(create_error(&c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "mobility.A.dwell: expected a mean dwell time of at least 1us "
                                    "(the model's bound), got 999ns");
    set_dwell(&c, pareto(500, 1.5)); /* mean 1.5 us */
    CU_ASSERT_EQUAL(create_error(&c, &err), 0);
    set_dwell(&c, weibull(500, 0.5)); /* mean 500 ns * Gamma(3) = 1 us */
    CU_ASSERT_EQUAL(create_error(&c, &err), 0);
    set_dwell(&c, weibull(400, 0.5)); /* 800 ns */
    memset(&err, 0, sizeof(err));
    CU_ASSERT_EQUAL(create_error(&c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "mobility.A.dwell: expected a mean dwell time of at least 1us "
                                    "(the model's bound), got 800ns");
    mob_config_free(&c);
}

void suite_dists(void)
{
    ADD_SUITE("dists", TEST(test_pareto_draws_have_the_mean_shape_min_over_shape_minus_1),
              TEST(test_pareto_draws_are_never_below_the_minimum),
              TEST(test_pareto_draws_of_shape_0_1_are_clamped_and_finite),
              TEST(test_weibull_draws_have_the_mean_scale_times_gamma_1_plus_1_over_shape),
              TEST(test_a_pareto_dwell_process_moves_the_host_never_sooner_than_the_minimum),
              TEST(test_a_weibull_dwell_process_moves_the_host_at_its_mean_rate),
              TEST(test_the_world_bounds_heavy_tailed_dwell_handoffs));
}
