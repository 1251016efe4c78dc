/* The scenario loader: every key lands in its field, defaults fill the
 * rest, each kind of bad input gets its one precise line, --set overrides. */
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <string.h>

#define DATA "tests/scenarios/data/"

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
#define MOVES                                                                                      \
    "\"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": \"A2\"},"                               \
    "{\"host\": \"B\", \"at\": \"1.03s\", \"to\": \"B2\"}]"
/* A valid scenario with extra keys spliced in front. */
#define SCN(extra) "{" extra NETS ", " HOSTS ", " MOVES "}"

static int load(const char *json, const char *const *sets, size_t n_sets, mob_config_t *cfg,
                sim_err_t *err)
{
    memset(err, 0, sizeof(*err));
    return scn_load_string(json, strlen(json), "t.json", sets, n_sets, cfg, err);
}

static void expect_ok(const char *json, const char *const *sets, size_t n_sets,
                      mob_config_t *cfg)
{
    sim_err_t err;
    int rc = load(json, sets, n_sets, cfg, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc)
        fprintf(stderr, "\nunexpected error: %s\n", err.msg);
}

/* The whole message, exactly: users grep for it and editors parse it. */
static void expect_error(const char *json, const char *const *sets, size_t n_sets,
                         const char *want)
{
    mob_config_t cfg;
    sim_err_t err;
    int rc = load(json, sets, n_sets, &cfg, &err);
    CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
    CU_ASSERT_EQUAL(err.code, SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
}

/* The message contains `part` (for long lists of alternatives). */
static void expect_error_part(const char *json, const char *const *sets, size_t n_sets,
                              const char *part)
{
    mob_config_t cfg;
    sim_err_t err;
    int rc = load(json, sets, n_sets, &cfg, &err);
    CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, part));
    if (!strstr(err.msg, part))
        fprintf(stderr, "\n  want part: %s\n  got:       %s\n", part, err.msg);
}

#define SETS(...) ((const char *const[]){__VA_ARGS__}), \
    (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* ------------------------------------------------------------------------ */

static void test_every_key_of_full_json_lands_in_its_field(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    int rc = scn_load_file(DATA "full.json", NULL, 0, &c, &err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_STRING_EQUAL(c.name, "full");
    CU_ASSERT_STRING_EQUAL(c.description, "every key of SCENARIOS.md, none at its default");
    CU_ASSERT_EQUAL(c.seed, 42);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(30));
    CU_ASSERT_EQUAL(c.scheme, MOB_SCHEME_FORWARDING);
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(120));
    CU_ASSERT_EQUAL(c.T_h, SIM_MS(450));
    CU_ASSERT_EQUAL(c.T_p, SIM_MS(250));
    CU_ASSERT_EQUAL(c.fwd_lifetime, SIM_S(5));
    CU_ASSERT_EQUAL(c.fwd_buffer, SIM_MS(30));
    CU_ASSERT_TRUE(c.rr_expedited);
    CU_ASSERT_EQUAL(c.bu_lifetime, SIM_S(60));
    CU_ASSERT_TRUE(c.icmp_unreachable);

    CU_ASSERT_EQUAL_FATAL(c.n_nets, 6);
    CU_ASSERT_STRING_EQUAL(c.nets[0].name, "homeA");
    CU_ASSERT_TRUE(c.nets[0].is_home);
    CU_ASSERT_STRING_EQUAL(c.nets[0].home_agent, "HA_A");
    CU_ASSERT_TRUE(c.nets[0].deploy);
    CU_ASSERT_FALSE(c.nets[0].has_access);
    net_addr_t want;
    CU_ASSERT_EQUAL(net_addr_parse("2001:db8:a::", &want), 0);
    CU_ASSERT_TRUE(net_addr_eq(&c.nets[0].prefix, &want));
    CU_ASSERT_FALSE(c.nets[1].deploy); /* "HA_B": false */
    CU_ASSERT_TRUE(c.nets[1].has_access);
    CU_ASSERT_EQUAL(c.nets[1].access.kind, MOB_DIST_CONST);
    CU_ASSERT_EQUAL(c.nets[1].access.a, SIM_MS(2));
    CU_ASSERT_FALSE(c.nets[2].is_home);
    CU_ASSERT_STRING_EQUAL(c.nets[2].home_agent, "");
    CU_ASSERT_TRUE(c.nets[2].deploy);  /* A1 not in deploy: deployed */
    CU_ASSERT_FALSE(c.nets[3].deploy); /* "A2": false */
    CU_ASSERT_EQUAL(c.nets[3].access.kind, MOB_DIST_UNIFORM);
    CU_ASSERT_EQUAL(c.nets[3].access.a, SIM_MS(5));
    CU_ASSERT_EQUAL(c.nets[3].access.b, SIM_MS(15));
    CU_ASSERT_EQUAL(net_addr_parse("2001:db8:b2::", &want), 0);
    CU_ASSERT_TRUE(net_addr_eq(&c.nets[5].prefix, &want));

    CU_ASSERT_EQUAL(c.access_default.kind, MOB_DIST_EXP);
    CU_ASSERT_EQUAL(c.access_default.a, SIM_MS(4));
    CU_ASSERT_EQUAL(c.core_default.kind, MOB_DIST_NORMAL);
    CU_ASSERT_EQUAL(c.core_default.a, SIM_MS(20));
    CU_ASSERT_EQUAL(c.core_default.b, SIM_MS(2));
    CU_ASSERT_EQUAL_FATAL(c.n_pairs, 2);
    CU_ASSERT_EQUAL(c.pairs[0].a, 0);
    CU_ASSERT_EQUAL(c.pairs[0].b, 1);
    CU_ASSERT_EQUAL(c.pairs[0].delay.a, SIM_MS(40));
    CU_ASSERT_EQUAL(c.pairs[1].a, 2);
    CU_ASSERT_EQUAL(c.pairs[1].b, 4);
    CU_ASSERT_EQUAL(c.pairs[1].delay.kind, MOB_DIST_LOGNORMAL);
    CU_ASSERT_EQUAL(c.pairs[1].delay.a, SIM_MS(10));
    CU_ASSERT_DOUBLE_EQUAL(c.pairs[1].delay.sigma, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.loss, 0.01, 1e-12);

    CU_ASSERT_EQUAL_FATAL(c.n_hosts, 2);
    CU_ASSERT_STRING_EQUAL(c.hosts[0].name, "A");
    CU_ASSERT_EQUAL(c.hosts[0].home, 0);
    CU_ASSERT_EQUAL(c.hosts[0].start, 2);
    CU_ASSERT_EQUAL(c.hosts[0].iid, 0x100);
    CU_ASSERT_EQUAL(c.hosts[1].home, 1);
    CU_ASSERT_EQUAL(c.hosts[1].start, 4);
    CU_ASSERT_EQUAL(c.hosts[1].iid, 0x20000); /* "::2:0" */

    CU_ASSERT_EQUAL(c.l2.a, SIM_MS(40));
    CU_ASSERT_EQUAL(c.movement_detection.a, SIM_MS(60)); /* 0.06 seconds */
    CU_ASSERT_EQUAL(c.dad.a, SIM_MS(1));

    CU_ASSERT_EQUAL_FATAL(c.n_moves, 3);
    CU_ASSERT_EQUAL(c.moves[0].host, 0);
    CU_ASSERT_EQUAL(c.moves[0].at, SIM_S(1));
    CU_ASSERT_EQUAL(c.moves[0].to, 3);
    CU_ASSERT_EQUAL(c.moves[1].host, 1);
    CU_ASSERT_EQUAL(c.moves[1].at, SIM_MS(1030));
    CU_ASSERT_EQUAL(c.moves[1].to, 5);
    CU_ASSERT_EQUAL(c.moves[2].at, SIM_MS(2500));
    CU_ASSERT_EQUAL(c.moves[2].to, 2);
    CU_ASSERT_FALSE(c.mobility[0].enabled);
    CU_ASSERT_FALSE(c.mobility[1].enabled);

    CU_ASSERT_DOUBLE_EQUAL(c.traffic_rate, 20, 1e-12);
    CU_ASSERT_EQUAL(c.traffic_size, 200);
    CU_ASSERT_TRUE(c.initial_cold);
    CU_ASSERT_EQUAL(c.mh_routing, MOB_MH_RFC6275);
    CU_ASSERT_FALSE(c.cn_bu_after_home_ba);
    CU_ASSERT_TRUE(c.rr_after_home_ba);
    CU_ASSERT_FALSE(c.cn_bu_ack);
    CU_ASSERT_EQUAL(c.ha_dad, SIM_MS(500));
}

static void test_missing_keys_take_the_defaults_of_scenarios_md(void)
{
    mob_config_t c, d;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file(DATA "minimal.json", NULL, 0, &c, &err), 0);
    mob_config_defaults(&d);
    CU_ASSERT_STRING_EQUAL(c.name, "minimal"); /* the file's basename */
    CU_ASSERT_STRING_EQUAL(c.description, "");
    CU_ASSERT_EQUAL(c.seed, d.seed);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(60));
    CU_ASSERT_EQUAL(c.scheme, MOB_SCHEME_BASELINE);
    CU_ASSERT_EQUAL(c.T_b, d.T_b);
    CU_ASSERT_EQUAL(c.T_h, d.T_h);
    CU_ASSERT_EQUAL(c.T_p, d.T_p);
    CU_ASSERT_EQUAL(c.fwd_lifetime, d.fwd_lifetime);
    CU_ASSERT_EQUAL(c.fwd_buffer, d.fwd_buffer);
    CU_ASSERT_FALSE(c.rr_expedited);
    CU_ASSERT_EQUAL(c.bu_lifetime, d.bu_lifetime);
    CU_ASSERT_FALSE(c.icmp_unreachable);
    CU_ASSERT_EQUAL(memcmp(&c.access_default, &d.access_default, sizeof(mob_delay_t)), 0);
    CU_ASSERT_EQUAL(memcmp(&c.core_default, &d.core_default, sizeof(mob_delay_t)), 0);
    CU_ASSERT_EQUAL(c.n_pairs, 0);
    CU_ASSERT_EQUAL(c.loss, 0.0);
    CU_ASSERT_EQUAL(memcmp(&c.l2, &d.l2, sizeof(mob_delay_t)), 0);
    CU_ASSERT_EQUAL(memcmp(&c.movement_detection, &d.movement_detection, sizeof(mob_delay_t)), 0);
    CU_ASSERT_EQUAL(memcmp(&c.dad, &d.dad, sizeof(mob_delay_t)), 0);
    CU_ASSERT_EQUAL(c.traffic_rate, d.traffic_rate);
    CU_ASSERT_EQUAL(c.traffic_size, d.traffic_size);
    CU_ASSERT_FALSE(c.initial_cold);
    CU_ASSERT_EQUAL(c.mh_routing, MOB_MH_BINDING_CACHE);
    CU_ASSERT_TRUE(c.cn_bu_after_home_ba);
    CU_ASSERT_FALSE(c.rr_after_home_ba);
    CU_ASSERT_TRUE(c.cn_bu_ack);
    CU_ASSERT_EQUAL(c.ha_dad, SIM_S(1));
    for (int i = 0; i < c.n_nets; i++) {
        CU_ASSERT_TRUE(c.nets[i].deploy); /* missing deploy means yes */
        CU_ASSERT_FALSE(c.nets[i].has_access);
    }
    CU_ASSERT_EQUAL(c.hosts[0].iid, 0x100); /* 0x100 * (index + 1) */
    CU_ASSERT_EQUAL(c.hosts[1].iid, 0x200);
}

static void test_mobility_gives_a_poisson_process_per_host(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file(DATA "mobility.json", NULL, 0, &c, &err), 0);
    CU_ASSERT_TRUE(c.mobility[0].enabled);
    CU_ASSERT_DOUBLE_EQUAL(c.mobility[0].rate, 0.1, 1e-12);
    CU_ASSERT_EQUAL_FATAL(c.mobility[0].n_nets, 3);
    CU_ASSERT_EQUAL(c.mobility[0].nets[0], 2);
    CU_ASSERT_EQUAL(c.mobility[0].nets[1], 3);
    CU_ASSERT_EQUAL(c.mobility[0].nets[2], 4);
    CU_ASSERT_FALSE(c.mobility[1].enabled); /* B follows its scripted move */
    CU_ASSERT_EQUAL(c.n_moves, 1);
}

static void test_times_take_units_or_plain_seconds(void)
{
    mob_config_t c;
    expect_ok(SCN("\"horizon\": 90, \"ha_dad\": \"250us\", \"params\": {\"T_b\": 0.12, "
                  "\"T_h\": \"1min\", \"T_p\": \"0.5\", \"fwd_buffer\": \"1500000ns\"},"),
              NULL, 0, &c);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(90));
    CU_ASSERT_EQUAL(c.ha_dad, SIM_US(250));
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(120));
    CU_ASSERT_EQUAL(c.T_h, SIM_S(60));
    CU_ASSERT_EQUAL(c.T_p, SIM_MS(500));
    CU_ASSERT_EQUAL(c.fwd_buffer, SIM_US(1500));
}

static void test_delays_may_be_any_of_the_four_distributions(void)
{
    mob_config_t c;
    expect_ok(SCN("\"handoff\": {\"l2\": {\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": "
                  "\"15ms\"}, \"movement_detection\": {\"dist\": \"exponential\", \"mean\": "
                  "\"10ms\"}, \"dad\": {\"dist\": \"normal\", \"mean\": \"10ms\", \"sd\": "
                  "\"2ms\"}}, \"delay\": {\"access\": {\"dist\": \"lognormal\", \"median\": "
                  "\"10ms\", \"sigma\": 0.25}},"),
              NULL, 0, &c);
    CU_ASSERT_EQUAL(c.l2.kind, MOB_DIST_UNIFORM);
    CU_ASSERT_EQUAL(c.l2.a, SIM_MS(5));
    CU_ASSERT_EQUAL(c.l2.b, SIM_MS(15));
    CU_ASSERT_EQUAL(c.movement_detection.kind, MOB_DIST_EXP);
    CU_ASSERT_EQUAL(c.movement_detection.a, SIM_MS(10));
    CU_ASSERT_EQUAL(c.dad.kind, MOB_DIST_NORMAL);
    CU_ASSERT_EQUAL(c.dad.a, SIM_MS(10));
    CU_ASSERT_EQUAL(c.dad.b, SIM_MS(2));
    CU_ASSERT_EQUAL(c.access_default.kind, MOB_DIST_LOGNORMAL);
    CU_ASSERT_EQUAL(c.access_default.a, SIM_MS(10));
    CU_ASSERT_DOUBLE_EQUAL(c.access_default.sigma, 0.25, 1e-12);
    CU_ASSERT_STRING_EQUAL(scn_dist_name(MOB_DIST_LOGNORMAL), "lognormal");
}

static void test_comment_keys_and_a_byte_order_mark_are_ignored(void)
{
    mob_config_t c;
    expect_ok("\xef\xbb\xbf" SCN("\"_comment\": \"why\", \"params\": {\"_note\": 1},"), NULL, 0,
              &c);
}

static void test_large_seed_may_be_a_string_of_digits(void)
{
    mob_config_t c;
    expect_ok(SCN("\"seed\": \"18446744073709551615\","), NULL, 0, &c);
    CU_ASSERT_EQUAL(c.seed, UINT64_MAX);
    expect_ok(SCN("\"seed\": 9007199254740992,"), NULL, 0, &c);
    CU_ASSERT_EQUAL(c.seed, UINT64_C(9007199254740992));
}

/* ------------------------------------------------------------------------ */
/* Bad input: one line, FILE: $.path: expected ...                            */

static void test_syntax_errors_name_line_and_column(void)
{
    expect_error("{\n  \"loss\": 0,\n}\n", NULL, 0,
                 "t.json: line 2, column 12: invalid JSON: trailing comma before \"}\"");
    expect_error("{\n  \"loss\": 0\n", NULL, 0,
                 "t.json: line 3, column 1: invalid JSON: unexpected end of file (a \"}\" or "
                 "\"]\" is missing?)");
    expect_error("{\n  // a comment\n}", NULL, 0,
                 "t.json: line 2, column 3: invalid JSON: comments are not JSON (use a key "
                 "starting with \"_\", such as \"_comment\")");
    expect_error("{\"scheme\": 'baseline'}", NULL, 0,
                 "t.json: line 1, column 12: invalid JSON: strings take double quotes, not "
                 "single quotes");
    expect_error("{\"loss\": 0} {}", NULL, 0,
                 "t.json: line 1, column 13: invalid JSON: unexpected text at \"{}\"");
    expect_error("", NULL, 0,
                 "t.json: line 1, column 1: invalid JSON: unexpected end of file (a \"}\" or "
                 "\"]\" is missing?)");
    /* cJSON would cut "a\u0000b" to "a": refused, not truncated */
    expect_error("{\n  \"name\": \"a\\u0000b\"}", NULL, 0,
                 "t.json: line 2, column 13: invalid JSON: \\u0000 (a NUL character) is not "
                 "allowed in strings");
    expect_error(SCN(""), SETS("name=\"a\\u0000b\""),
                 "t.json: --set name=\"a\\u0000b\": expected a value without \\u0000 (a NUL "
                 "character)");
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL(scn_load_string("{\"a\":\0}", 7, "t.json", NULL, 0, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg,
                           "t.json: line 1, column 6: invalid JSON: a NUL byte (is this a text "
                           "file?)");
}

static void test_duplicate_keys_are_refused_not_silently_shadowed(void)
{
    expect_error(SCN("\"loss\": 0.1, \"loss\": 0.2,"), NULL, 0,
                 "t.json: $.loss: expected each key once in an object, but this key appears "
                 "again");
    expect_error("{\"hosts\": [{\"name\": \"A\", \"name\": \"B\"}]}", NULL, 0,
                 "t.json: $.hosts[0].name: expected each key once in an object, but this key "
                 "appears again");
}

static void test_unknown_keys_are_refused_with_a_suggestion(void)
{
    expect_error(SCN("\"params\": {\"T_bb\": \"1s\"},"), NULL, 0,
                 "t.json: $.params.T_bb: unknown key (did you mean \"T_b\"?); expected one of "
                 "\"T_b\", \"T_h\", \"T_p\", \"fwd_lifetime\" or \"fwd_buffer\" (keys starting "
                 "with \"_\" are comments)");
    expect_error_part(SCN("\"sheme\": \"baseline\","), NULL, 0,
                      "t.json: $.sheme: unknown key (did you mean \"scheme\"?); expected one of "
                      "\"name\", ");
    expect_error_part(SCN("\"deploy\": {\"HA_C\": true},"), NULL, 0,
                      "t.json: $.deploy.HA_C: unknown key (did you mean \"HA_A\"?); expected one "
                      "of \"HA_A\", \"HA_B\", \"A1\", \"A2\", \"B1\" or \"B2\"");
    expect_error_part(SCN("\"odd key\": 1,"), NULL, 0, "t.json: $[\"odd key\"]: unknown key");
}

static void test_wrong_types_say_what_was_expected_and_what_was_given(void)
{
    expect_error(SCN("\"loss\": \"a lot\","), NULL, 0,
                 "t.json: $.loss: expected a loss probability from 0 to 1, got \"a lot\"");
    expect_error(SCN("\"icmp_unreachable\": \"yes\","), NULL, 0,
                 "t.json: $.icmp_unreachable: expected true or false, got \"yes\"");
    expect_error(SCN("\"scheme\": \"hoa\","), NULL, 0,
                 "t.json: $.scheme: expected one of \"baseline\", \"forwarding\", \"proxies\" or "
                 "\"hoa-signaling\", got \"hoa\"");
    expect_error(SCN("\"rr\": 1,"), NULL, 0,
                 "t.json: $.rr: expected one of \"standard\" or \"expedited\", got 1");
    expect_error(SCN("\"params\": [],"), NULL, 0,
                 "t.json: $.params: expected an object such as {\"T_b\": \"300ms\"}, got an "
                 "array");
    expect_error("[1, 2]", NULL, 0,
                 "t.json: $: expected a scenario object such as {\"networks\": [...], \"hosts\": "
                 "[...]}, got an array");
    expect_error(SCN("\"seed\": 1.5,"), NULL, 0,
                 "t.json: $.seed: expected a whole number from 0 to 2^53 (or a string of digits "
                 "up to 18446744073709551615), got 1.5");
}

static void test_bad_durations_name_the_path_and_the_expected_form(void)
{
    const char *want_at = "t.json: $.moves[1].at: expected a time such as \"120ms\" (units ns, "
                          "us, ms, s, min) or a number of seconds, got \"1.2 seconds\"";
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": "
                 "\"A2\"}, {\"host\": \"B\", \"at\": \"1.2 seconds\", \"to\": \"B2\"}]}",
                 NULL, 0, want_at);
    expect_error(SCN("\"params\": {\"T_b\": \"-5ms\"},"), NULL, 0,
                 "t.json: $.params.T_b: expected a time such as \"120ms\" (units ns, us, ms, s, "
                 "min) or a number of seconds, got \"-5ms\" (a time cannot be negative)");
    expect_error(SCN("\"ha_dad\": true,"), NULL, 0,
                 "t.json: $.ha_dad: expected a time such as \"120ms\" (units ns, us, ms, s, min) "
                 "or a number of seconds, got true");
    expect_error(SCN("\"horizon\": \"0s\","), NULL, 0,
                 "t.json: $.horizon: expected a horizon above 0 and at most 86400s (one day), "
                 "got 0s");
    expect_error(SCN("\"bu_lifetime\": \"10s\","), NULL, 0,
                 "t.json: $.bu_lifetime: expected a multiple of 4s from 4s to 262140s (a BU "
                 "carries its lifetime in 4-second units), got 10s");
    expect_error(SCN("\"handoff\": {\"l2\": {\"dist\": \"uniform\", \"min\": \"5ms\"}},"), NULL,
                 0, "t.json: $.handoff.l2: expected a key \"max\" for this distribution");
    expect_error(SCN("\"handoff\": {\"l2\": {\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": "
                     "\"1ms\"}},"),
                 NULL, 0, "t.json: $.handoff.l2.max: expected a maximum not below the minimum");
    expect_error(SCN("\"handoff\": {\"l2\": {\"dist\": \"gamma\", \"k\": 1}},"), NULL, 0,
                 "t.json: $.handoff.l2.dist: expected one of \"constant\", \"uniform\", "
                 "\"exponential\", \"lognormal\" or \"normal\", got \"gamma\"");
    expect_error(SCN("\"handoff\": {\"l2\": {\"min\": \"5ms\"}},"), NULL, 0,
                 "t.json: $.handoff.l2: expected a delay: a time such as \"5ms\", or a "
                 "distribution such as {\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": "
                 "\"15ms\"}, got an object without \"dist\"");
}

static void test_unknown_and_duplicate_names_are_refused(void)
{
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"A9\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[0].start: expected the name of a network in $.networks "
                 "(\"homeA\", \"homeB\", \"A1\", \"A2\", \"B1\" or \"B2\"), got \"A9\" (did you "
                 "mean \"A1\"?)");
    expect_error("{\"networks\": [{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", "
                 "\"home_agent\": \"HA_A\"}, {\"name\": \"homeA\", \"prefix\": "
                 "\"2001:db8:b::/64\"}], " HOSTS "}",
                 NULL, 0,
                 "t.json: $.networks[1].name: expected a name not used before, but "
                 "$.networks[0] is also \"homeA\"");
    expect_error("{\"networks\": [{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", "
                 "\"home_agent\": \"HA_A\"}, {\"name\": \"A1\", \"prefix\": "
                 "\"2001:db8:a:0::/64\"}], " HOSTS "}",
                 NULL, 0,
                 "t.json: $.networks[1].prefix: expected a prefix of its own, but $.networks[0] "
                 "(homeA) has it too");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"A1\"}, {\"name\": \"A\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[1].name: expected a name not used before, but $.hosts[0] is "
                 "also \"A\"");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"HA_A\", \"home\": \"homeA\", \"start\": "
                 "\"A1\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[0].name: expected a name distinct from the home agent of "
                 "$.networks[0]");
    expect_error(SCN("\"delay\": {\"core\": {\"pairs\": [{\"between\": [\"A1\", \"homeC\"], "
                     "\"delay\": \"1ms\"}]}},"),
                 NULL, 0,
                 "t.json: $.delay.core.pairs[0].between[1]: expected the name of a network in "
                 "$.networks (\"homeA\", \"homeB\", \"A1\", \"A2\", \"B1\" or \"B2\"), got "
                 "\"homeC\" (did you mean \"homeA\"?)");
    expect_error(SCN("\"delay\": {\"core\": {\"pairs\": [{\"between\": [\"A1\", \"B1\"], "
                     "\"delay\": \"1ms\"}, {\"between\": [\"B1\", \"A1\"], \"delay\": "
                     "\"2ms\"}]}},"),
                 NULL, 0,
                 "t.json: $.delay.core.pairs[1].between: expected each pair of networks once, "
                 "but $.delay.core.pairs[0] is the same pair");
}

static void test_hosts_must_be_two_with_a_home_agent_at_home(void)
{
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"A1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts: expected exactly 2 hosts (the paper's two mobile hosts), "
                 "got 1");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"A2\", \"start\": "
                 "\"A1\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[0].home: expected a home network (one with a "
                 "\"home_agent\"), but \"A2\" has no home agent");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\"}, {\"name\": "
                 "\"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[0]: expected a key \"start\" (the network where it is at time "
                 "0)");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"homeA\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[0].start: expected a foreign network (a host at home is not "
                 "modelled), but \"homeA\" is a home network");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"A1\"}, {\"name\": \"B\", \"home\": \"homeA\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[1].home: expected a home network of its own, but host A's home "
                 "is \"homeA\" too");
    expect_error("{\"networks\": [{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"}], " HOSTS
                 "}",
                 NULL, 0,
                 "t.json: $.networks: expected at least one home network (a network with a "
                 "\"home_agent\")");
    expect_error("{" NETS "}", NULL, 0, "t.json: $: expected a key \"hosts\" (the two mobile hosts)");
    expect_error(SCN("\"hosts\": 1,"), NULL, 0,
                 "t.json: $.hosts: expected each key once in an object, but this key appears "
                 "again");
}

static void test_impossible_moves_are_refused(void)
{
    /* to the network it is already on */
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": "
                 "\"A1\"}]}",
                 NULL, 0,
                 "t.json: $.moves[0].to: expected a network other than \"A1\", where host A "
                 "starts");
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": "
                 "\"A2\"}, {\"host\": \"A\", \"at\": \"2s\", \"to\": \"A2\"}]}",
                 NULL, 0,
                 "t.json: $.moves[1].to: expected a network other than \"A2\", where host A "
                 "already is after $.moves[0]");
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": "
                 "\"homeA\"}]}",
                 NULL, 0,
                 "t.json: $.moves[0].to: expected a foreign network (returning home is not "
                 "modelled), but \"homeA\" is a home network");
    /* unknown host */
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"C\", \"at\": \"1s\", \"to\": "
                 "\"A2\"}]}",
                 NULL, 0,
                 "t.json: $.moves[0].host: expected the name of a host in $.hosts (\"A\" or "
                 "\"B\"), got \"C\"");
    /* past the horizon */
    expect_error("{\"horizon\": \"10s\", " NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", "
                 "\"at\": \"10s\", \"to\": \"A2\"}]}",
                 NULL, 0,
                 "t.json: $.moves[0].at: expected a time before the horizon (10s), got 10s");
    /* one host's moves out of time order (other hosts may interleave) */
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"2s\", \"to\": "
                 "\"A2\"}, {\"host\": \"B\", \"at\": \"1s\", \"to\": \"B2\"}, {\"host\": \"A\", "
                 "\"at\": \"1.5s\", \"to\": \"A1\"}]}",
                 NULL, 0,
                 "t.json: $.moves[2].at: expected a time after 2s, when host A moves in "
                 "$.moves[0] (list each host's moves in time order), got 1.5s");
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\"}]}", NULL,
                 0, "t.json: $.moves[0]: expected a key \"to\" (the network it moves to)");
}

static void test_out_of_range_numbers_are_refused(void)
{
    expect_error(SCN("\"loss\": 1.5,"), NULL, 0,
                 "t.json: $.loss: expected a loss probability from 0 to 1, got 1.5");
    expect_error(SCN("\"loss\": -0.1,"), NULL, 0,
                 "t.json: $.loss: expected a loss probability from 0 to 1, got -0.1");
    expect_error(SCN("\"traffic\": {\"rate\": -1},"), NULL, 0,
                 "t.json: $.traffic.rate: expected a rate in packets per second each way, from 0 "
                 "(no data) to 10000, got -1");
    expect_error(SCN("\"traffic\": {\"size\": 9000},"), NULL, 0,
                 "t.json: $.traffic.size: expected a UDP payload size in bytes from 0 to 1400, "
                 "got 9000");
    expect_error(SCN("\"traffic\": {\"size\": 100.5},"), NULL, 0,
                 "t.json: $.traffic.size: expected a whole number of bytes from 0 to 1400, got "
                 "100.5");
    expect_error(SCN("\"loss\": 1e999,"), NULL, 0,
                 "t.json: $.loss: expected a loss probability from 0 to 1, got inf");
}

static void test_prefixes_must_be_slash_64(void)
{
    expect_error("{\"networks\": [{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/48\", "
                 "\"home_agent\": \"HA_A\"}], " HOSTS "}",
                 NULL, 0,
                 "t.json: $.networks[0].prefix: expected a /64 prefix (mobsim's networks are "
                 "/64s), got \"2001:db8:a::/48\"");
    expect_error("{\"networks\": [{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::1/64\", "
                 "\"home_agent\": \"HA_A\"}], " HOSTS "}",
                 NULL, 0,
                 "t.json: $.networks[0].prefix: expected a /64 prefix whose last 64 bits are "
                 "zero, such as \"2001:db8:a::/64\", got \"2001:db8:a::1/64\"");
    expect_error("{\"networks\": [{\"name\": \"homeA\", \"prefix\": \"10.0.0.0/8\", "
                 "\"home_agent\": \"HA_A\"}], " HOSTS "}",
                 NULL, 0,
                 "t.json: $.networks[0].prefix: expected an IPv6 /64 prefix such as "
                 "\"2001:db8:a::/64\", got \"10.0.0.0/8\"");
}

static void test_mobility_and_moves_cannot_both_drive_one_host(void)
{
    expect_error(SCN("\"mobility\": {\"A\": {\"process\": \"poisson\", \"rate\": 0.1, "
                     "\"networks\": [\"A1\", \"A2\"]}},"),
                 NULL, 0,
                 "t.json: $.mobility.A: expected either scripted moves or a mobility process for "
                 "host A, but $.moves[0] moves it too");
    expect_error("{" NETS ", " HOSTS ", \"mobility\": {\"process\": \"poisson\", \"rate\": 0.1, "
                 "\"networks\": [\"A1\", \"A2\"]}}",
                 NULL, 0,
                 "t.json: $.mobility.process: expected a host name with its process: "
                 "\"mobility\" is given per host, such as {\"A\": {\"process\": \"poisson\", "
                 "...}}");
    expect_error("{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
                 "\"rate\": -0.1, \"networks\": [\"A1\", \"A2\"]}}}",
                 NULL, 0,
                 "t.json: $.mobility.A.rate: expected a rate in handoffs per second above 0 and "
                 "at most 100, got -0.1");
    expect_error("{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
                 "\"rate\": 0.1, \"networks\": [\"A1\", \"homeA\"]}}}",
                 NULL, 0,
                 "t.json: $.mobility.A.networks[1]: expected a foreign network (returning home is "
                 "not modelled), but \"homeA\" is a home network");
    expect_error("{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
                 "\"rate\": 0.1, \"networks\": [\"A1\"]}}}",
                 NULL, 0,
                 "t.json: $.mobility.A.networks: expected an array of 2 to 32 network names to "
                 "move between, got 1 networks");
}

static void test_sweep_files_are_told_apart_from_scenarios(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(scn_load_file(DATA "sweep.json", NULL, 0, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, DATA "sweep.json: this is a sweep file (it has \"base\" or "
                                         "\"vary\"), expected a scenario; run it with "
                                         "`mobsim sweep`");
    cJSON *root;
    CU_ASSERT_EQUAL_FATAL(scn_parse_file(DATA "sweep.json", &root, &err), 0);
    CU_ASSERT_EQUAL(scn_kind(root), SCN_KIND_SWEEP);
    cJSON_Delete(root);
    CU_ASSERT_EQUAL_FATAL(scn_parse_file(DATA "minimal.json", &root, &err), 0);
    CU_ASSERT_EQUAL(scn_kind(root), SCN_KIND_SCENARIO);
    cJSON_Delete(root);
}

static void test_missing_file_is_an_io_error_naming_it(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(scn_load_file(DATA "no-such.json", NULL, 0, &c, &err), -SIM_EIO);
    CU_ASSERT_STRING_EQUAL(err.msg,
                           DATA "no-such.json: cannot read: No such file or directory");
}

/* ------------------------------------------------------------------------ */
/* --set                                                                      */

static void test_set_overrides_keys_by_path_before_validation(void)
{
    mob_config_t c;
    expect_ok(SCN(""),
              SETS("params.T_b=120ms", "loss=0.01", "scheme=hoa-signaling", "moves[1].at=1.5s",
                   "delay.core.default=35ms", "hosts[0].start=A2", "moves[0].to=A1",
                   "$.icmp_unreachable=true", "seed=7"),
              &c);
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(120)); /* params created: the file has none */
    CU_ASSERT_DOUBLE_EQUAL(c.loss, 0.01, 1e-15);
    CU_ASSERT_EQUAL(c.scheme, MOB_SCHEME_HOA_SIGNALING);
    CU_ASSERT_EQUAL(c.moves[1].at, SIM_MS(1500));
    CU_ASSERT_EQUAL(c.core_default.a, SIM_MS(35));
    CU_ASSERT_EQUAL(c.hosts[0].start, 3);
    CU_ASSERT_EQUAL(c.moves[0].to, 2);
    CU_ASSERT_TRUE(c.icmp_unreachable);
    CU_ASSERT_EQUAL(c.seed, 7);
}

static void test_set_values_are_json_when_they_parse_as_json(void)
{
    mob_config_t c;
    expect_ok(SCN(""),
              SETS("handoff={\"l2\": {\"dist\": \"exponential\", \"mean\": \"10ms\"}}",
                   "horizon=\"30s\"", "moves=[]", "traffic.rate=0"),
              &c);
    CU_ASSERT_EQUAL(c.l2.kind, MOB_DIST_EXP);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(30));
    CU_ASSERT_EQUAL(c.n_moves, 0);
    CU_ASSERT_EQUAL(c.traffic_rate, 0);
    /* the last of two overrides of one key wins */
    expect_ok(SCN(""), SETS("loss=0.5", "loss=0.25"), &c);
    CU_ASSERT_DOUBLE_EQUAL(c.loss, 0.25, 1e-15);

    cJSON *v = scn_set_value("120ms");
    CU_ASSERT_TRUE(cJSON_IsString(v) && strcmp(v->valuestring, "120ms") == 0);
    cJSON_Delete(v);
    v = scn_set_value("0.01");
    CU_ASSERT_TRUE(cJSON_IsNumber(v) && v->valuedouble == 0.01);
    cJSON_Delete(v);
    v = scn_set_value("\"0.01\"");
    CU_ASSERT_TRUE(cJSON_IsString(v) && strcmp(v->valuestring, "0.01") == 0);
    cJSON_Delete(v);
    v = scn_set_value("true");
    CU_ASSERT_TRUE(cJSON_IsTrue(v));
    cJSON_Delete(v);
    v = scn_set_value("");
    CU_ASSERT_TRUE(cJSON_IsString(v) && v->valuestring[0] == 0);
    cJSON_Delete(v);
    v = scn_set_value("[1, 2");
    CU_ASSERT_TRUE(cJSON_IsString(v) && strcmp(v->valuestring, "[1, 2") == 0);
    cJSON_Delete(v);
}

static void test_set_errors_name_the_override_and_the_path(void)
{
    expect_error(SCN(""), SETS("moves[5].at=2s"),
                 "t.json: --set moves[5].at=2s: $.moves[5]: expected an index below 2 (the "
                 "array has 2 elements)");
    expect_error(SCN(""), SETS("params.T_b=12x"),
                 "t.json: $.params.T_b: expected a time such as \"120ms\" (units ns, us, ms, s, "
                 "min) or a number of seconds, got \"12x\" (from --set params.T_b=12x)");
    expect_error(SCN(""), SETS("moves[0].at.x=1"),
                 "t.json: --set moves[0].at.x=1: $.moves[0].at: expected an object to hold "
                 "\"x\", but this is a string");
    expect_error(SCN(""), SETS("moves.at=1s"),
                 "t.json: --set moves.at=1s: $.moves: expected an index such as [0] here: this "
                 "is an array, it has no key \"at\"");
    expect_error(SCN(""), SETS("params[0]=1"),
                 "t.json: --set params[0]=1: $.params[0]: expected an index into an existing "
                 "array, but the array does not exist");
    expect_error(SCN(""), SETS("params..T_b=1"),
                 "t.json: --set params..T_b=1: expected a path of keys separated by \".\" with "
                 "[N] indices, such as \"params.T_b\" or \"moves[1].at\"");
    expect_error(SCN(""), SETS("scheme"),
                 "t.json: --set scheme: expected KEY=VALUE such as params.T_b=120ms");
    expect_error(SCN(""), SETS("=1"),
                 "t.json: --set =1: expected KEY=VALUE such as params.T_b=120ms");
    expect_error_part(SCN(""), SETS("paramz.T_b=1s"),
                      "t.json: $.paramz: unknown key (did you mean \"params\"?)");
    expect_error_part(SCN(""), SETS("paramz.T_b=1s"), "(from --set paramz.T_b=1s)");
    expect_error(SCN(""), SETS("hosts[0].start=A9"),
                 "t.json: $.hosts[0].start: expected the name of a network in $.networks "
                 "(\"homeA\", \"homeB\", \"A1\", \"A2\", \"B1\" or \"B2\"), got \"A9\" (did you "
                 "mean \"A1\"?) (from --set hosts[0].start=A9)");
}

static void test_set_apply_leaves_the_tree_unchanged_on_error(void)
{
    cJSON *root;
    sim_err_t err = {0};
    const char *text = SCN("");
    CU_ASSERT_EQUAL_FATAL(scn_parse_text(text, strlen(text), "t.json", &root, &err), 0);
    char *before = cJSON_PrintUnformatted(root);
    cJSON *one = cJSON_CreateNumber(1);
    CU_ASSERT_EQUAL(scn_set_apply(root, "a.b.c[0]", one, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "$.a.b.c[0]: expected an index into an existing array, but "
                                    "the array does not exist");
    CU_ASSERT_EQUAL(scn_set_apply(root, "moves[2]", one, &err), -SIM_EINVAL);
    char *after = cJSON_PrintUnformatted(root);
    CU_ASSERT_STRING_EQUAL(before, after);
    cJSON_free(after);
    /* and changes exactly the one place on success, creating what is missing */
    CU_ASSERT_EQUAL(scn_set_apply(root, "a.b.c", one, &err), 0);
    CU_ASSERT_EQUAL(scn_set_apply(root, "moves[1]", one, &err), 0);
    cJSON *abc = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "a"), "b"),
                                     "c");
    CU_ASSERT_TRUE(cJSON_IsNumber(abc) && abc->valuedouble == 1);
    CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "moves"), 1)));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(root, "moves")), 2);
    cJSON_Delete(one);
    cJSON_free(before);
    cJSON_Delete(root);
}

void suite_scn(void)
{
    ADD_SUITE("scenarios/scn", TEST(test_every_key_of_full_json_lands_in_its_field),
              TEST(test_missing_keys_take_the_defaults_of_scenarios_md),
              TEST(test_mobility_gives_a_poisson_process_per_host),
              TEST(test_times_take_units_or_plain_seconds),
              TEST(test_delays_may_be_any_of_the_four_distributions),
              TEST(test_comment_keys_and_a_byte_order_mark_are_ignored),
              TEST(test_large_seed_may_be_a_string_of_digits),
              TEST(test_syntax_errors_name_line_and_column),
              TEST(test_duplicate_keys_are_refused_not_silently_shadowed),
              TEST(test_unknown_keys_are_refused_with_a_suggestion),
              TEST(test_wrong_types_say_what_was_expected_and_what_was_given),
              TEST(test_bad_durations_name_the_path_and_the_expected_form),
              TEST(test_unknown_and_duplicate_names_are_refused),
              TEST(test_hosts_must_be_two_with_a_home_agent_at_home),
              TEST(test_impossible_moves_are_refused), TEST(test_out_of_range_numbers_are_refused),
              TEST(test_prefixes_must_be_slash_64),
              TEST(test_mobility_and_moves_cannot_both_drive_one_host),
              TEST(test_sweep_files_are_told_apart_from_scenarios),
              TEST(test_missing_file_is_an_io_error_naming_it),
              TEST(test_set_overrides_keys_by_path_before_validation),
              TEST(test_set_values_are_json_when_they_parse_as_json),
              TEST(test_set_errors_name_the_override_and_the_path),
              TEST(test_set_apply_leaves_the_tree_unchanged_on_error));
}
