/* The model is safe for any config it accepts (issue 12, "Hangs and
 * memory"): every periodic or renewal process advances time by at least
 * 1 ns per event and never overflows sim_time_t, and mob_world_create()
 * refuses configs that imply an absurd number of events. The configs are
 * built in C (tests/models/fixture.c), not loaded, so these cases hold
 * whatever floors the scenario loader sets in front of the model. */
#include "tests/testing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/world.h"
#include "tests/models/fixture.h"

static int create_error(const mob_config_t *c, sim_err_t *err)
{
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    int rc = mob_world_create(c, sim, &w, err);
    mob_world_destroy(w);
    sim_destroy(sim);
    return rc;
}

static void expect_refused(const mob_config_t *c, const char *want)
{
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(create_error(c, &err), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, want));
    if (!strstr(err.msg, want))
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
}

typedef struct run_out {
    mob_metrics_t m;
    uint64_t n_detach;
    sim_time_t prev_detach;
    int detach_at_same_instant;
} run_out_t;

static void on_handoff(void *ctx, const sim_trace_rec_t *rec)
{
    run_out_t *o = ctx;
    if (rec->code != 0 || rec->node != 0) /* phase 0: L2 detach of A */
        return;
    if (o->n_detach > 0 && rec->at <= o->prev_detach)
        o->detach_at_same_instant++;
    o->prev_detach = rec->at;
    o->n_detach++;
}

static int run(const mob_config_t *c, run_out_t *o)
{
    memset(o, 0, sizeof(*o));
    sim_t *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    int rc = mob_world_create(c, sim, &w, &err);
    if (rc == 0) {
        sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_handoff, o);
        rc = mob_world_run(w);
        o->m = *mob_world_metrics(w);
    } else {
        fprintf(stderr, "\n  refused: %s\n", err.msg);
    }
    mob_world_destroy(w);
    sim_destroy(sim);
    return rc;
}

/* Host A's mobility between A1 and A2 (the list is owned by the config). */
static void set_mobility(mob_config_t *c, mob_mobility_t mo)
{
    free(c->mobility[0].nets);
    mo.nets = NULL;
    mo.n_nets = 0;
    c->mobility[0] = mo;
    CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(c, 0, (const int[]){NET_A1, NET_A2}, 2), 0);
}

static void test_a_rate_whose_interval_overflows_int64_sends_once_and_finishes(void)
{
    /* 1 / 1e-10 s = 1e19 ns > INT64_MAX: once looped at t = 0 forever */
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(10);
    c.traffic_rate = 1e-10;
    run_out_t o;
    CU_ASSERT_EQUAL_FATAL(run(&c, &o), 0);
    CU_ASSERT_EQUAL(o.m.data_sent, 1); /* A's packet at t = 0; B's first is past the horizon */
    CU_ASSERT(o.m.events < 1000);
    mob_config_free(&c);
}

static void test_a_rate_whose_interval_exceeds_the_horizon_sends_each_first_packet_only(void)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(10);
    c.traffic_rate = 0.05; /* every 20 s: A at 0 s, B at 10 s (= horizon) */
    run_out_t o;
    CU_ASSERT_EQUAL_FATAL(run(&c, &o), 0);
    CU_ASSERT_EQUAL(o.m.data_sent, 2);
    c.traffic_rate = 0.0499; /* B's first at 10.02 s: never */
    CU_ASSERT_EQUAL_FATAL(run(&c, &o), 0);
    CU_ASSERT_EQUAL(o.m.data_sent, 1);
    mob_config_free(&c);
}

static void test_traffic_rates_above_the_models_bound_or_nan_are_refused(void)
{
    mob_config_t c;
    fx_config(&c);
    c.traffic_rate = MOB_MAX_TRAFFIC_RATE;
    c.horizon = SIM_S(1);
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(create_error(&c, &err), 0);
    c.traffic_rate = 2e6;
    expect_refused(&c, "traffic.rate: expected at most 1e+06 packets per second each way (the "
                       "model's bound), got 2e+06");
    c.traffic_rate = 1e12; /* an interval below 1 ns */
    expect_refused(&c, "traffic.rate: expected at most 1e+06");
    c.traffic_rate = NAN;
    expect_refused(&c, "traffic: expected rate >= 0");
    mob_config_free(&c);
}

static void test_zero_ns_dwell_draws_never_move_a_host_twice_at_one_instant(void)
{
    /* mean 1 us, 20 ms: ~20000 draws, a few dozen of them round to 0 ns */
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_MS(20);
    c.traffic_rate = 0;
    set_mobility(&c, (mob_mobility_t){.enabled = true,
                                      .has_dwell = true,
                                      .dwell = {MOB_DIST_EXP, SIM_US(1), 0, 0.0}});
    run_out_t o;
    CU_ASSERT_EQUAL_FATAL(run(&c, &o), 0);
    CU_ASSERT(o.n_detach > 10000);
    CU_ASSERT_EQUAL(o.detach_at_same_instant, 0);
    mob_config_free(&c);
}

static void test_poisson_handoffs_at_a_tiny_rate_never_happen_and_the_run_finishes(void)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(10);
    set_mobility(&c, (mob_mobility_t){.enabled = true, .rate = 1e-300});
    run_out_t o;
    CU_ASSERT_EQUAL_FATAL(run(&c, &o), 0);
    CU_ASSERT_EQUAL(o.n_detach, 0);
    mob_config_free(&c);
}

static void test_dwell_means_below_1us_and_huge_handoff_rates_are_refused(void)
{
    mob_config_t c;
    fx_config(&c);
    set_mobility(&c,
                 (mob_mobility_t){.enabled = true, .has_dwell = true, .dwell = MOB_DELAY_CONST(1)});
    expect_refused(&c, "mobility.A.dwell: expected a mean dwell time of at least 1us (the "
                       "model's bound), got 1ns");
    c.mobility[0].dwell = (mob_delay_t){MOB_DIST_UNIFORM, 0, 1, 0.0}; /* uniform 0..1ns */
    expect_refused(&c, "mobility.A.dwell: expected a mean dwell time of at least 1us");
    c.mobility[0].dwell = (mob_delay_t){MOB_DIST_EXP, 999, 0, 0.0};
    expect_refused(&c, "mobility.A.dwell: expected a mean dwell time of at least 1us");
    c.mobility[0].dwell = (mob_delay_t){MOB_DIST_NORMAL, 0, 500, 0.0}; /* max(0, N): ~200 ns */
    expect_refused(&c, "mobility.A.dwell: expected a mean dwell time of at least 1us");
    c.mobility[0].dwell = (mob_delay_t){MOB_DIST_EXP, SIM_US(1), 0, 0.0};
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(create_error(&c, &err), 0);
    set_mobility(&c, (mob_mobility_t){.enabled = true, .rate = 2e6});
    expect_refused(&c, "mobility.A.rate: expected at most 1e+06 handoffs per second");
    mob_config_free(&c);
}

static void test_configs_implying_more_than_1e10_packets_and_handoffs_are_refused(void)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(86400);
    c.traffic_rate = 1e5; /* 2 * 1e5 * 86400 = 1.7e10 */
    expect_refused(&c, "horizon: traffic and mobility imply 1.73e+10 packets and handoffs, "
                       "expected at most 1e+10 (the model's bound)");
    c.traffic_rate = 1e4; /* the loader's largest: 1.7e9 */
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(create_error(&c, &err), 0);
    mob_config_free(&c);
}

void suite_model_bounds(void)
{
    ADD_SUITE("model_bounds",
              TEST(test_a_rate_whose_interval_overflows_int64_sends_once_and_finishes),
              TEST(test_a_rate_whose_interval_exceeds_the_horizon_sends_each_first_packet_only),
              TEST(test_traffic_rates_above_the_models_bound_or_nan_are_refused),
              TEST(test_zero_ns_dwell_draws_never_move_a_host_twice_at_one_instant),
              TEST(test_poisson_handoffs_at_a_tiny_rate_never_happen_and_the_run_finishes),
              TEST(test_dwell_means_below_1us_and_huge_handoff_rates_are_refused),
              TEST(test_configs_implying_more_than_1e10_packets_and_handoffs_are_refused));
}
