/* The scenario loader: every key lands in its field, defaults fill the
 * rest, each kind of bad input gets its one precise line, --set overrides. */
#include "scenarios/jcheck.h"
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <unistd.h>

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

static void expect_ok(const char *json, const char *const *sets, size_t n_sets, mob_config_t *cfg)
{
    sim_err_t err;
    int rc = load(json, sets, n_sets, cfg, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc)
        fprintf(stderr, "\nunexpected error: %s\n", err.msg);
}

/* The whole message, exactly: users grep for it and editors parse it. */
static void expect_error(const char *json, const char *const *sets, size_t n_sets, const char *want)
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
    mob_config_free(&cfg);
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
    mob_config_free(&cfg);
}

#define SETS(...)                                                                                  \
    ((const char *const[]){__VA_ARGS__}),                                                          \
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
    mob_config_free(&c);
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
    CU_ASSERT_EQUAL(c.n_peers, 0); /* two hosts, no "peers": the two talk */
    mob_config_free(&c);
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
    mob_config_free(&c);
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
    mob_config_free(&c);
}

/* params.resend_on_peer_bu: hoa-signaling's immediate re-send, on unless
 * turned off (docs/schemes.md) */
static void test_resend_on_peer_bu_is_a_param_default_true(void)
{
    mob_config_t c;
    expect_ok(SCN(""), NULL, 0, &c);
    CU_ASSERT_TRUE(c.resend_on_peer_bu);
    mob_config_free(&c);
    expect_ok(SCN("\"params\": {\"resend_on_peer_bu\": false},"), NULL, 0, &c);
    CU_ASSERT_FALSE(c.resend_on_peer_bu);
    mob_config_free(&c);
    const char *set[] = {"params.resend_on_peer_bu=false"};
    expect_ok(SCN(""), set, 1, &c);
    CU_ASSERT_FALSE(c.resend_on_peer_bu);
    mob_config_free(&c);
    expect_error(SCN("\"params\": {\"resend_on_peer_bu\": 0},"), NULL, 0,
                 "t.json: $.params.resend_on_peer_bu: expected true or false, got 0");
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
    mob_config_free(&c);
}

static void test_comment_keys_and_a_byte_order_mark_are_ignored(void)
{
    mob_config_t c;
    expect_ok("\xef\xbb\xbf" SCN("\"_comment\": \"why\", \"params\": {\"_note\": 1},"), NULL, 0,
              &c);
    mob_config_free(&c);
}

static void test_large_seed_may_be_a_string_of_digits(void)
{
    mob_config_t c;
    expect_ok(SCN("\"seed\": \"18446744073709551615\","), NULL, 0, &c);
    CU_ASSERT_EQUAL(c.seed, UINT64_MAX);
    mob_config_free(&c);
    expect_ok(SCN("\"seed\": 9007199254740992,"), NULL, 0, &c);
    CU_ASSERT_EQUAL(c.seed, UINT64_C(9007199254740992));
    mob_config_free(&c);
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
    mob_config_free(&c);
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
    expect_error(
        SCN("\"params\": {\"T_bb\": \"1s\"},"), NULL, 0,
        "t.json: $.params.T_bb: unknown key (did you mean \"T_b\"?); expected one of "
        "\"T_b\", \"T_h\", \"T_p\", \"fwd_lifetime\", \"fwd_buffer\", \"resend_on_peer_bu\" or "
        "\"max_ro_failure\" "
        "(keys starting "
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
    expect_error(SCN("\"handoff\": {\"l2\": {\"dist\": \"uniform\", \"min\": \"5ms\"}},"), NULL, 0,
                 "t.json: $.handoff.l2: expected a key \"max\" for this distribution");
    expect_error(SCN("\"handoff\": {\"l2\": {\"dist\": \"uniform\", \"min\": \"5ms\", \"max\": "
                     "\"1ms\"}},"),
                 NULL, 0, "t.json: $.handoff.l2.max: expected a maximum not below the minimum");
    expect_error(SCN("\"handoff\": {\"l2\": {\"dist\": \"gamma\", \"k\": 1}},"), NULL, 0,
                 "t.json: $.handoff.l2.dist: expected one of \"constant\", \"uniform\", "
                 "\"exponential\", \"lognormal\", \"normal\", \"pareto\" or \"weibull\", got "
                 "\"gamma\"");
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

static void test_hosts_are_two_or_more_with_a_home_agent_at_home(void)
{
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"A1\"}]}",
                 NULL, 0, "t.json: $.hosts: expected an array of 2 to 100000 hosts, got 1 host");
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
    /* a host may start at its own home (RFC 6275 §11.5.5), not at another's */
    mob_config_t at_home;
    expect_ok("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
              "\"homeA\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
              NULL, 0, &at_home);
    CU_ASSERT_EQUAL(at_home.hosts[0].start, at_home.hosts[0].home);
    mob_config_free(&at_home);
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": "
                 "\"homeB\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 NULL, 0,
                 "t.json: $.hosts[0].start: expected a foreign network or the host's own home "
                 "network, but \"homeB\" is another home network");
    expect_error("{\"networks\": [{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"}], " HOSTS
                 "}",
                 NULL, 0,
                 "t.json: $.networks: expected at least one home network (a network with a "
                 "\"home_agent\")");
    expect_error("{" NETS "}", NULL, 0, "t.json: $: expected a key \"hosts\" (the list of hosts)");
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
    /* returning home is a move (RFC 6275 §11.5.5); to another host's home is not */
    mob_config_t home;
    expect_ok("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": "
              "\"homeA\"}, {\"host\": \"A\", \"at\": \"2s\", \"to\": \"A2\"}]}",
              NULL, 0, &home);
    CU_ASSERT_EQUAL(home.n_moves, 2);
    CU_ASSERT_EQUAL(home.moves[0].to, home.hosts[0].home);
    mob_config_free(&home);
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": "
                 "\"homeB\"}]}",
                 NULL, 0,
                 "t.json: $.moves[0].to: expected a foreign network or the host's own home "
                 "network, but \"homeB\" is another home network");
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
    expect_error("{" NETS ", " HOSTS ", \"moves\": [{\"host\": \"A\", \"at\": \"1s\"}]}", NULL, 0,
                 "t.json: $.moves[0]: expected a key \"to\" (the network it moves to)");
}

static void test_out_of_range_numbers_are_refused(void)
{
    expect_error(SCN("\"loss\": 1.5,"), NULL, 0,
                 "t.json: $.loss: expected a loss probability from 0 to 1, got 1.5");
    expect_error(SCN("\"loss\": -0.1,"), NULL, 0,
                 "t.json: $.loss: expected a loss probability from 0 to 1, got -0.1");
    expect_error(
        SCN("\"traffic\": {\"rate\": -1},"), NULL, 0,
        "t.json: $.traffic.rate: expected a rate in packets per second each way: 0 (no data) or from 0.001 to 10000, got -1");
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
    expect_error(
        "{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
        "\"rate\": -0.1, \"networks\": [\"A1\", \"A2\"]}}}",
        NULL, 0,
        "t.json: $.mobility.A.rate: expected a rate in handoffs per second from 0.001 to 100 (leave the host out of \"mobility\" for no handoffs), got -0.1");
    mob_config_t poisson_home;
    expect_ok("{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
              "\"rate\": 0.1, \"networks\": [\"A1\", \"homeA\"]}}}",
              NULL, 0, &poisson_home);
    mob_config_free(&poisson_home);
    expect_error("{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
                 "\"rate\": 0.1, \"networks\": [\"A1\", \"homeB\"]}}}",
                 NULL, 0,
                 "t.json: $.mobility.A.networks[1]: expected a foreign network or the host's own "
                 "home network, but \"homeB\" is another home network");
    expect_error("{" NETS ", " HOSTS ", \"mobility\": {\"A\": {\"process\": \"poisson\", "
                 "\"rate\": 0.1, \"networks\": [\"A1\"]}}}",
                 NULL, 0,
                 "t.json: $.mobility.A.networks: expected an array of 2 to 100000 network names "
                 "to move between, got 1 networks");
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
    mob_config_free(&c);
}

static void test_missing_file_is_an_io_error_naming_it(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(scn_load_file(DATA "no-such.json", NULL, 0, &c, &err), -SIM_EIO);
    CU_ASSERT_STRING_EQUAL(err.msg, DATA "no-such.json: cannot read: No such file or directory");
    mob_config_free(&c);
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
    mob_config_free(&c);
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
    mob_config_free(&c);
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
    mob_config_free(&c);
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
    cJSON *abc = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "a"), "b"), "c");
    CU_ASSERT_TRUE(cJSON_IsNumber(abc) && abc->valuedouble == 1);
    CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "moves"), 1)));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(root, "moves")), 2);
    cJSON_Delete(one);
    cJSON_free(before);
    cJSON_Delete(root);
}

/* ------------------------------------------------------------------------ */
/* Strict JSON (issue 12): what cJSON accepts although it is not JSON         */

static void test_numbers_with_leading_zeros_are_refused(void)
{
    expect_error(
        "{\n  \"seed\": 01}", NULL, 0,
        "t.json: line 2, column 11: invalid JSON: numbers have no leading zeros, got 01 (write 1 for 01, 0.5 for 00.5)");
    expect_error(
        "{\"loss\": -01}", NULL, 0,
        "t.json: line 1, column 10: invalid JSON: numbers have no leading zeros, got -01 (write -1 for -01)");
    expect_error(
        "{\"loss\": 00.5}", NULL, 0,
        "t.json: line 1, column 10: invalid JSON: numbers have no leading zeros, got 00.5 (write 1 for 01, 0.5 for 00.5)");
    /* a zero alone, a fraction, a negative zero and exponents with zeros are JSON */
    mob_config_t c;
    expect_ok(
        SCN("\"seed\": 0, \"loss\": 0.05, \"ha_dad\": -0, \"horizon\": 1e02, \"_x\": [0, 0e0, 0.0],"),
        NULL, 0, &c);
    CU_ASSERT_EQUAL(c.seed, 0);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(100));
    /* digits inside strings are not numbers */
    mob_config_free(&c);
    expect_ok(SCN("\"_x\": \"01\", \"name\": \"007\","), NULL, 0, &c);
    /* a syntax error before the number is reported as such */
    expect_error(
        "{\"loss\": 0,, \"seed\": 01}", NULL, 0,
        "t.json: line 1, column 13: invalid JSON: unexpected text at \" \\\"seed\\\": 01}\"");
    mob_config_free(&c);
}

static void test_only_one_byte_order_mark_at_the_very_start_is_allowed(void)
{
    expect_error(
        "\xef\xbb\xbf\xef\xbb\xbf{}", NULL, 0,
        "t.json: line 1, column 4: invalid JSON: a byte order mark (U+FEFF) is allowed only once, at the very start of the file");
    expect_error(
        "{\"loss\": \xef\xbb\xbf 0}", NULL, 0,
        "t.json: line 1, column 10: invalid JSON: a byte order mark (U+FEFF) is allowed only once, at the very start of the file");
    /* U+FEFF inside a string is a character like any other */
    mob_config_t c;
    expect_ok("\xef\xbb\xbf" SCN("\"description\": \"a\xef\xbb\xbf"
                                 "b\","),
              NULL, 0, &c);
    CU_ASSERT_STRING_EQUAL(c.description, "a\xef\xbb\xbf"
                                          "b");
    mob_config_free(&c);
}

static void test_invalid_utf8_in_strings_is_refused_with_the_json_path(void)
{
    expect_error(
        SCN("\"description\": \"\xc0\xaf\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"\\xc0\\xaf\" (an overlong encoding, at byte 0)");
    expect_error(
        SCN("\"description\": \"ok \xe0\x80\xaf\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"ok \\xe0\\x80\\xaf\" (an overlong encoding, at byte 3)");
    expect_error(
        SCN("\"description\": \"\xed\xa0\x80\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"\\xed\\xa0\\x80\" (a UTF-16 surrogate (U+D800 to U+DFFF) encoded directly, at byte 0)");
    expect_error(
        SCN("\"description\": \"\xf4\x90\x80\x80\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"\\xf4\\x90\\x80\\x80\" (a code point above U+10FFFF, at byte 0)");
    expect_error(
        SCN("\"name\": \"\\u0085\","), NULL, 0,
        "t.json: $.name: expected valid UTF-8 text, got \"\\xc2\\x85\" (a C1 control character (U+0080 to U+009F), at byte 0)");
    expect_error(
        SCN("\"description\": \"\xc2\x9f\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"\\xc2\\x9f\" (a C1 control character (U+0080 to U+009F), at byte 0)");
    expect_error(
        SCN("\"description\": \"cut \xe2\x82\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"cut \\xe2\\x82\" (a UTF-8 sequence cut short, at byte 4)");
    expect_error(
        SCN("\"description\": \"\xff\","), NULL, 0,
        "t.json: $.description: expected valid UTF-8 text, got \"\\xff\" (a byte that is never UTF-8, at byte 0)");
    /* in comment keys and values too, in arrays, and in keys themselves */
    expect_error(
        SCN("\"_note\": [\"ok\", \"\x80\"],"), NULL, 0,
        "t.json: $._note[1]: expected valid UTF-8 text, got \"\\x80\" (a continuation byte that starts no character, at byte 0)");
    expect_error(
        SCN("\"_n\xc0\xaf\": 1,"), NULL, 0,
        "t.json: $[\"_n\\xc0\\xaf\"]: expected valid UTF-8 text, got \"_n\\xc0\\xaf\" (an overlong encoding, at byte 2)");
    /* surrogate escapes: a pair is one character, half a pair is not JSON */
    mob_config_t c;
    expect_ok(SCN("\"description\": \"smile \\ud83d\\ude00 caf\\u00e9\","), NULL, 0, &c);
    CU_ASSERT_STRING_EQUAL(c.description, "smile \xf0\x9f\x98\x80 caf\xc3\xa9");
    expect_error(
        "{\n \"description\": \"x\\ud800\"}", NULL, 0,
        "t.json: line 2, column 19: invalid JSON: \\uD800 is the first half of a UTF-16 surrogate pair without the second half");
    expect_error(
        "{\"description\": \"\\ud800\\u0041\"}", NULL, 0,
        "t.json: line 1, column 18: invalid JSON: \\uD800 is the first half of a UTF-16 surrogate pair without the second half");
    expect_error(
        "{\"description\": \"\\uDC00\"}", NULL, 0,
        "t.json: line 1, column 18: invalid JSON: \\uDC00 is the second half of a UTF-16 surrogate pair without the first half");
    /* raw control characters are not JSON in strings; escaped ones are refused where text is
     * expected */
    expect_error(
        "{\"description\": \"a\tb\"}", NULL, 0,
        "t.json: line 1, column 19: invalid JSON: a control character (0x09) inside a string (write it as an escape such as \\n)");
    expect_error(
        SCN("\"description\": \"a\\tb\","), NULL, 0,
        "t.json: $.description: expected one line of text (UTF-8, at most 255 bytes), got \"a\\x09b\"");
    mob_config_free(&c);
}

/* Whatever the loader accepts in a text key is valid UTF-8 without control
 * characters, so `mobsim run --json` output stays valid JSON. Tries every
 * one- and two-byte sequence and a spread of three- and four-byte ones. */
static void test_every_accepted_string_is_valid_utf8_text(void)
{
    int accepted = 0, refused = 0;
    for (unsigned a = 1; a < 256; a++)
        for (unsigned b = 0; b < 256; b += (a < 0xc0 ? 255 : 1))
            for (unsigned k = 0; k < 3; k++) {
                unsigned char seq[8] = {(unsigned char)a, (unsigned char)b, 0};
                if (k == 1)
                    seq[2] = 0x80, seq[3] = 0x80;
                else if (k == 2)
                    seq[2] = 0xbf;
                if (b == 0)
                    seq[1] = 0;
                char text[4096];
                snprintf(text, sizeof(text), SCN("\"description\": \"%s\","), (const char *)seq);
                mob_config_t c;
                sim_err_t err;
                if (load(text, NULL, 0, &c, &err) == 0) {
                    accepted++;
                    CU_ASSERT_PTR_NULL(jc_utf8_problem(c.description, NULL));
                    CU_ASSERT_TRUE(jc_valid_text(c.description));
                    mob_config_free(&c);
                } else {
                    refused++;
                    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
                }
            }
    CU_ASSERT_TRUE(accepted > 1000);
    CU_ASSERT_TRUE(refused > 1000);
}

static void test_nesting_deeper_than_1000_levels_is_refused_by_name(void)
{
    size_t n = 100000;
    char *deep = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(deep);
    memset(deep, '[', n);
    deep[n] = 0;
    mob_config_t c;
    sim_err_t err;
    CU_ASSERT_EQUAL(scn_load_string(deep, n, "t.json", NULL, 0, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg,
        "t.json: line 1, column 1001: invalid JSON: nested deeper than 1000 levels of arrays and objects");
    /* 1000 levels is JSON (and then not a scenario); objects count too */
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    mob_config_free(&c);
    CU_ASSERT_EQUAL(scn_load_string(deep, 2000, "t.json", NULL, 0, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg,
        "t.json: $: expected a scenario object such as {\"networks\": [...], \"hosts\": [...]}, got an array");
    size_t o = 0;
    for (int i = 0; i < 1001; i++)
        o += (size_t)sprintf(deep + o, "{\"a\":");
    mob_config_free(&c);
    CU_ASSERT_EQUAL(scn_load_string(deep, o, "t.json", NULL, 0, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg,
        "t.json: line 1, column 5001: invalid JSON: nested deeper than 1000 levels of arrays and objects");
    free(deep);
    mob_config_free(&c);
}

/* A valid scenario padded with spaces to exactly `size` bytes. */
static FILE *padded_scenario(size_t size)
{
    const char *body = SCN("");
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(body, f);
    for (size_t i = strlen(body); i < size; i++)
        fputc(' ', f);
    rewind(f);
    return f;
}

static void test_a_file_of_exactly_scn_file_max_bytes_is_accepted(void)
{
    char path[] = "/tmp/mobsim-scn-max-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    for (size_t extra = 0; extra < 2; extra++) {
        FILE *src = padded_scenario(SCN_FILE_MAX + extra), *dst = fopen(path, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(dst);
        char buf[65536];
        for (size_t got; (got = fread(buf, 1, sizeof(buf), src)) > 0;)
            fwrite(buf, 1, got, dst);
        fclose(dst);
        rewind(src);
        mob_config_t c;
        sim_err_t err = {0};
        int rc = scn_load_file(path, NULL, 0, &c, &err);
        char *text = NULL;
        size_t len = 0;
        sim_err_t err2 = {0};
        int rc2 = scn_read_stream(src, "<stdin>", &text, &len, &err2);
        if (extra == 0) {
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_EQUAL(rc2, 0);
            CU_ASSERT_EQUAL(len, SCN_FILE_MAX);
        } else {
            char want[256];
            snprintf(want, sizeof(want), "%s: expected a scenario file of at most 4194304 bytes",
                     path);
            CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
            CU_ASSERT_STRING_EQUAL(err.msg, want);
            CU_ASSERT_EQUAL(rc2, -SIM_EINVAL);
            CU_ASSERT_STRING_EQUAL(err2.msg,
                                   "<stdin>: expected a scenario file of at most 4194304 bytes");
        }
        free(text);
        fclose(src);
        mob_config_free(&c);
    }
    unlink(path);
}

/* ------------------------------------------------------------------------ */
/* Times and bounds (issue 12): nothing accepted is rounded or hangs          */

static void test_times_finer_than_1ns_are_refused_not_rounded(void)
{
    expect_error(
        SCN(""), SETS("horizon=10.0000000001"),
        "t.json: $.horizon: expected a whole number of nanoseconds, got 10.0000000001 (finer than 1 ns) (from --set horizon=10.0000000001)");
    expect_error(
        SCN(""), SETS("params.T_b=1.0000000001"),
        "t.json: $.params.T_b: expected a whole number of nanoseconds, got 1.0000000001 (finer than 1 ns) (from --set params.T_b=1.0000000001)");
    expect_error(
        SCN("\"params\": {\"T_b\": \"1.0000000001s\"},"), NULL, 0,
        "t.json: $.params.T_b: expected a whole number of nanoseconds, got \"1.0000000001s\" (finer than 1 ns)");
    expect_error(
        SCN("\"ha_dad\": 1.5e-10,"), NULL, 0,
        "t.json: $.ha_dad: expected a whole number of nanoseconds, got 1.5e-10 (finer than 1 ns)");
    expect_error(
        SCN("\"ha_dad\": \"0.5ns\","), NULL, 0,
        "t.json: $.ha_dad: expected a whole number of nanoseconds, got \"0.5ns\" (finer than 1 ns)");
    /* decimal seconds that binary cannot hold exactly still mean whole ns */
    mob_config_t c;
    expect_ok(
        SCN("\"params\": {\"T_b\": 0.1, \"T_h\": 0.03, \"T_p\": 1.2, \"fwd_buffer\": 1e-9}, \"horizon\": 86400,"),
        NULL, 0, &c);
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(100));
    CU_ASSERT_EQUAL(c.T_h, SIM_MS(30));
    CU_ASSERT_EQUAL(c.T_p, SIM_MS(1200));
    CU_ASSERT_EQUAL(c.fwd_buffer, 1);
    CU_ASSERT_EQUAL(c.horizon, SIM_S(86400));
    mob_config_free(&c);
    expect_ok(SCN(""), SETS("params.T_b=0.30000000000000004", "ha_dad=\"1.000000001s\""), &c);
    CU_ASSERT_EQUAL(c.T_b, SIM_MS(300));
    CU_ASSERT_EQUAL(c.ha_dad, SIM_S(1) + 1);
    mob_config_free(&c);
}

static void test_rates_have_a_floor_so_that_no_run_hangs(void)
{
    const char *traffic =
        "t.json: $.traffic.rate: expected a rate in packets per second each way: 0 (no data) or from 0.001 to 10000, got ";
    char want[512];
    snprintf(want, sizeof(want), "%s1e-10 (from --set traffic.rate=1e-10)", traffic);
    expect_error(SCN(""), SETS("traffic.rate=1e-10"), want);
    snprintf(want, sizeof(want), "%s0.0009", traffic);
    expect_error(SCN("\"traffic\": {\"rate\": 0.0009},"), NULL, 0, want);
    snprintf(want, sizeof(want), "%s10000.5", traffic);
    expect_error(SCN("\"traffic\": {\"rate\": 10000.5},"), NULL, 0, want);
    mob_config_t c;
    expect_ok(SCN(""), SETS("traffic.rate=0"), &c);
    CU_ASSERT_EQUAL(c.traffic_rate, 0);
    mob_config_free(&c);
    expect_ok(SCN(""), SETS("traffic.rate=0.001"), &c);
    CU_ASSERT_DOUBLE_EQUAL(c.traffic_rate, 0.001, 1e-15);
    mob_config_free(&c);
    expect_ok(SCN(""), SETS("traffic.rate=10000"), &c);
    /* a Poisson mobility process: 0.001 to 100 handoffs per second */
    const char *poisson =
        "{" NETS ", " HOSTS
        ", \"mobility\": {\"A\": {\"process\": \"poisson\", \"rate\": %s, \"networks\": [\"A1\", \"A2\"]}}}";
    const char *mob =
        "t.json: $.mobility.A.rate: expected a rate in handoffs per second from 0.001 to 100 (leave the host out of \"mobility\" for no handoffs), got ";
    const char *bad[] = {"0", "1e-10", "0.0009", "100.5"};
    for (size_t i = 0; i < 4; i++) {
        char text[2048];
        snprintf(text, sizeof(text), poisson, bad[i]);
        snprintf(want, sizeof(want), "%s%s", mob, bad[i]);
        expect_error(text, NULL, 0, want);
    }
    const char *good[] = {"0.001", "100"};
    for (size_t i = 0; i < 2; i++) {
        char text[2048];
        snprintf(text, sizeof(text), poisson, good[i]);
        mob_config_free(&c);
        expect_ok(text, NULL, 0, &c);
    }
    mob_config_free(&c);
}

static void expect_dwell(const char *dwell, const char *got)
{
    char text[2048], want[512];
    snprintf(
        text, sizeof(text),
        "{" NETS ", " HOSTS
        ", \"mobility\": {\"A\": {\"process\": \"dwell\", \"dwell\": %s, \"networks\": [\"A1\", \"A2\"]}}}",
        dwell);
    if (!got) {
        mob_config_t c;
        expect_ok(text, NULL, 0, &c);
        CU_ASSERT_TRUE(c.mobility[0].has_dwell);
        mob_config_free(&c);
        return;
    }
    snprintf(
        want, sizeof(want),
        "t.json: $.mobility.A.dwell: expected a dwell time with a mean of at least 1ms, got %s",
        got);
    expect_error(text, NULL, 0, want);
}

static void test_every_dwell_distribution_has_a_mean_of_at_least_1ms(void)
{
    expect_dwell("\"1ns\"", "\"1ns\"");
    expect_dwell("0.000999", "0.000999");
    expect_dwell("{\"dist\": \"constant\", \"value\": \"999us\"}",
                 "a constant distribution with a mean of 999us");
    expect_dwell("{\"dist\": \"exponential\", \"mean\": \"1ns\"}",
                 "an exponential distribution with a mean of 1ns");
    expect_dwell("{\"dist\": \"uniform\", \"min\": \"0s\", \"max\": \"1ns\"}",
                 "a uniform distribution with a mean of 0.5ns");
    expect_dwell("{\"dist\": \"uniform\", \"min\": \"0s\", \"max\": \"1.9ms\"}",
                 "a uniform distribution with a mean of 950us");
    expect_dwell("{\"dist\": \"normal\", \"mean\": \"0.5ms\", \"sd\": \"1s\"}",
                 "a normal distribution with a mean of 500us");
    /* median 0.1ms, sigma 2: mean 0.1ms * e^2 = 0.739ms */
    expect_dwell("{\"dist\": \"lognormal\", \"median\": \"0.1ms\", \"sigma\": 2}",
                 "a lognormal distribution with a mean of 738.905us");
    expect_error(
        "{" NETS ", " HOSTS
        ", \"mobility\": {\"A\": {\"process\": \"dwell\", \"dwell\": {\"dist\": \"lognormal\", \"median\": \"1ms\", \"sigma\": 1e6}, \"networks\": [\"A1\", \"A2\"]}}}",
        NULL, 0,
        "t.json: $.mobility.A.dwell.sigma: expected a number from 0 to 5 (the standard deviation of the delay's logarithm), got 1000000");
    /* at the floor, and above it */
    expect_dwell("\"1ms\"", NULL);
    expect_dwell("{\"dist\": \"uniform\", \"min\": \"0s\", \"max\": \"2ms\"}", NULL);
    expect_dwell("{\"dist\": \"exponential\", \"mean\": \"1ms\"}", NULL);
    expect_dwell("{\"dist\": \"normal\", \"mean\": \"1ms\", \"sd\": \"1ms\"}", NULL);
    expect_dwell("{\"dist\": \"lognormal\", \"median\": \"0.5ms\", \"sigma\": 1.2}", NULL);
}

static void test_every_lognormal_delay_has_sigma_at_most_5(void)
{
    expect_error(
        SCN("\"delay\": {\"access\": {\"dist\": \"lognormal\", \"median\": \"5ms\", \"sigma\": 5.5}},"),
        NULL, 0,
        "t.json: $.delay.access.sigma: expected a number from 0 to 5 (the standard deviation of the delay's logarithm), got 5.5");
    expect_error(
        SCN(""), SETS("handoff.l2={\"dist\":\"lognormal\",\"median\":\"5ms\",\"sigma\":1e6}"),
        "t.json: $.handoff.l2.sigma: expected a number from 0 to 5 (the standard deviation of the delay's logarithm), got 1000000 (from --set handoff.l2={\"dist\":\"lognormal\",\"median\":\"5ms\",\"sigma\":1e6})");
    mob_config_t c;
    expect_ok(
        SCN("\"delay\": {\"access\": {\"dist\": \"lognormal\", \"median\": \"5ms\", \"sigma\": 5}},"),
        NULL, 0, &c);
    mob_config_free(&c);
}

static void test_set_messages_name_the_canonical_path(void)
{
    expect_error(
        SCN(""), SETS("moves[01].at=99s"),
        "t.json: $.moves[1].at: expected a time before the horizon (60s), got 99s (from --set moves[01].at=99s)");
    expect_error(
        SCN(""), SETS("$moves[0001].at=99s"),
        "t.json: $.moves[1].at: expected a time before the horizon (60s), got 99s (from --set $moves[0001].at=99s)");
    expect_error(
        SCN(""), SETS("moves[02].at=1s"),
        "t.json: --set moves[02].at=1s: $.moves[2]: expected an index below 2 (the array has 2 elements)");
    cJSON *root = cJSON_CreateArray(), *one = cJSON_CreateNumber(1);
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(scn_set_apply(root, "$moves[01].at", one, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "$: expected a scenario object to set $.moves[1].at in");
    cJSON_Delete(one);
    cJSON_Delete(root);
}

void suite_scn(void)
{
    ADD_SUITE("scenarios/scn", TEST(test_every_key_of_full_json_lands_in_its_field),
              TEST(test_missing_keys_take_the_defaults_of_scenarios_md),
              TEST(test_mobility_gives_a_poisson_process_per_host),
              TEST(test_times_take_units_or_plain_seconds),
              TEST(test_resend_on_peer_bu_is_a_param_default_true),
              TEST(test_delays_may_be_any_of_the_four_distributions),
              TEST(test_comment_keys_and_a_byte_order_mark_are_ignored),
              TEST(test_large_seed_may_be_a_string_of_digits),
              TEST(test_syntax_errors_name_line_and_column),
              TEST(test_duplicate_keys_are_refused_not_silently_shadowed),
              TEST(test_unknown_keys_are_refused_with_a_suggestion),
              TEST(test_wrong_types_say_what_was_expected_and_what_was_given),
              TEST(test_bad_durations_name_the_path_and_the_expected_form),
              TEST(test_unknown_and_duplicate_names_are_refused),
              TEST(test_hosts_are_two_or_more_with_a_home_agent_at_home),
              TEST(test_impossible_moves_are_refused), TEST(test_out_of_range_numbers_are_refused),
              TEST(test_prefixes_must_be_slash_64),
              TEST(test_mobility_and_moves_cannot_both_drive_one_host),
              TEST(test_sweep_files_are_told_apart_from_scenarios),
              TEST(test_missing_file_is_an_io_error_naming_it),
              TEST(test_set_overrides_keys_by_path_before_validation),
              TEST(test_set_values_are_json_when_they_parse_as_json),
              TEST(test_set_errors_name_the_override_and_the_path),
              TEST(test_set_apply_leaves_the_tree_unchanged_on_error),
              TEST(test_numbers_with_leading_zeros_are_refused),
              TEST(test_only_one_byte_order_mark_at_the_very_start_is_allowed),
              TEST(test_invalid_utf8_in_strings_is_refused_with_the_json_path),
              TEST(test_every_accepted_string_is_valid_utf8_text),
              TEST(test_nesting_deeper_than_1000_levels_is_refused_by_name),
              TEST(test_a_file_of_exactly_scn_file_max_bytes_is_accepted),
              TEST(test_times_finer_than_1ns_are_refused_not_rounded),
              TEST(test_rates_have_a_floor_so_that_no_run_hangs),
              TEST(test_every_dwell_distribution_has_a_mean_of_at_least_1ms),
              TEST(test_every_lognormal_delay_has_sigma_at_most_5),
              TEST(test_set_messages_name_the_canonical_path));
}
