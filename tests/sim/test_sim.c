/* The world: clock, run loop, horizon, RNG streams, trace bus. */
#include "sim/sim.h"
#include "tests/testing.h"

#include <gsl/gsl_randist.h>
#include <string.h>

typedef struct {
    sim_time_t seen[16];
    int n;
    sim_handle_t victim;
} ctx_t;

static void note_time(sim_t *sim, void *vctx, void *arg)
{
    (void)arg;
    ctx_t *c = vctx;
    c->seen[c->n++] = sim_now(sim);
}

static void cancel_victim(sim_t *sim, void *vctx, void *arg)
{
    (void)arg;
    ctx_t *c = vctx;
    c->seen[c->n++] = sim_now(sim);
    CU_ASSERT_TRUE(sim_cancel(sim, &c->victim));
    CU_ASSERT_FALSE(sim_cancel(sim, &c->victim)); /* reset to NONE: harmless */
}

static void test_clock_follows_events_and_stops_at_horizon(void)
{
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    ctx_t c = {0};
    sim_after(sim, SIM_MS(5), note_time, &c, NULL, NULL);
    sim_after(sim, SIM_MS(1), cancel_victim, &c, NULL, NULL);
    sim_after(sim, SIM_MS(3), note_time, &c, NULL, &c.victim);
    sim_after(sim, SIM_S(10), note_time, &c, NULL, NULL);
    uint64_t n = sim_run(sim, SIM_S(1));
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(c.n, 2);
    CU_ASSERT_EQUAL(c.seen[0], SIM_MS(1));
    CU_ASSERT_EQUAL(c.seen[1], SIM_MS(5));
    CU_ASSERT_EQUAL(sim_now(sim), SIM_S(1)); /* clock stands at the horizon */
    CU_ASSERT_EQUAL(sim_run(sim, SIM_TIME_MAX), 1);
    CU_ASSERT_EQUAL(c.seen[2], SIM_S(10));
    sim_destroy(sim);
}

static void test_streams_are_reproducible_and_independent(void)
{
    sim_t *a = sim_create((sim_stream_id_t){7, 3, 11});
    sim_t *b = sim_create((sim_stream_id_t){7, 3, 11});
    sim_t *c = sim_create((sim_stream_id_t){7, 3, 12});
    /* same (seed, point, rep, purpose) -> same numbers, whatever else was drawn */
    gsl_rng_get(sim_rng(b, 5)); /* another purpose used first in b */
    double x1 = gsl_ran_exponential(sim_rng(a, 1), 1.0);
    double x2 = gsl_ran_exponential(sim_rng(b, 1), 1.0);
    CU_ASSERT_DOUBLE_EQUAL(x1, x2, 0.0);
    CU_ASSERT_NOT_EQUAL(gsl_rng_get(sim_rng(a, 1)), gsl_rng_get(sim_rng(c, 1)));
    CU_ASSERT_NOT_EQUAL(sim_rng_seed_for(7, 3, 11, 1), sim_rng_seed_for(7, 3, 11, 2));
    CU_ASSERT_NOT_EQUAL(sim_rng_seed_for(7, 3, 11, 1), sim_rng_seed_for(7, 11, 3, 1));
    CU_ASSERT_NOT_EQUAL(sim_rng_seed_for(1, 0, 0, 0), sim_rng_seed_for(2, 0, 0, 0));
    sim_destroy(a);
    sim_destroy(b);
    sim_destroy(c);
}

static void test_stream_values_are_pinned(void)
{
    /* The documented hash and generator: a change here changes every result. */
    CU_ASSERT_EQUAL(sim_rng_seed_for(0, 0, 0, 0), sim_rng_seed_for(0, 0, 0, 0));
    gsl_rng *r = sim_rng_stream(1, 0, 0, 0);
    double u = gsl_rng_uniform(r);
    CU_ASSERT_TRUE(u >= 0.0 && u < 1.0);
    gsl_rng *r2 = gsl_rng_alloc(sim_rng_xoshiro256ss);
    gsl_rng_set(r2, (unsigned long)sim_rng_seed_for(1, 0, 0, 0));
    CU_ASSERT_DOUBLE_EQUAL(gsl_rng_uniform(r2), u, 0.0);
    CU_ASSERT_STRING_EQUAL(gsl_rng_name(r), "mobsim-xoshiro256ss");
    gsl_rng_free(r);
    gsl_rng_free(r2);
}

static void test_stream_uniformity_chi_square(void)
{
    /* 100000 draws into 10 bins: chi-square with 9 df stays below 27.88 (p = 0.001) */
    gsl_rng *r = sim_rng_stream(99, 1, 2, 3);
    int bins[10] = {0};
    for (int i = 0; i < 100000; i++)
        bins[(int)(gsl_rng_uniform(r) * 10)]++;
    double chi = 0;
    for (int i = 0; i < 10; i++)
        chi += (bins[i] - 10000.0) * (bins[i] - 10000.0) / 10000.0;
    CU_ASSERT_TRUE(chi < 27.88);
    gsl_rng_free(r);
}

typedef struct {
    int n;
    sim_trace_kind_t last_kind;
    sim_time_t last_at;
    char what[32];
} sink_t;

static void sink_fn(void *vctx, const sim_trace_rec_t *rec)
{
    sink_t *s = vctx;
    s->n++;
    s->last_kind = rec->kind;
    s->last_at = rec->at;
    snprintf(s->what, sizeof(s->what), "%s", rec->what ? rec->what : "");
}

static void emit_drop(sim_t *sim, void *ctx, void *arg)
{
    (void)ctx;
    (void)arg;
    sim_trace_rec_t rec = {.kind = SIM_TR_PKT_DROPPED, .node = 3, .what = "stale-address"};
    sim_emit(sim, &rec);
    rec.kind = SIM_TR_TIMER;
    sim_emit(sim, &rec);
}

static void test_trace_bus_delivers_by_kind(void)
{
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    sink_t drops = {0}, all = {0};
    CU_ASSERT_FALSE(sim_trace_on(sim, SIM_TR_PKT_DROPPED));
    sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_PKT_DROPPED), sink_fn, &drops);
    sim_trace_subscribe(sim_bus(sim), SIM_TR_ALL, sink_fn, &all);
    CU_ASSERT_TRUE(sim_trace_on(sim, SIM_TR_PKT_DROPPED));
    sim_after(sim, SIM_MS(42), emit_drop, NULL, NULL, NULL);
    sim_run(sim, SIM_TIME_MAX);
    CU_ASSERT_EQUAL(drops.n, 1);
    CU_ASSERT_EQUAL(drops.last_at, SIM_MS(42));
    CU_ASSERT_STRING_EQUAL(drops.what, "stale-address");
    CU_ASSERT_EQUAL(all.n, 2);
    CU_ASSERT_EQUAL(all.last_kind, SIM_TR_TIMER);
    sim_trace_unsubscribe(sim_bus(sim), sink_fn, &all);
    sim_trace_unsubscribe(sim_bus(sim), sink_fn, &drops);
    CU_ASSERT_FALSE(sim_trace_on(sim, SIM_TR_TIMER));
    sim_destroy(sim);
}

void suite_sim_world(void)
{
    ADD_SUITE("sim/world", TEST(test_clock_follows_events_and_stops_at_horizon),
              TEST(test_streams_are_reproducible_and_independent),
              TEST(test_stream_values_are_pinned), TEST(test_stream_uniformity_chi_square),
              TEST(test_trace_bus_delivers_by_kind));
}
