/* Mobility processes: Poisson handoffs (exponential dwell times) and any
 * other dwell-time distribution ("process": "dwell"), from the scenario
 * file to the handoffs the world makes. */
#include "tests/testing.h"

#include <string.h>

#include "models/world.h"
#include "scenarios/scn.h"

#define NETS                                                                                       \
    "\"networks\": [{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": "       \
    "\"HA_A\"}, {\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": "           \
    "\"HA_B\"}, {\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"}, {\"name\": \"A2\", "         \
    "\"prefix\": \"2001:db8:a2::/64\"}, {\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"}], "   \
    "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"}, {\"name\": \"B\", "    \
    "\"home\": \"homeB\", \"start\": \"B1\"}], \"traffic\": {\"rate\": 0}"

static int load(const char *process, mob_config_t *c, sim_err_t *err)
{
    char text[2048];
    snprintf(text, sizeof(text), "{\"horizon\": \"5.5s\", " NETS ", \"mobility\": {\"A\": %s}}",
             process);
    return scn_load_string(text, strlen(text), "m.json", NULL, 0, c, err);
}

typedef struct detaches {
    int n;
    sim_time_t at[16];
} detaches_t;

static void on_handoff(void *ctx, const sim_trace_rec_t *rec)
{
    detaches_t *d = ctx;
    if (rec->code == 0 && rec->node == 0 && d->n < 16) /* phase 0: L2 detach of A */
        d->at[d->n++] = rec->at;
}

static void test_constant_dwell_moves_the_host_at_every_multiple_of_it(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load("{\"process\": \"dwell\", \"dwell\": \"1s\", \"networks\": "
                               "[\"A1\", \"A2\"]}",
                               &c, &err),
                          0);
    CU_ASSERT_TRUE(c.mobility[0].enabled);
    CU_ASSERT_TRUE(c.mobility[0].has_dwell);
    CU_ASSERT_EQUAL(c.mobility[0].dwell.kind, MOB_DIST_CONST);
    CU_ASSERT_EQUAL(c.mobility[0].dwell.a, SIM_S(1));
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    detaches_t d = {0};
    sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_handoff, &d);
    CU_ASSERT_EQUAL(mob_world_run(w), 0);
    CU_ASSERT_EQUAL(d.n, 5); /* 1, 2, 3, 4, 5 s; 6 s is past the horizon */
    for (int i = 0; i < d.n; i++)
        CU_ASSERT_EQUAL(d.at[i], SIM_S(i + 1));
    /* a second apart: each registration finished before the next move */
    CU_ASSERT_FALSE(mob_world_metrics(w)->consecutive_mobility);
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
}

static void test_uniform_dwell_times_stay_within_their_bounds(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(load("{\"process\": \"dwell\", \"dwell\": {\"dist\": \"uniform\", "
                               "\"min\": \"300ms\", \"max\": \"500ms\"}, \"networks\": "
                               "[\"A1\", \"A2\"]}",
                               &c, &err),
                          0);
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    detaches_t d = {0};
    sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_handoff, &d);
    CU_ASSERT_EQUAL(mob_world_run(w), 0);
    CU_ASSERT(d.n >= 10 && d.n <= 16); /* 5.5 s / [0.3 s, 0.5 s] */
    sim_time_t prev = 0;
    for (int i = 0; i < d.n; i++) {
        CU_ASSERT(d.at[i] - prev >= SIM_MS(300) && d.at[i] - prev <= SIM_MS(500));
        prev = d.at[i];
    }
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
}

static void expect_error(const char *process, const char *want)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(load(process, &c, &err), -SIM_EINVAL);
    CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&c);
}

static void test_dwell_and_rate_belong_to_their_own_process(void)
{
    expect_error("{\"process\": \"dwell\", \"rate\": 1, \"networks\": [\"A1\", \"A2\"]}",
                 "m.json: $.mobility.A.rate: expected no \"rate\" for the dwell process");
    expect_error("{\"process\": \"poisson\", \"rate\": 1, \"dwell\": \"1s\", \"networks\": "
                 "[\"A1\", \"A2\"]}",
                 "m.json: $.mobility.A.dwell: expected no \"dwell\" for the poisson process");
    expect_error("{\"process\": \"dwell\", \"networks\": [\"A1\", \"A2\"]}",
                 "m.json: $.mobility.A: expected a key \"dwell\"");
    expect_error(
        "{\"process\": \"dwell\", \"dwell\": \"0s\", \"networks\": [\"A1\", \"A2\"]}",
        "m.json: $.mobility.A.dwell: expected a dwell time with a mean of at least 1ms, got \"0s\"");
    expect_error("{\"process\": \"walk\", \"networks\": [\"A1\", \"A2\"]}",
                 "m.json: $.mobility.A.process: expected one of \"poisson\" or \"dwell\", "
                 "got \"walk\"");
}

void suite_mobility(void)
{
    ADD_SUITE("mobility", TEST(test_constant_dwell_moves_the_host_at_every_multiple_of_it),
              TEST(test_uniform_dwell_times_stay_within_their_bounds),
              TEST(test_dwell_and_rate_belong_to_their_own_process));
}
