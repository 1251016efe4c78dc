/* The scenario keys "script", "nodes" and "taps" (docs/check.md): each
 * step lands in cfg.steps with its names and addresses resolved, and every
 * refusal names its JSON path. */
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <string.h>

#define NETS                                                                                       \
    "\"networks\": ["                                                                              \
    "{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": \"HA_A\"},"            \
    "{\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": \"HA_B\"},"            \
    "{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"},"                                        \
    "{\"name\": \"A2\", \"prefix\": \"2001:db8:a2::/64\"},"                                        \
    "{\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"}]"
#define HOSTS                                                                                      \
    "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"                       \
    "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]"
#define SCN(extra) "{\"horizon\": \"10s\", " NETS ", " HOSTS ", " extra "}"

static int load(const char *json, mob_config_t *cfg, sim_err_t *err)
{
    memset(err, 0, sizeof(*err));
    return scn_load_string(json, strlen(json), "t.json", NULL, 0, cfg, err);
}

static void expect_error(const char *json, const char *want)
{
    mob_config_t cfg;
    sim_err_t err;
    CU_ASSERT_EQUAL(load(json, &cfg, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&cfg);
}

static void test_script_steps_land_in_the_config(void)
{
    const char *json = SCN(
        "\"nodes\": [{\"name\": \"M\", \"kind\": \"node\", \"network\": \"A2\", \"iid\": \"::666\"}],"
        "\"taps\": [{\"network\": \"homeA\", \"to\": \"M\"}],"
        "\"script\": ["
        "{\"at\": \"1s\", \"until\": \"2s\", \"drop\": {\"type\": \"BA\", \"from\": \"HA_A\", \"nth\": 2}},"
        "{\"delay\": {\"type\": \"CoT\", \"extra\": \"500ms\"}},"
        "{\"at\": \"3s\", \"inject\": {\"from\": \"M\", \"type\": \"BU\", \"src\": \"M\", \"dst\": \"B@B1\", "
        "\"rh2\": \"B.hoa\", \"hao\": \"A.hoa\", \"seq\": 7, \"lifetime\": \"0s\", \"auth\": \"sniffed\"}},"
        "{\"by\": \"4s\", \"name\": \"bound\", \"expect\": {\"node\": \"B\", \"binding\": {\"hoa\": \"A.hoa\", \"coa\": \"A@A2\", \"seq\": 3}}},"
        "{\"at\": \"5s\", \"expect\": {\"lost\": {\"type\": \"HoTI\", \"why\": \"stale-address\", \"count\": 0}}}"
        "]");
    mob_config_t cfg;
    sim_err_t err;
    CU_ASSERT_EQUAL_FATAL(load(json, &cfg, &err), 0);
    CU_ASSERT_EQUAL_FATAL(cfg.n_steps, 5);
    CU_ASSERT_EQUAL(cfg.n_pnodes, 1);
    CU_ASSERT_EQUAL(cfg.pnodes[0].iid, 0x666u);
    CU_ASSERT_EQUAL(cfg.pnodes[0].net, 3);
    CU_ASSERT_EQUAL(cfg.n_taps, 1);
    CU_ASSERT_EQUAL(cfg.taps[0].net, 0);
    const mob_step_t *s = cfg.steps;
    CU_ASSERT_EQUAL(s[0].kind, MOB_STEP_DROP);
    CU_ASSERT_EQUAL(s[0].at, SIM_S(1));
    CU_ASSERT_EQUAL(s[0].until, SIM_S(2));
    CU_ASSERT_EQUAL(s[0].match.type, 6); /* BA */
    CU_ASSERT_STRING_EQUAL(s[0].match.from, "HA_A");
    CU_ASSERT_EQUAL(s[0].match.nth, 2);
    CU_ASSERT_EQUAL(s[1].kind, MOB_STEP_DELAY);
    CU_ASSERT_EQUAL(s[1].at, 0);
    CU_ASSERT_EQUAL(s[1].until, SIM_S(10)); /* the horizon */
    CU_ASSERT_EQUAL(s[1].delay, SIM_MS(500));
    CU_ASSERT_EQUAL(s[2].kind, MOB_STEP_INJECT);
    CU_ASSERT_EQUAL(s[2].inj.type, 5);
    CU_ASSERT_EQUAL(s[2].inj.src.kind, MOB_AREF_PNODE);
    CU_ASSERT_EQUAL(s[2].inj.dst.kind, MOB_AREF_ON_NET);
    CU_ASSERT_EQUAL(s[2].inj.dst.net, 4);
    CU_ASSERT_EQUAL(s[2].inj.rh2.kind, MOB_AREF_HOA);
    CU_ASSERT_EQUAL(s[2].inj.rh2.host, 1);
    CU_ASSERT_EQUAL(s[2].inj.lifetime, 0);
    CU_ASSERT_EQUAL(s[2].inj.seq, 7);
    CU_ASSERT_EQUAL(s[2].inj.flags, 0x8000); /* the A bit by default */
    CU_ASSERT_EQUAL(s[2].inj.auth, MOB_AUTH_SNIFFED);
    CU_ASSERT_EQUAL(s[3].kind, MOB_STEP_EXPECT);
    CU_ASSERT_TRUE(s[3].has_by);
    CU_ASSERT_EQUAL(s[3].by, SIM_S(4));
    CU_ASSERT_STRING_EQUAL(s[3].name, "bound");
    CU_ASSERT_EQUAL(s[3].exp.kind, MOB_EXP_BINDING);
    CU_ASSERT_TRUE(s[3].exp.present);
    CU_ASSERT_EQUAL(s[3].exp.seq, 3);
    CU_ASSERT_EQUAL(s[3].exp.coa.kind, MOB_AREF_ON_NET);
    CU_ASSERT_STRING_EQUAL(s[3].path, "$.script[3]");
    CU_ASSERT_EQUAL(s[4].exp.kind, MOB_EXP_LOST);
    CU_ASSERT_EQUAL(s[4].exp.count, 0);
    CU_ASSERT_STRING_EQUAL(s[4].exp.match.why, "stale-address");
    /* a copy keeps the steps (sweeps and the world copy configs) */
    mob_config_t copy;
    CU_ASSERT_EQUAL(mob_config_copy(&copy, &cfg), 0);
    CU_ASSERT_EQUAL(copy.n_steps, 5);
    CU_ASSERT_PTR_NOT_EQUAL(copy.steps, cfg.steps);
    CU_ASSERT_EQUAL(copy.steps[2].inj.seq, 7);
    CU_ASSERT_EQUAL(copy.n_taps, 1);
    mob_config_free(&copy);
    mob_config_free(&cfg);
}

static void test_script_refusals_name_the_path(void)
{
    expect_error(SCN("\"script\": {}"),
                 "t.json: $.script: expected an array of at most 10000 steps, got an object");
    expect_error(SCN("\"script\": [{\"at\": \"1s\"}]"),
                 "t.json: $.script[0]: expected one action: \"drop\", \"delay\", \"duplicate\", "
                 "\"inject\" or \"expect\"");
    expect_error(SCN("\"script\": [{\"at\": \"11s\", \"drop\": {}}]"),
                 "t.json: $.script[0].at: expected a time up to the horizon (10s), got 11s");
    expect_error(SCN("\"script\": [{\"expect\": {\"route_optimized\": [\"A\", \"B\"]}}]"),
                 "t.json: $.script[0]: expected a key \"at\" (when the step happens, such as "
                 "\"2s\")");
    expect_error(SCN("\"script\": [{\"at\": \"2s\", \"by\": \"1s\", \"expect\": "
                     "{\"route_optimized\": [\"A\", \"B\"]}}]"),
                 "t.json: $.script[0].by: expected a time not before \"at\"");
    expect_error(
        SCN("\"script\": [{\"at\": \"1s\", \"drop\": {\"type\": \"BU\", \"from\": \"Q\"}}]"),
        "t.json: $.script[0].drop.from: expected the name of a host, a home agent "
        "(\"HA_A\"), an access router (\"AR_B1\") or a node of \"nodes\", got \"Q\"");
    expect_error(SCN("\"script\": [{\"at\": \"1s\", \"expect\": {\"node\": \"HA_A\", "
                     "\"binding\": {\"hoa\": \"A.hoa\"}}}]"),
                 "t.json: $.script[0].expect.node: expected the name of a host, got \"HA_A\"");
    expect_error(SCN("\"script\": [{\"at\": \"1s\", \"expect\": {\"node\": \"B\", "
                     "\"binding\": {\"coa\": \"A@A2\"}}}]"),
                 "t.json: $.script[0].expect.binding: expected a key \"hoa\" (the home address "
                 "the entry is for)");
    expect_error(SCN("\"script\": [{\"at\": \"1s\", \"expect\": {\"node\": \"B\", "
                     "\"binding\": {\"hoa\": \"A@nowhere\"}}}]"),
                 "t.json: $.script[0].expect.binding.hoa: expected an address: \"A.hoa\", "
                 "\"A.coa\" (host A's current care-of address), \"A@B2\" (A's address on network "
                 "B2), a router's name (\"HA_A\", \"AR_B1\") or an IPv6 address, got "
                 "\"A@nowhere\"");
    expect_error(
        SCN("\"script\": [{\"at\": \"1s\", \"inject\": {\"from\": \"A\", \"type\": \"BU\", "
            "\"src\": \"A.coa\", \"dst\": \"B.hoa\", \"auth\": \"maybe\"}}]"),
        "t.json: $.script[0].inject.auth: expected one of \"none\", \"wrong\" or \"sniffed\", "
        "got \"maybe\"");
    expect_error(SCN("\"script\": [{\"at\": \"1s\", \"inject\": {\"from\": \"A\", \"hex\": \"60\", "
                     "\"seq\": 1}}]"),
                 "t.json: $.script[0].inject.seq: expected only \"from\" beside \"hex\" (raw "
                 "bytes)");
    expect_error(SCN("\"nodes\": [{\"name\": \"A\", \"network\": \"A2\"}]"),
                 "t.json: $.nodes[0].name: expected a name no host, network, router or other "
                 "node has, got \"A\"");
    expect_error(SCN("\"nodes\": [{\"name\": \"M\", \"network\": \"A2\", \"iid\": \"::100\"}]"),
                 "t.json: $.nodes[0].iid: expected an interface identifier other than host A's "
                 "(0x100)");
    expect_error(SCN("\"taps\": [{\"network\": \"A2\", \"to\": \"A\"}]"),
                 "t.json: $.taps[0].to: expected the name of a node of \"nodes\" (the "
                 "eavesdropper), got \"A\"");
}

static void test_scenario_without_script_has_no_steps(void)
{
    mob_config_t cfg;
    sim_err_t err;
    CU_ASSERT_EQUAL_FATAL(load(SCN("\"seed\": 1"), &cfg, &err), 0);
    CU_ASSERT_EQUAL(cfg.n_steps, 0);
    CU_ASSERT_PTR_NULL(cfg.steps);
    CU_ASSERT_EQUAL(cfg.n_pnodes, 0);
    CU_ASSERT_EQUAL(cfg.n_taps, 0);
    mob_config_free(&cfg);
}

void suite_scn_script(void)
{
    ADD_SUITE("scn_script", TEST(test_script_steps_land_in_the_config),
              TEST(test_script_refusals_name_the_path),
              TEST(test_scenario_without_script_has_no_steps));
}
