/* The scenario loader for any number of hosts (issue 13): host kinds,
 * "peers" (symmetric, each pair once, in order of first mention), "flows"
 * per pair and direction, shared networks, every refusal with its exact
 * line, the raised bounds, and a file of 20000 hosts. Configs only: the
 * world does not run correspondents yet. */
#include "scenarios/scn.h"
#include "scenarios/strmap.h"
#include "tests/testing.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <string.h>

/* homeA, homeB (with HAs), foreign A1, A2, B1, D1 and cnet */
#define NETS                                                                                       \
    "\"networks\": ["                                                                              \
    "{\"name\": \"homeA\", \"prefix\": \"2001:db8:a::/64\", \"home_agent\": \"HA_A\"},"            \
    "{\"name\": \"homeB\", \"prefix\": \"2001:db8:b::/64\", \"home_agent\": \"HA_B\"},"            \
    "{\"name\": \"A1\", \"prefix\": \"2001:db8:a1::/64\"},"                                        \
    "{\"name\": \"A2\", \"prefix\": \"2001:db8:a2::/64\"},"                                        \
    "{\"name\": \"B1\", \"prefix\": \"2001:db8:b1::/64\"},"                                        \
    "{\"name\": \"D1\", \"prefix\": \"2001:db8:d1::/64\"},"                                        \
    "{\"name\": \"cnet\", \"prefix\": \"2001:db8:c::/64\"}]"
#define NET_A1   2
#define NET_B1   4
#define NET_D1   5
#define NET_CNET 6

/* docs/scenarios.md's example: mobile A, B, D, stationary C on cnet;
 * A peers [B, C], B peers [D]. */
#define HOST_A                                                                                     \
    "{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\", \"peers\": [\"B\", \"C\"]}"
#define HOST_B       "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\", \"peers\": [\"D\"]}"
#define HOST_C       "{\"name\": \"C\", \"kind\": \"correspondent\", \"network\": \"cnet\"}"
#define HOST_D       "{\"name\": \"D\", \"kind\": \"mobile\", \"home\": \"homeA\", \"start\": \"D1\"}"
#define HOSTS4       "\"hosts\": [" HOST_A ", " HOST_B ", " HOST_C ", " HOST_D "]"
#define MULTI(extra) "{" extra NETS ", " HOSTS4 "}"
/* two hosts, nothing said about peers */
#define HOSTS2                                                                                     \
    "\"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"                       \
    "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]"

static int load(const char *json, mob_config_t *cfg, sim_err_t *err)
{
    memset(err, 0, sizeof(*err));
    return scn_load_string(json, strlen(json), "t.json", NULL, 0, cfg, err);
}

static int load_ok(const char *json, mob_config_t *cfg)
{
    sim_err_t err;
    int rc = load(json, cfg, &err);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc)
        fprintf(stderr, "\nunexpected error: %s\n", err.msg);
    return rc;
}

/* The whole message, exactly. */
static void expect_error(const char *json, const char *want)
{
    mob_config_t cfg;
    sim_err_t err;
    int rc = load(json, &cfg, &err);
    CU_ASSERT_EQUAL(rc, -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    mob_config_free(&cfg);
}

static void expect_peer(const mob_config_t *c, int i, int a, int b)
{
    CU_ASSERT_TRUE_FATAL(i < c->n_peers);
    CU_ASSERT_EQUAL(c->peers[i].a, a);
    CU_ASSERT_EQUAL(c->peers[i].b, b);
}

/* ------------------------------------------------------------------------ */

static void test_mobile_hosts_and_a_stationary_correspondent_fill_their_fields(void)
{
    mob_config_t c;
    if (load_ok(MULTI(""), &c))
        return;
    CU_ASSERT_EQUAL_FATAL(c.n_hosts, 4);
    CU_ASSERT_EQUAL(c.hosts[0].kind, MOB_HOST_MOBILE);
    CU_ASSERT_EQUAL(c.hosts[0].home, 0);
    CU_ASSERT_EQUAL(c.hosts[0].start, NET_A1);
    CU_ASSERT_EQUAL(c.hosts[1].home, 1);
    CU_ASSERT_EQUAL(c.hosts[1].start, NET_B1);
    /* C: no home, its network as start */
    CU_ASSERT_STRING_EQUAL(c.hosts[2].name, "C");
    CU_ASSERT_EQUAL(c.hosts[2].kind, MOB_HOST_CORRESPONDENT);
    CU_ASSERT_EQUAL(c.hosts[2].home, -1);
    CU_ASSERT_EQUAL(c.hosts[2].start, NET_CNET);
    /* D: "kind": "mobile" said explicitly, home shared with A */
    CU_ASSERT_EQUAL(c.hosts[3].kind, MOB_HOST_MOBILE);
    CU_ASSERT_EQUAL(c.hosts[3].home, 0);
    CU_ASSERT_EQUAL(c.hosts[3].start, NET_D1);
    for (int h = 0; h < 4; h++)
        CU_ASSERT_EQUAL(c.hosts[h].iid, 0x100u * (uint64_t)(h + 1));
    /* A-B, A-C (A's list), B-D (B's list) */
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 3);
    expect_peer(&c, 0, 0, 1);
    expect_peer(&c, 1, 0, 2);
    expect_peer(&c, 2, 1, 3);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_FALSE(c.peers[i].has_flow); /* the traffic defaults */
    CU_ASSERT_EQUAL(c.n_moves, 0);
    mob_config_free(&c);
}

static void test_the_multi_host_example_of_the_docs_loads(void)
{
    /* docs/scenarios.md, "More than two hosts", verbatim */
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("tests/scenarios/data/hosts4.json", NULL, 0, &c, &err), 0);
    CU_ASSERT_EQUAL_FATAL(c.n_hosts, 4);
    CU_ASSERT_EQUAL(c.hosts[2].kind, MOB_HOST_CORRESPONDENT);
    CU_ASSERT_EQUAL(c.hosts[2].start, NET_CNET);
    CU_ASSERT_EQUAL(c.hosts[3].home, c.hosts[0].home);
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 3);
    expect_peer(&c, 0, 0, 1);
    expect_peer(&c, 1, 0, 2);
    expect_peer(&c, 2, 1, 3);
    CU_ASSERT_TRUE(c.peers[1].has_flow);
    CU_ASSERT_DOUBLE_EQUAL(c.peers[1].rate_ab, 10, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.peers[1].rate_ba, 0, 0);
    CU_ASSERT_EQUAL(c.peers[1].size, 160);
    CU_ASSERT_FALSE(c.peers[0].has_flow);
    CU_ASSERT_EQUAL(c.n_moves, 2);
    CU_ASSERT_EQUAL(c.moves[1].host, 3);
    mob_config_free(&c);
}

static void test_peers_are_symmetric_and_each_pair_is_stored_once(void)
{
    /* A lists C; B lists A and C; C lists A again: three pairs, in order of
     * first mention, a = the host whose list named the pair first */
    mob_config_t c;
    if (load_ok("{" NETS ", \"hosts\": ["
                "{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\", \"peers\": [\"C\"]},"
                "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\", \"peers\": [\"A\", "
                "\"C\"]},"
                "{\"name\": \"C\", \"home\": \"homeA\", \"start\": \"A2\", \"peers\": [\"A\"]}]}",
                &c))
        return;
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 3);
    expect_peer(&c, 0, 0, 2);
    expect_peer(&c, 1, 1, 0);
    expect_peer(&c, 2, 1, 2);
    mob_config_free(&c);

    /* two hosts naming each other: one pair */
    if (load_ok("{" NETS ", \"hosts\": ["
                "{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\", \"peers\": [\"B\"]},"
                "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\", \"peers\": [\"A\"]}]}",
                &c))
        return;
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 1);
    expect_peer(&c, 0, 0, 1);
    mob_config_free(&c);
}

static void test_two_hosts_without_peers_keep_the_implied_pair(void)
{
    /* no "peers" anywhere: n_peers stays 0 (the world's "the two"), so the
     * shipped two-host files load to the same config as before */
    mob_config_t c;
    if (load_ok("{" NETS ", " HOSTS2 "}", &c))
        return;
    CU_ASSERT_EQUAL(c.n_hosts, 2);
    CU_ASSERT_EQUAL(c.n_peers, 0);
    CU_ASSERT_PTR_NULL(c.peers);
    mob_config_free(&c);
    if (load_ok("{" NETS ", " HOSTS2 ", \"flows\": []}", &c))
        return;
    CU_ASSERT_EQUAL(c.n_peers, 0); /* an empty "flows" adds nothing */
    mob_config_free(&c);
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/fig1.json", NULL, 0, &c, &err), 0);
    CU_ASSERT_EQUAL(c.n_hosts, 2);
    CU_ASSERT_EQUAL(c.n_peers, 0);
    CU_ASSERT_EQUAL(c.hosts[0].kind, MOB_HOST_MOBILE);
    CU_ASSERT_EQUAL(c.hosts[1].kind, MOB_HOST_MOBILE);
    mob_config_free(&c);
}

static void test_hosts_may_share_home_and_foreign_networks(void)
{
    mob_config_t c;
    if (load_ok("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                "{\"name\": \"B\", \"home\": \"homeA\", \"start\": \"A1\"}]}",
                &c))
        return;
    CU_ASSERT_EQUAL(c.hosts[0].home, c.hosts[1].home);
    CU_ASSERT_EQUAL(c.hosts[0].start, c.hosts[1].start);
    CU_ASSERT_NOT_EQUAL(c.hosts[0].iid, c.hosts[1].iid);
    mob_config_free(&c);
}

static void test_flows_override_the_traffic_of_one_pair_per_direction(void)
{
    /* A-B: one rate each way and the default size; C-A (stored A, C) by
     * sender; B-D untouched */
    mob_config_t c;
    if (load_ok(MULTI("\"traffic\": {\"rate\": 20, \"size\": 100}, \"flows\": ["
                      "{\"between\": [\"A\", \"B\"], \"rate\": 5},"
                      "{\"between\": [\"C\", \"A\"], \"rate\": {\"C\": 0, \"A\": 12.5}, \"size\": "
                      "200}],"),
                &c))
        return;
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 3);
    const mob_peer_t *ab = &c.peers[0], *ac = &c.peers[1], *bd = &c.peers[2];
    CU_ASSERT_TRUE(ab->has_flow);
    CU_ASSERT_DOUBLE_EQUAL(ab->rate_ab, 5, 0);
    CU_ASSERT_DOUBLE_EQUAL(ab->rate_ba, 5, 0);
    CU_ASSERT_EQUAL(ab->size, 100); /* traffic's */
    CU_ASSERT_EQUAL(ac->a, 0);
    CU_ASSERT_EQUAL(ac->b, 2);
    CU_ASSERT_TRUE(ac->has_flow);
    CU_ASSERT_DOUBLE_EQUAL(ac->rate_ab, 12.5, 0); /* A -> C */
    CU_ASSERT_DOUBLE_EQUAL(ac->rate_ba, 0, 0);    /* C -> A: none */
    CU_ASSERT_EQUAL(ac->size, 200);
    CU_ASSERT_FALSE(bd->has_flow);
    mob_config_free(&c);

    /* only a size: the rates are traffic's */
    if (load_ok(MULTI("\"traffic\": {\"rate\": 20}, \"flows\": [{\"between\": [\"D\", \"B\"], "
                      "\"size\": 0}],"),
                &c))
        return;
    CU_ASSERT_TRUE(c.peers[2].has_flow);
    CU_ASSERT_DOUBLE_EQUAL(c.peers[2].rate_ab, 20, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.peers[2].rate_ba, 20, 0);
    CU_ASSERT_EQUAL(c.peers[2].size, 0);
    mob_config_free(&c);
}

static void test_a_flow_of_two_hosts_without_peers_gives_their_pair_an_entry(void)
{
    mob_config_t c;
    if (load_ok("{" NETS ", " HOSTS2 ", \"flows\": [{\"between\": [\"B\", \"A\"], \"rate\": "
                "{\"A\": 1, \"B\": 2}}]}",
                &c))
        return;
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 1);
    expect_peer(&c, 0, 0, 1);
    CU_ASSERT_TRUE(c.peers[0].has_flow);
    CU_ASSERT_DOUBLE_EQUAL(c.peers[0].rate_ab, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.peers[0].rate_ba, 2, 0);
    CU_ASSERT_EQUAL(c.peers[0].size, 160); /* the default traffic size */
    mob_config_free(&c);
}

static void test_host_kinds_refuse_the_other_kinds_keys(void)
{
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"C\", \"kind\": \"correspondent\", \"home\": \"homeB\", \"network\": "
                 "\"cnet\"}]}",
                 "t.json: $.hosts[1].home: expected no \"home\" for a stationary correspondent (it "
                 "has no home agent and stays on its \"network\")");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"C\", \"kind\": \"correspondent\", \"start\": \"cnet\"}]}",
                 "t.json: $.hosts[1].start: expected no \"start\" for a stationary correspondent "
                 "(it has no home agent and stays on its \"network\")");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"C\", \"kind\": \"correspondent\"}]}",
                 "t.json: $.hosts[1]: expected a key \"network\" (the network where the "
                 "correspondent stays)");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"C\", \"kind\": \"correspondent\", \"network\": \"homeB\"}]}",
                 "t.json: $.hosts[1].network: expected a network without a home agent (a "
                 "stationary correspondent is not modelled on a home network), but \"homeB\" has "
                 "home agent \"HA_B\"");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"C\", \"kind\": \"correspondent\", \"network\": \"cnett\"}]}",
                 "t.json: $.hosts[1].network: expected the name of a network in $.networks "
                 "(\"homeA\", \"homeB\", \"A1\", \"A2\", \"B1\", \"D1\" or \"cnet\"), got "
                 "\"cnett\" (did you mean \"cnet\"?)");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\", "
                 "\"network\": \"cnet\"}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": "
                 "\"B1\"}]}",
                 "t.json: $.hosts[0].network: expected no \"network\" for a mobile host (it has a "
                 "\"home\" and a \"start\"; \"kind\": \"correspondent\" makes a stationary host)");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"C\", \"kind\": \"stationary\", \"network\": \"cnet\"}]}",
                 "t.json: $.hosts[1].kind: expected one of \"mobile\" or \"correspondent\", got "
                 "\"stationary\"");
    /* two correspondents and nothing said: the implied pair cannot be */
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"C\", \"kind\": \"correspondent\", "
                 "\"network\": \"cnet\"}, {\"name\": \"E\", \"kind\": \"correspondent\", "
                 "\"network\": \"A1\"}]}",
                 "t.json: $.hosts: expected a mobile host: two stationary correspondents (C and E) "
                 "cannot be peers, a pair needs a host that moves");
}

static void test_every_host_needs_an_iid_of_its_own(void)
{
    /* the later host is named at its iid, with the earlier one's */
    expect_error("{" NETS ", \"hosts\": [" HOST_A ", " HOST_B ", {\"name\": \"C\", \"kind\": "
                 "\"correspondent\", \"network\": \"cnet\", \"iid\": \"::200\"}, " HOST_D "]}",
                 "t.json: $.hosts[2].iid: expected an interface identifier other than host B's "
                 "(0x200)");
    /* a default (0x100 * (index + 1)) collides with an earlier explicit one */
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\", "
                 "\"iid\": 768, \"peers\": [\"B\", \"C\"]}, " HOST_B ", " HOST_C ", " HOST_D "]}",
                 "t.json: $.hosts[2].iid: expected an interface identifier other than host A's "
                 "(0x300)");
}

static void test_bad_peers_are_refused_with_their_path(void)
{
#define H(name, home, start, peers)                                                                \
    "{\"name\": \"" name "\", \"home\": \"" home "\", \"start\": \"" start "\", \"peers\": " peers \
    "}"
    expect_error("{" NETS ", \"hosts\": [" H("A", "homeA", "A1",
                                             "[\"B\", \"Dd\"]") ", " HOST_B ", " HOST_D "]}",
                 "t.json: $.hosts[0].peers[1]: expected the name of a host in $.hosts (\"A\", "
                 "\"B\" or \"D\"), got \"Dd\" (did you mean \"D\"?)");
    expect_error("{" NETS ", \"hosts\": [" H("A", "homeA", "A1", "[\"B\", \"A\"]") ", " HOST_B "]}",
                 "t.json: $.hosts[0].peers[1]: expected a host other than A itself");
    expect_error("{" NETS ", \"hosts\": [" H("A", "homeA", "A1",
                                             "[\"B\", \"D\", \"B\"]") ", " HOST_B ", " HOST_D "]}",
                 "t.json: $.hosts[0].peers[2]: expected each host once, but \"B\" is also item 0");
    expect_error("{" NETS ", \"hosts\": [" H("A", "homeA", "A1", "\"B\"") ", " HOST_B "]}",
                 "t.json: $.hosts[0].peers: expected an array of host names such as [\"B\"] (the "
                 "hosts A talks to), got \"B\"");
    expect_error("{" NETS ", \"hosts\": [" HOST_A ", " HOST_B ", {\"name\": \"C\", \"kind\": "
                 "\"correspondent\", \"network\": \"cnet\", \"peers\": [\"E\"]}, " HOST_D
                 ", {\"name\": \"E\", \"kind\": \"correspondent\", \"network\": \"A2\"}]}",
                 "t.json: $.hosts[2].peers[0]: expected a mobile host: two stationary "
                 "correspondents (C and E) cannot be peers, a pair needs a host that moves");
    /* more than two hosts: everyone talks to someone */
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\"},"
                 "{\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}, " HOST_D "]}",
                 "t.json: $.hosts[0]: expected every host in a pair, but A talks to no one: list "
                 "it in \"peers\" (its own or another host's)");
    expect_error("{" NETS ", \"hosts\": [" H(
                     "A", "homeA", "A1",
                     "[\"B\"]") ", " HOST_B ", " HOST_D
                                ", {\"name\": \"E\", \"home\": \"homeB\", \"start\": \"A2\"}]}",
                 "t.json: $.hosts[3]: expected every host in a pair, but E talks to no one: list "
                 "it in \"peers\" (its own or another host's)");
    /* two hosts with "peers" said but empty: nobody talks */
    expect_error("{" NETS ", \"hosts\": [" H("A", "homeA", "A1",
                                             "[]") ", {\"name\": \"B\", "
                                                   "\"home\": \"homeB\", \"start\": \"B1\"}]}",
                 "t.json: $.hosts[0]: expected every host in a pair, but A talks to no one: list "
                 "it in \"peers\" (its own or another host's)");
    expect_error("{" NETS ", \"hosts\": [{\"name\": \"A\", \"home\": \"homeA\", \"start\": \"A1\", "
                 "\"peer\": [\"B\"]}, {\"name\": \"B\", \"home\": \"homeB\", \"start\": \"B1\"}]}",
                 "t.json: $.hosts[0].peer: unknown key (did you mean \"peers\"?); expected one of "
                 "\"name\", \"kind\", \"home\", \"start\", \"network\", \"iid\", \"peers\", "
                 "\"route_optimization\" or \"no_route_optimization_with\" (keys "
                 "starting with \"_\" are comments)");
#undef H
}

static void test_bad_flows_are_refused_with_their_path(void)
{
    expect_error(MULTI("\"flows\": {\"between\": [\"A\", \"B\"]},"),
                 "t.json: $.flows: expected an array of flows such as [{\"between\": [\"A\", "
                 "\"C\"], \"rate\": 10}], got an object");
    expect_error(MULTI("\"flows\": [{\"rate\": 1}],"),
                 "t.json: $.flows[0]: expected a key \"between\" (the two hosts of a peer pair, "
                 "such as [\"A\", \"C\"])");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\"]}],"),
                 "t.json: $.flows[0].between: expected two host names such as [\"A\", \"C\"], got "
                 "an array");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"CC\"]}],"),
                 "t.json: $.flows[0].between[1]: expected the name of a host in $.hosts (\"A\", "
                 "\"B\", \"C\" or \"D\"), got \"CC\" (did you mean \"C\"?)");
    expect_error(MULTI("\"flows\": [{\"between\": [\"B\", \"B\"]}],"),
                 "t.json: $.flows[0].between: expected two different hosts, got B twice");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"D\"]}],"),
                 "t.json: $.flows[0].between: expected a pair of peers, but A and D do not talk: "
                 "add \"D\" to A's \"peers\"");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"C\"]}, {\"between\": [\"C\", "
                       "\"A\"], \"rate\": 1}],"),
                 "t.json: $.flows[1].between: expected each pair of hosts once, but $.flows[0] is "
                 "the same pair");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"C\"], \"rate\": -1}],"),
                 "t.json: $.flows[0].rate: expected a rate in packets per second each way: 0 (no "
                 "data) or from 0.001 to 10000, or each sender's rate such as {\"A\": 10, \"C\": "
                 "0}, got -1");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"C\"], \"rate\": {\"A\": 10}}],"),
                 "t.json: $.flows[0].rate: expected a key \"C\" (packets per second from C to A)");
    expect_error(
        MULTI("\"flows\": [{\"between\": [\"A\", \"C\"], \"rate\": {\"A\": 10, \"C\": 1, "
              "\"B\": 1}}],"),
        "t.json: $.flows[0].rate.B: unknown key (did you mean \"A\"?); expected one of \"A\" or \"C\" (keys "
        "starting with \"_\" are comments)");
    expect_error(MULTI("\"flows\": [{\"between\": [\"C\", \"A\"], \"rate\": {\"A\": 10, \"C\": "
                       "1e-9}}],"),
                 "t.json: $.flows[0].rate.C: expected a rate in packets per second from C to A: 0 "
                 "(no data) or from 0.001 to 10000, got 1e-09");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"C\"], \"size\": 1500}],"),
                 "t.json: $.flows[0].size: expected a UDP payload size in bytes from 0 to 1400, "
                 "got 1500");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"C\"], \"size\": 10.5}],"),
                 "t.json: $.flows[0].size: expected a whole number of bytes from 0 to 1400, got "
                 "10.5");
    expect_error(MULTI("\"flows\": [{\"between\": [\"A\", \"C\"], \"rates\": 1}],"),
                 "t.json: $.flows[0].rates: unknown key (did you mean \"rate\"?); expected one of "
                 "\"between\", \"rate\" or \"size\" (keys starting with \"_\" are comments)");
}

static void test_a_correspondent_neither_moves_nor_has_mobility(void)
{
    expect_error(MULTI("\"moves\": [{\"host\": \"A\", \"at\": \"1s\", \"to\": \"A2\"}, {\"host\": "
                       "\"C\", \"at\": \"2s\", \"to\": \"A2\"}],"),
                 "t.json: $.moves[1].host: expected a mobile host, but C is a stationary "
                 "correspondent");
    expect_error(MULTI("\"mobility\": {\"C\": {\"process\": \"poisson\", \"rate\": 0.1, "
                       "\"networks\": [\"A1\", \"A2\"]}},"),
                 "t.json: $.mobility.C: expected a mobile host, but C is a stationary "
                 "correspondent");
    /* the list of what "mobility" takes names the mobile hosts */
    expect_error(MULTI("\"mobility\": {\"Xyz\": {}},"),
                 "t.json: $.mobility.Xyz: unknown key; expected one of \"A\", \"B\" or \"D\" (keys "
                 "starting with \"_\" are comments)");
    /* any mobile host may move, the third one too */
    mob_config_t c;
    if (load_ok(MULTI("\"moves\": [{\"host\": \"D\", \"at\": \"1s\", \"to\": \"A2\"}], "
                      "\"mobility\": {\"B\": {\"process\": \"poisson\", \"rate\": 0.5, "
                      "\"networks\": [\"B1\", \"D1\"]}},"),
                &c))
        return;
    CU_ASSERT_EQUAL_FATAL(c.n_moves, 1);
    CU_ASSERT_EQUAL(c.moves[0].host, 3);
    CU_ASSERT_TRUE(c.mobility[1].enabled);
    CU_ASSERT_FALSE(c.mobility[2].enabled);
    mob_config_free(&c);
}

/* ------------------------------------------------------------------------ */
/* Scale                                                                      */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf_t;

static void sb_printf(sbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    if (b->n + (size_t)w + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->n + (size_t)w + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        b->p = p;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)w;
}

#define BIG_HOSTS 20000
#define BIG_HOMES 100

/* BIG_HOMES home networks h<i>, a foreign network f<i> per host; host H<i>
 * at home h<i % BIG_HOMES>, starting on f<i>; every tenth host a
 * correspondent; even hosts list the next one as their peer. `bad` adds a
 * reference to a network that does not exist. */
static char *big_scenario(bool bad)
{
    sbuf_t b = {0};
    sb_printf(&b, "{\"networks\": [");
    for (int i = 0; i < BIG_HOMES; i++)
        sb_printf(&b,
                  "{\"name\": \"h%d\", \"prefix\": \"2001:db8:%x::/64\", \"home_agent\": "
                  "\"HA_h%d\"},",
                  i, 0x8000 + i, i);
    for (int i = 0; i < BIG_HOSTS; i++)
        sb_printf(&b, "%s{\"name\": \"f%d\", \"prefix\": \"2001:db9:%x:%x::/64\"}", i ? "," : "", i,
                  i >> 12, i & 0xfff);
    sb_printf(&b, "], \"hosts\": [");
    for (int i = 0; i < BIG_HOSTS; i++) {
        sb_printf(&b, "%s{\"name\": \"H%d\", ", i ? "," : "", i);
        if (i % 10 == 5)
            sb_printf(&b, "\"kind\": \"correspondent\", \"network\": \"f%d\"", i);
        else
            sb_printf(&b, "\"home\": \"h%d\", \"start\": \"f%d\"", i % BIG_HOMES, i);
        if (i % 2 == 0)
            sb_printf(&b, ", \"peers\": [\"H%d\"]", i + 1);
        sb_printf(&b, "}");
    }
    sb_printf(&b, "], \"deploy\": {\"HA_h7\": false, \"f19999\": false}, \"moves\": [");
    for (int i = 0; i < 1000; i++)
        sb_printf(&b, "%s{\"host\": \"H%d\", \"at\": \"1s\", \"to\": \"f%d\"}", i ? "," : "", 2 * i,
                  bad && i == 999 ? 99999 : 2 * i + 1);
    sb_printf(&b, "], \"flows\": [{\"between\": [\"H19999\", \"H19998\"], \"rate\": 1}]}");
    return b.p;
}

static void test_a_file_of_20000_hosts_loads(void)
{
    char *json = big_scenario(false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_TRUE(strlen(json) <= 4194304);
    mob_config_t c;
    if (load_ok(json, &c) == 0) {
        CU_ASSERT_EQUAL(c.n_nets, BIG_HOMES + BIG_HOSTS);
        CU_ASSERT_EQUAL_FATAL(c.n_hosts, BIG_HOSTS);
        CU_ASSERT_EQUAL(c.n_peers, BIG_HOSTS / 2);
        CU_ASSERT_EQUAL(c.n_moves, 1000);
        CU_ASSERT_EQUAL(c.hosts[12344].home, 44);
        CU_ASSERT_EQUAL(c.hosts[12345].home, -1);
        CU_ASSERT_EQUAL(c.hosts[12345].kind, MOB_HOST_CORRESPONDENT);
        CU_ASSERT_EQUAL(c.hosts[12345].start, BIG_HOMES + 12345);
        CU_ASSERT_EQUAL(c.hosts[12344].start, BIG_HOMES + 12344);
        CU_ASSERT_EQUAL(c.hosts[19999].iid, 0x100u * 20000);
        expect_peer(&c, 7000, 14000, 14001);
        CU_ASSERT_FALSE(c.nets[7].deploy);
        CU_ASSERT_FALSE(c.nets[BIG_HOMES + 19999].deploy);
        CU_ASSERT_TRUE(c.nets[BIG_HOMES + 19998].deploy);
        CU_ASSERT_EQUAL(c.moves[999].to, BIG_HOMES + 1999);
        CU_ASSERT_TRUE(c.peers[BIG_HOSTS / 2 - 1].has_flow);
        mob_config_free(&c);
    }
    free(json);
    /* a message listing names lists the first ten */
    json = big_scenario(true);
    expect_error(json, "t.json: $.moves[999].to: expected the name of a network in $.networks "
                       "(\"h0\", \"h1\", \"h2\", \"h3\", \"h4\", \"h5\", \"h6\", \"h7\", \"h8\", "
                       "\"h9\" and 20090 more), got \"f99999\" (did you mean \"f9999\"?)");
    free(json);
}

/* A tree of n nulls under key (built in C: past the 4 MiB file limit). */
static void expect_count_refused(const char *key, int n, const char *want)
{
    sim_err_t err = {0};
    mob_config_t c;
    cJSON *root;
    const char *json = "{" NETS ", " HOSTS2 "}";
    CU_ASSERT_EQUAL_FATAL(scn_parse_text(json, strlen(json), "t.json", &root, &err), 0);
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateNull());
    cJSON *parent = root;
    if (strcmp(key, "pairs") == 0) {
        parent = cJSON_AddObjectToObject(root, "delay");
        parent = cJSON_AddObjectToObject(parent, "core");
    }
    cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
    cJSON_AddItemToObject(parent, key, arr);
    CU_ASSERT_EQUAL(scn_config_from_json(root, "t.json", &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, want);
    if (strcmp(err.msg, want) != 0)
        fprintf(stderr, "\n  want: %s\n  got:  %s\n", want, err.msg);
    cJSON_Delete(root);
}

static void test_the_arrays_are_bounded_at_100000(void)
{
    expect_count_refused("hosts", 100001,
                         "t.json: $.hosts: expected an array of 2 to 100000 hosts, got 100001 "
                         "hosts");
    expect_count_refused("networks", 100001,
                         "t.json: $.networks: expected an array of 1 to 100000 networks, got "
                         "100001 networks");
    expect_count_refused("moves", 100001,
                         "t.json: $.moves: expected an array of at most 100000 moves, got 100001 "
                         "moves");
    expect_count_refused("pairs", 100001,
                         "t.json: $.delay.core.pairs: expected an array of at most 100000 pairs, "
                         "got 100001 pairs");
    /* at the bound, the count is not what is refused */
    expect_count_refused("moves", 100000,
                         "t.json: $.moves[0]: expected a move such as {\"host\": \"A\", \"at\": "
                         "\"1s\", \"to\": \"A2\"}, got null");
}

static void test_the_name_map_keeps_the_first_value_of_each_name(void)
{
    scn_strmap_t m = SCN_STRMAP_INIT;
    CU_ASSERT_EQUAL(scn_strmap_get(&m, "A"), -1); /* empty */
    char name[16];
    for (int i = 0; i < 5000; i++) { /* through many growths */
        snprintf(name, sizeof(name), "n%d", i);
        CU_ASSERT_EQUAL_FATAL(scn_strmap_add(&m, name, i, NULL), 0);
    }
    CU_ASSERT_EQUAL(scn_strmap_count(&m), 5000);
    int old = -1;
    CU_ASSERT_EQUAL(scn_strmap_add(&m, "n1234", 7, &old), 1);
    CU_ASSERT_EQUAL(old, 1234);
    CU_ASSERT_EQUAL(scn_strmap_get(&m, "n1234"), 1234); /* unchanged */
    CU_ASSERT_EQUAL(scn_strmap_get(&m, "n4999"), 4999);
    CU_ASSERT_EQUAL(scn_strmap_get(&m, "n5000"), -1);
    CU_ASSERT_EQUAL(scn_strmap_get(&m, ""), -1);
    CU_ASSERT_EQUAL(scn_strmap_add(&m, "", 0, NULL), 0); /* the empty name is a key too */
    CU_ASSERT_EQUAL(scn_strmap_get(&m, ""), 0);
    scn_strmap_fini(&m);
    CU_ASSERT_EQUAL(scn_strmap_count(&m), 0);
    CU_ASSERT_EQUAL(scn_strmap_get(&m, "n1"), -1);
}

void suite_scn_hosts(void)
{
    ADD_SUITE("scenarios/scn_hosts",
              TEST(test_mobile_hosts_and_a_stationary_correspondent_fill_their_fields),
              TEST(test_the_multi_host_example_of_the_docs_loads),
              TEST(test_peers_are_symmetric_and_each_pair_is_stored_once),
              TEST(test_two_hosts_without_peers_keep_the_implied_pair),
              TEST(test_hosts_may_share_home_and_foreign_networks),
              TEST(test_flows_override_the_traffic_of_one_pair_per_direction),
              TEST(test_a_flow_of_two_hosts_without_peers_gives_their_pair_an_entry),
              TEST(test_host_kinds_refuse_the_other_kinds_keys),
              TEST(test_every_host_needs_an_iid_of_its_own),
              TEST(test_bad_peers_are_refused_with_their_path),
              TEST(test_bad_flows_are_refused_with_their_path),
              TEST(test_a_correspondent_neither_moves_nor_has_mobility),
              TEST(test_the_name_map_keeps_the_first_value_of_each_name),
              TEST(test_a_file_of_20000_hosts_loads), TEST(test_the_arrays_are_bounded_at_100000));
}
