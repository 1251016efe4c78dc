/* The heavy-tailed delay distributions of the scenario file (issue 15,
 * docs/scenarios.md "Distributions"): "pareto" {min, shape} and "weibull"
 * {scale, shape} wherever a delay is accepted, each key landing in its
 * field, and every refusal with its exact line (a Pareto dwell time needs
 * a shape above 1: its mean is infinite otherwise). */
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <string.h>

#define NETS                                                                                       \
    "\"networks\": ["                                                                              \
    "{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": \"HA_A\"},"            \
    "{\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": \"HA_B\"},"            \
    "{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\", \"access\": %s},"                        \
    "{\"name\": \"A2\", \"prefix\": \"2001:db8:a2::/64\"},"                                        \
    "{\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"},"                                        \
    "{\"name\": \"B2\", \"prefix\": \"2001:db8:b2::/64\"}]"
#define HOSTS                                                                                      \
    "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"                       \
    "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]"

static int load(const char *json, mob_config_t *cfg, sim_err_t *err)
{
    memset(err, 0, sizeof(*err));
    return scn_load_string(json, strlen(json), "t.json", NULL, 0, cfg, err);
}

/* A scenario with `extra` keys in front and A1's access delay `access`. */
static const char *scn(char *buf, size_t cap, const char *extra, const char *access)
{
    char nets[1024];
    snprintf(nets, sizeof(nets), NETS, access);
    snprintf(buf, cap, "{%s%s, " HOSTS "}", extra, nets);
    return buf;
}

static void expect_error(const char *extra, const char *access, const char *want)
{
    char text[4096];
    mob_config_t cfg;
    sim_err_t err;
    CU_ASSERT_EQUAL(load(scn(text, sizeof(text), extra, access), &cfg, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&cfg);
}

#define PARETO(min, shape) "{\"dist\": \"pareto\", \"min\": \"" min "\", \"shape\": " shape "}"
#define WEIBULL(scale, shape)                                                                      \
    "{\"dist\": \"weibull\", \"scale\": \"" scale "\", \"shape\": " shape "}"

static void test_pareto_and_weibull_delays_land_in_their_fields_wherever_delays_are_accepted(void)
{
    char text[4096];
    mob_config_t c;
    sim_err_t err;
    int rc = load(
        scn(text, sizeof(text),
            "\"handoff\": {\"l2\": " PARETO("5ms", "1.5") ", \"movement_detection\": " WEIBULL(
                "10ms", "0.7") ", \"dad\": " PARETO("1ms",
                                                    "0.5") "}, "
                                                           "\"delay\": {\"access\": " WEIBULL(
                                                               "2ms", "2") ", \"core\": "
                                                                           "{\"default\": " PARETO(
                                                                               "20ms", "10") "}}, ",
            WEIBULL("3ms", "0.1")),
        &c, &err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(c.l2.kind, MOB_DIST_PARETO);
    CU_ASSERT_EQUAL(c.l2.a, SIM_MS(5));
    CU_ASSERT_EQUAL(c.l2.b, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.l2.sigma, 1.5, 1e-12);
    CU_ASSERT_EQUAL(c.movement_detection.kind, MOB_DIST_WEIBULL);
    CU_ASSERT_EQUAL(c.movement_detection.a, SIM_MS(10));
    CU_ASSERT_DOUBLE_EQUAL(c.movement_detection.sigma, 0.7, 1e-12);
    /* an infinite mean is allowed for a delay that is not a dwell time */
    CU_ASSERT_EQUAL(c.dad.kind, MOB_DIST_PARETO);
    CU_ASSERT_DOUBLE_EQUAL(c.dad.sigma, 0.5, 1e-12);
    CU_ASSERT_EQUAL(c.access_default.kind, MOB_DIST_WEIBULL);
    CU_ASSERT_EQUAL(c.access_default.a, SIM_MS(2));
    CU_ASSERT_EQUAL(c.core_default.kind, MOB_DIST_PARETO);
    CU_ASSERT_DOUBLE_EQUAL(c.core_default.sigma, 10, 1e-12);
    CU_ASSERT_TRUE(c.nets[2].has_access);
    CU_ASSERT_EQUAL(c.nets[2].access.kind, MOB_DIST_WEIBULL);
    CU_ASSERT_EQUAL(c.nets[2].access.a, SIM_MS(3));
    CU_ASSERT_DOUBLE_EQUAL(c.nets[2].access.sigma, 0.1, 1e-12);
    CU_ASSERT_STRING_EQUAL(scn_dist_name(MOB_DIST_PARETO), "pareto");
    CU_ASSERT_STRING_EQUAL(scn_dist_name(MOB_DIST_WEIBULL), "weibull");
    mob_config_free(&c);
}

static void test_pareto_and_weibull_parameters_are_refused_out_of_range(void)
{
    expect_error("", "{\"dist\": \"pareto\", \"min\": \"5ms\"}",
                 "t.json: $.networks[2].access: expected a key \"shape\" for this distribution");
    expect_error("", "{\"dist\": \"pareto\", \"shape\": 2}",
                 "t.json: $.networks[2].access: expected a key \"min\" for this distribution");
    expect_error("", PARETO("0s", "2"),
                 "t.json: $.networks[2].access.min: expected a minimum above 0 (a Pareto delay is "
                 "never below it)");
    expect_error(
        "", PARETO("-1ms", "2"),
        "t.json: $.networks[2].access.min: expected a time such as \"120ms\" (units ns, us, "
        "ms, s, min) or a number of seconds, got \"-1ms\" (a time cannot be negative)");
    expect_error("", PARETO("5ms", "0.05"),
                 "t.json: $.networks[2].access.shape: expected a number from 0.1 to 10 (the shape "
                 "of a Pareto delay), got 0.05");
    expect_error("", PARETO("5ms", "\"1.5\""),
                 "t.json: $.networks[2].access.shape: expected a number from 0.1 to 10 (the shape "
                 "of a Pareto delay), got \"1.5\"");
    expect_error("", "{\"dist\": \"weibull\", \"scale\": \"5ms\"}",
                 "t.json: $.networks[2].access: expected a key \"shape\" for this distribution");
    expect_error("", "{\"dist\": \"weibull\", \"shape\": 0.7}",
                 "t.json: $.networks[2].access: expected a key \"scale\" for this distribution");
    expect_error("", WEIBULL("0s", "0.7"),
                 "t.json: $.networks[2].access.scale: expected a scale above 0 (a Weibull delay of "
                 "scale 0 is always 0)");
    expect_error("", WEIBULL("5ms", "11"),
                 "t.json: $.networks[2].access.shape: expected a number from 0.1 to 10 (the shape "
                 "of a Weibull delay), got 11");
    expect_error("\"handoff\": {\"l2\": " WEIBULL("5ms", "0") "}, ", "\"5ms\"",
                 "t.json: $.handoff.l2.shape: expected a number from 0.1 to 10 (the shape of a "
                 "Weibull delay), got 0");
}

static void test_pareto_and_weibull_take_only_their_own_keys(void)
{
    expect_error("", "{\"dist\": \"weibull\", \"scale\": \"5ms\", \"shape\": 1, \"sigma\": 1}",
                 "t.json: $.networks[2].access.sigma: unknown key; "
                 "expected one of \"dist\", \"scale\" or \"shape\" (keys starting with \"_\" are "
                 "comments)");
    expect_error("", "{\"dist\": \"pareto\", \"scale\": \"5ms\", \"shape\": 1}",
                 "t.json: $.networks[2].access.scale: unknown key (did you mean \"shape\"?); "
                 "expected one of \"dist\", \"min\" or \"shape\" (keys starting with \"_\" are "
                 "comments)");
    expect_error("", "{\"dist\": \"paretto\", \"min\": \"5ms\", \"shape\": 1}",
                 "t.json: $.networks[2].access.dist: expected one of \"constant\", \"uniform\", "
                 "\"exponential\", \"lognormal\", \"normal\", \"pareto\" or \"weibull\", got "
                 "\"paretto\" (did you mean \"pareto\"?)");
}

#define DWELL(d)                                                                                   \
    "\"mobility\": {\"A\": {\"process\": \"dwell\", \"dwell\": " d                                 \
    ", \"networks\": [\"A1\", \"A2\"]}}, "

static void expect_dwell_ok(const char *extra, mob_dist_kind_t kind)
{
    char text[4096];
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL_FATAL(load(scn(text, sizeof(text), extra, "\"5ms\""), &c, &err), 0);
    CU_ASSERT_TRUE(c.mobility[0].has_dwell);
    CU_ASSERT_EQUAL(c.mobility[0].dwell.kind, kind);
    mob_config_free(&c);
}

static void test_a_dwell_time_may_be_pareto_with_shape_above_1_or_weibull(void)
{
    expect_dwell_ok(DWELL(PARETO("2s", "1.5")), MOB_DIST_PARETO);
    expect_dwell_ok(DWELL(PARETO("0.5ms", "2")), MOB_DIST_PARETO); /* at the floor */
    expect_dwell_ok(DWELL(WEIBULL("10s", "0.7")), MOB_DIST_WEIBULL);
    expect_dwell_ok(DWELL(WEIBULL("1ms", "1")), MOB_DIST_WEIBULL);
}

static void test_a_pareto_dwell_time_with_an_infinite_mean_or_a_small_mean_is_refused(void)
{
    expect_error(DWELL(PARETO("2s", "1")), "\"5ms\"",
                 "t.json: $.mobility.A.dwell.shape: expected a shape above 1 for a Pareto dwell "
                 "time (with a shape of at most 1 its mean is infinite), got 1");
    expect_error(DWELL(PARETO("2s", "0.5")), "\"5ms\"",
                 "t.json: $.mobility.A.dwell.shape: expected a shape above 1 for a Pareto dwell "
                 "time (with a shape of at most 1 its mean is infinite), got 0.5");
    /* 2 * 0.4ms / (2 - 1) */
    expect_error(DWELL(PARETO("0.4ms", "2")), "\"5ms\"",
                 "t.json: $.mobility.A.dwell: expected a dwell time with a mean of at least 1ms, "
                 "got a pareto distribution with a mean of 800us");
    /* 0.5ms * Gamma(2) */
    expect_error(DWELL(WEIBULL("0.5ms", "1")), "\"5ms\"",
                 "t.json: $.mobility.A.dwell: expected a dwell time with a mean of at least 1ms, "
                 "got a weibull distribution with a mean of 500us");
    /* the ranges of any delay come first */
    expect_error(DWELL(PARETO("2s", "20")), "\"5ms\"",
                 "t.json: $.mobility.A.dwell.shape: expected a number from 0.1 to 10 (the shape "
                 "of a Pareto delay), got 20");
}

void suite_scn_dists(void)
{
    ADD_SUITE(
        "scn_dists",
        TEST(test_pareto_and_weibull_delays_land_in_their_fields_wherever_delays_are_accepted),
        TEST(test_pareto_and_weibull_parameters_are_refused_out_of_range),
        TEST(test_pareto_and_weibull_take_only_their_own_keys),
        TEST(test_a_dwell_time_may_be_pareto_with_shape_above_1_or_weibull),
        TEST(test_a_pareto_dwell_time_with_an_infinite_mean_or_a_small_mean_is_refused));
}
