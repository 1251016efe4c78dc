/* The scenario keys of "icmp" (docs/scenarios.md): the RFC defaults when
 * absent, each key landing in its field, --set paths into it, and every
 * refusal with its exact line. */
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <string.h>

#define NETS                                                                                       \
    "\"networks\": ["                                                                              \
    "{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": \"HA_A\"},"            \
    "{\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": \"HA_B\"},"            \
    "{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"},"                                        \
    "{\"name\": \"A2\", \"prefix\": \"2001:db8:a2::/64\"},"                                        \
    "{\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"},"                                        \
    "{\"name\": \"B2\", \"prefix\": \"2001:db8:b2::/64\"}]"
#define HOSTS                                                                                      \
    "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"                       \
    "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]"
#define SCN(extra) "{" extra NETS ", " HOSTS "}"

static int load(const char *json, const char *set, mob_config_t *cfg, sim_err_t *err)
{
    memset(err, 0, sizeof(*err));
    const char *sets[] = {set};
    return scn_load_string(json, strlen(json), "t.json", set ? sets : NULL, set ? 1 : 0, cfg, err);
}

static void expect_error(const char *json, const char *set, const char *want)
{
    mob_config_t cfg;
    sim_err_t err;
    CU_ASSERT_EQUAL(load(json, set, &cfg, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&cfg);
}

static void test_icmp_defaults_are_the_rfc_values(void)
{
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL_FATAL(load(SCN(""), NULL, &c, &err), 0);
    CU_ASSERT_FALSE(c.icmp_unreachable);
    CU_ASSERT_EQUAL(c.icmp_resolution_delay, SIM_S(3)); /* RFC 4861: 3 x 1 s */
    CU_ASSERT_EQUAL(c.icmp_queue, 101);
    CU_ASSERT_EQUAL(c.icmp_rate, 10); /* RFC 4443 §2.4 (f): B=10, N=10/s */
    CU_ASSERT_EQUAL(c.icmp_burst, 10);
    mob_config_free(&c);
}

static void test_icmp_keys_land_in_their_fields(void)
{
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL_FATAL(load(SCN("\"icmp_unreachable\": true, \"icmp\": {\"resolution_delay\": "
                                   "\"1.5s\", \"queue\": 1, \"rate\": 0.5, \"burst\": 6},"),
                               NULL, &c, &err),
                          0);
    CU_ASSERT_TRUE(c.icmp_unreachable);
    CU_ASSERT_EQUAL(c.icmp_resolution_delay, SIM_MS(1500));
    CU_ASSERT_EQUAL(c.icmp_queue, 1);
    CU_ASSERT_EQUAL(c.icmp_rate, 0.5);
    CU_ASSERT_EQUAL(c.icmp_burst, 6);
    mob_config_free(&c);
    /* 0 is allowed for both: an answer at once, no rate limit */
    CU_ASSERT_EQUAL_FATAL(
        load(SCN("\"icmp\": {\"resolution_delay\": 0, \"rate\": 0},"), NULL, &c, &err), 0);
    CU_ASSERT_EQUAL(c.icmp_resolution_delay, 0);
    CU_ASSERT_EQUAL(c.icmp_rate, 0);
    CU_ASSERT_EQUAL(c.icmp_queue, 101); /* the others keep their defaults */
    mob_config_free(&c);
    /* --set reaches into the object, and creates it */
    CU_ASSERT_EQUAL_FATAL(load(SCN(""), "icmp.resolution_delay=250ms", &c, &err), 0);
    CU_ASSERT_EQUAL(c.icmp_resolution_delay, SIM_MS(250));
    mob_config_free(&c);
}

static void test_bad_icmp_values_are_refused_with_the_path(void)
{
    expect_error(SCN("\"icmp\": 3,"), NULL,
                 "t.json: $.icmp: expected an object such as {\"resolution_delay\": \"3s\", "
                 "\"queue\": 101, \"rate\": 10, \"burst\": 10}, got 3");
    expect_error(SCN("\"icmp\": {\"delay\": \"3s\"},"), NULL,
                 "t.json: $.icmp.delay: unknown key; expected one of \"resolution_delay\", "
                 "\"queue\", \"rate\" or \"burst\" (keys starting with \"_\" are comments)");
    expect_error(SCN("\"icmp\": {\"resolution_delay\": \"61min\"},"), NULL,
                 "t.json: $.icmp.resolution_delay: expected a resolution delay from 0 to 3600s, "
                 "got 3660s");
    expect_error(
        SCN("\"icmp\": {\"queue\": 0},"), NULL,
        "t.json: $.icmp.queue: expected a whole number of packets from 1 to 100000, got 0");
    expect_error(SCN("\"icmp\": {\"queue\": 2.5},"), NULL,
                 "t.json: $.icmp.queue: expected a whole number of packets from 1 to 100000, got "
                 "2.5");
    expect_error(SCN("\"icmp\": {\"rate\": -1},"), NULL,
                 "t.json: $.icmp.rate: expected errors per second: 0 (no limit) or from 0.001 to "
                 "1000000, got -1");
    expect_error(SCN("\"icmp\": {\"rate\": 0.0001},"), NULL,
                 "t.json: $.icmp.rate: expected errors per second: 0 (no limit) or from 0.001 to "
                 "1000000, got 0.0001");
    expect_error(
        SCN("\"icmp\": {\"burst\": 0},"), NULL,
        "t.json: $.icmp.burst: expected a whole number of errors from 1 to 1000000, got 0");
}

void suite_scn_icmp(void)
{
    ADD_SUITE("scenarios/icmp", TEST(test_icmp_defaults_are_the_rfc_values),
              TEST(test_icmp_keys_land_in_their_fields),
              TEST(test_bad_icmp_values_are_refused_with_the_path));
}
