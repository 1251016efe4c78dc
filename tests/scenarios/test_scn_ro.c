/* The loader's keys of issue 14's route-optimization bullets:
 * hosts[].route_optimization (location privacy toward every
 * correspondent), hosts[].no_route_optimization_with (toward some) and
 * params.max_ro_failure (RFC 6275 §5.2.9's fallback), their defaults, and
 * each refusal with its path. */
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <string.h>

#define NETS                                                                                       \
    "\"networks\": ["                                                                              \
    "{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": \"HA_A\"},"            \
    "{\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": \"HA_B\"},"            \
    "{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"},"                                        \
    "{\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"},"                                        \
    "{\"name\": \"cnet\", \"prefix\": \"2001:db8:c::/64\"}]"
#define HA "{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\""
#define HB "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\""
#define HC "{\"name\": \"C\", \"kind\": \"correspondent\", \"network\": \"cnet\""

static int load(const char *json, mob_config_t *c, sim_err_t *err)
{
    memset(err, 0, sizeof(*err));
    return scn_load_string(json, strlen(json), "t.json", NULL, 0, c, err);
}

static void expect_error(const char *json, const char *want)
{
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL(load(json, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&c);
}

static void test_route_optimization_is_on_and_fallback_off_by_default(void)
{
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL_FATAL(load("{" NETS ", \"hosts\": [" HA "}, " HB "}]}", &c, &err), 0);
    CU_ASSERT_EQUAL(c.n_no_ro, 0);
    CU_ASSERT_EQUAL(c.max_ro_failure, 0);
    mob_config_free(&c);
}

static void test_route_optimization_false_and_max_ro_failure_load(void)
{
    mob_config_t c;
    sim_err_t err;
    const char *j = "{\"params\": {\"max_ro_failure\": 3}, " NETS ", \"hosts\": [" HA
                    ", \"route_optimization\": false}, " HB ", \"route_optimization\": true}]}";
    CU_ASSERT_EQUAL_FATAL(load(j, &c, &err), 0);
    CU_ASSERT_EQUAL(c.max_ro_failure, 3);
    CU_ASSERT_EQUAL_FATAL(c.n_no_ro, 1);
    CU_ASSERT_EQUAL(c.no_ro[0].host, 0);
    CU_ASSERT_EQUAL(c.no_ro[0].peer, -1);
    /* copies keep the list */
    mob_config_t d;
    CU_ASSERT_EQUAL_FATAL(mob_config_copy(&d, &c), 0);
    CU_ASSERT_EQUAL(d.n_no_ro, 1);
    CU_ASSERT_PTR_NOT_EQUAL(d.no_ro, c.no_ro);
    mob_config_free(&d);
    mob_config_free(&c);
}

static void test_no_route_optimization_with_names_peers(void)
{
    mob_config_t c;
    sim_err_t err;
    const char *j = "{" NETS ", \"hosts\": [" HA ", \"peers\": [\"B\", \"C\"], "
                    "\"no_route_optimization_with\": [\"C\"]}, " HB "}, " HC "}]}";
    CU_ASSERT_EQUAL_FATAL(load(j, &c, &err), 0);
    CU_ASSERT_EQUAL_FATAL(c.n_no_ro, 1);
    CU_ASSERT_EQUAL(c.no_ro[0].host, 0);
    CU_ASSERT_EQUAL(c.no_ro[0].peer, 2);
    mob_config_free(&c);
    /* two hosts without "peers": their implicit pair */
    j = "{" NETS ", \"hosts\": [" HA "}, " HB ", \"no_route_optimization_with\": [\"A\"]}]}";
    CU_ASSERT_EQUAL_FATAL(load(j, &c, &err), 0);
    CU_ASSERT_EQUAL_FATAL(c.n_no_ro, 1);
    CU_ASSERT_EQUAL(c.no_ro[0].host, 1);
    CU_ASSERT_EQUAL(c.no_ro[0].peer, 0);
    mob_config_free(&c);
}

static void test_bad_route_optimization_keys_are_refused_with_their_path(void)
{
    expect_error("{" NETS ", \"hosts\": [" HA ", \"route_optimization\": 0}, " HB "}]}",
                 "t.json: $.hosts[0].route_optimization: expected true or false, got 0");
    expect_error("{" NETS ", \"hosts\": [" HA ", \"peers\": [\"B\"]}, " HB "}, " HC
                 ", \"route_optimization\": false}]}",
                 "t.json: $.hosts[2].route_optimization: expected no \"route_optimization\" for a "
                 "stationary correspondent (it has no care-of address to keep private and sends "
                 "no BUs)");
    expect_error("{" NETS ", \"hosts\": [" HA ", \"peers\": [\"B\"], "
                 "\"no_route_optimization_with\": [\"C\"]}, " HB "}, " HC ", \"peers\": [\"B\"]}]}",
                 "t.json: $.hosts[0].no_route_optimization_with[0]: expected a peer of A, but C "
                 "does not talk to A");
    expect_error("{" NETS ", \"hosts\": [" HA ", \"no_route_optimization_with\": \"B\"}, " HB "}]}",
                 "t.json: $.hosts[0].no_route_optimization_with: expected an array of host names "
                 "such as [\"B\"] (peers A does no route optimization with), got \"B\"");
    expect_error("{" NETS ", \"hosts\": [" HA ", \"no_route_optimization_with\": [\"A\"]}, " HB
                 "}]}",
                 "t.json: $.hosts[0].no_route_optimization_with[0]: expected a peer of A, but A "
                 "does not talk to A");
    expect_error("{\"params\": {\"max_ro_failure\": 1.5}, " NETS ", \"hosts\": [" HA "}, " HB "}]}",
                 "t.json: $.params.max_ro_failure: expected a whole number of failed attempts "
                 "from 0 (never give up) to 1000, got 1.5");
    expect_error("{\"params\": {\"max_ro_failure\": -1}, " NETS ", \"hosts\": [" HA "}, " HB "}]}",
                 "t.json: $.params.max_ro_failure: expected a whole number of failed attempts "
                 "from 0 (never give up) to 1000, got -1");
}

void suite_scn_ro(void)
{
    ADD_SUITE("scenarios/scn_ro", TEST(test_route_optimization_is_on_and_fallback_off_by_default),
              TEST(test_route_optimization_false_and_max_ro_failure_load),
              TEST(test_no_route_optimization_with_names_peers),
              TEST(test_bad_route_optimization_keys_are_refused_with_their_path));
}
