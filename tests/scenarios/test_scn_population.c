/* tests/scenarios/test_scn_population.c - the `population` generator and
 * the mobility keys of issue 15 (`next`, `first`, `edges`, `groups`):
 * counts and names of what is generated, the same population for the same
 * seed (another for another), class shares by largest remainder, graph
 * degrees, vehicles, mixing with explicit networks and hosts, `--set` on a
 * population key, and one exact message per new error. Configs only. */
#include "models/addr.h"
#include "scenarios/scn.h"
#include "tests/testing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JSON written with ' for " (readable in C), loaded as file "t.json". */
static int load_sets(const char *json, const char *const *sets, size_t n_sets, mob_config_t *c,
                     sim_err_t *err)
{
    size_t n = strlen(json);
    char *text = malloc(n + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (size_t i = 0; i <= n; i++)
        text[i] = json[i] == '\'' ? '"' : json[i];
    memset(err, 0, sizeof(*err));
    int rc = scn_load_string(text, n, "t.json", sets, n_sets, c, err);
    free(text);
    return rc;
}

static int load(const char *json, mob_config_t *c, sim_err_t *err)
{
    return load_sets(json, NULL, 0, c, err);
}

static void load_ok(const char *json, mob_config_t *c)
{
    sim_err_t err;
    int rc = load(json, c, &err);
    if (rc)
        fprintf(stderr, "\nunexpected error: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
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

/* 20 mobile hosts over 3 home agents, 4 correspondents, 10 cells */
#define POP(extra)                                                                                 \
    "{'horizon': '20s', " extra "'population': {'mobile_hosts': 20, 'correspondents': 4, "         \
    "'home_agents': 3, 'cells': 10, 'peers': {'k': 2, 'mobile_fraction': 0.5}, 'rate': 2, "        \
    "'size': 100, 'mobility': {'process': 'poisson', 'rate': 0.1}}}"

/* peers of host h, and how many of them are mobile */
static int peers_of(const mob_config_t *c, int h, int *mobile)
{
    int n = 0, m = 0;
    for (int p = 0; p < c->n_peers; p++) {
        int o = c->peers[p].a == h ? c->peers[p].b : c->peers[p].b == h ? c->peers[p].a : -1;
        if (o < 0)
            continue;
        n++;
        m += c->hosts[o].kind == MOB_HOST_MOBILE;
    }
    if (mobile)
        *mobile = m;
    return n;
}

static void test_counts_names_homes_and_pairs(void)
{
    mob_config_t c;
    load_ok(POP(""), &c);
    CU_ASSERT_TRUE(c.has_population);
    CU_ASSERT_EQUAL_FATAL(c.n_nets, 13);
    CU_ASSERT_STRING_EQUAL(c.nets[0].name, "home0");
    CU_ASSERT_STRING_EQUAL(c.nets[2].home_agent, "HA2");
    CU_ASSERT_TRUE(c.nets[2].is_home);
    CU_ASSERT_STRING_EQUAL(c.nets[3].name, "cell0");
    CU_ASSERT_STRING_EQUAL(c.nets[12].name, "cell9");
    CU_ASSERT_FALSE(c.nets[12].is_home);
    char buf[64];
    net_addr_format(&c.nets[2].prefix, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "fd00:0:2::");
    net_addr_format(&c.nets[12].prefix, buf, sizeof(buf));
    CU_ASSERT_STRING_EQUAL(buf, "fd01:0:9::");
    CU_ASSERT_EQUAL_FATAL(c.n_hosts, 24);
    int mobile = 0;
    for (int h = 0; h < c.n_hosts; h++) {
        const mob_host_t *x = &c.hosts[h];
        if (x->kind != MOB_HOST_MOBILE) {
            CU_ASSERT_EQUAL(x->cls, -1);
            CU_ASSERT_EQUAL(x->home, -1);
            CU_ASSERT_TRUE(x->start >= 3 && x->start < 13);
            continue;
        }
        mobile++;
        char name[16];
        snprintf(name, sizeof(name), "m%d", h);
        CU_ASSERT_STRING_EQUAL(x->name, name);
        CU_ASSERT_EQUAL(x->home, h % 3);
        CU_ASSERT_TRUE(x->start >= 3 && x->start < 13);
        CU_ASSERT_EQUAL(x->iid, 0x100u * (uint64_t)(h + 1));
        CU_ASSERT_EQUAL(x->cls, 0);
        /* k = 2, half mobile: one mobile, one stationary peer each */
        int m;
        CU_ASSERT_EQUAL(peers_of(&c, h, &m), 2);
        CU_ASSERT_EQUAL(m, 1);
        const mob_mobility_t *mo = &c.mobility[h];
        CU_ASSERT_TRUE(mo->enabled);
        CU_ASSERT_DOUBLE_EQUAL(mo->rate, 0.1, 1e-12);
        CU_ASSERT_EQUAL(mo->next, MOB_NEXT_UNIFORM);
        CU_ASSERT_EQUAL(mo->n_nets, 10); /* every cell */
    }
    CU_ASSERT_EQUAL(mobile, 20);
    CU_ASSERT_STRING_EQUAL(c.hosts[20].name, "c0");
    CU_ASSERT_EQUAL(c.n_peers, 10 + 20); /* 10 mobile pairs, 20 stationary */
    for (int p = 0; p < c.n_peers; p++) {
        CU_ASSERT_TRUE(c.peers[p].has_flow);
        CU_ASSERT_DOUBLE_EQUAL(c.peers[p].rate_ab, 2, 0);
        CU_ASSERT_DOUBLE_EQUAL(c.peers[p].rate_ba, 2, 0);
        CU_ASSERT_EQUAL(c.peers[p].size, 100);
    }
    CU_ASSERT_EQUAL_FATAL(c.n_classes, 1);
    CU_ASSERT_STRING_EQUAL(c.classes[0].name, "all");
    mob_config_free(&c);
}

static void test_without_correspondents_every_peer_is_mobile(void)
{
    mob_config_t c;
    load_ok("{'population': {'mobile_hosts': 30, 'cells': 5, 'peers': {'k': 3, "
            "'mobile_fraction': 0}, 'mobility': {'process': 'poisson', 'rate': 0.1}}}",
            &c);
    CU_ASSERT_EQUAL(c.n_hosts, 30);
    int short_of_k = 0;
    for (int h = 0; h < 30; h++) {
        int m, n = peers_of(&c, h, &m);
        CU_ASSERT_EQUAL(m, n);
        CU_ASSERT_TRUE(n <= 3);
        short_of_k += n < 3;
    }
    /* 30 hosts: perfect matchings, repeats avoided: almost all get k */
    CU_ASSERT_TRUE(short_of_k <= 2);
    mob_config_free(&c);
}

/* The generated arrays compared byte by byte (configs zero their padding). */
static bool same_population(const mob_config_t *a, const mob_config_t *b)
{
    return a->n_hosts == b->n_hosts && a->n_peers == b->n_peers && a->n_edges == b->n_edges &&
           memcmp(a->hosts, b->hosts, (size_t)a->n_hosts * sizeof(*a->hosts)) == 0 &&
           memcmp(a->peers, b->peers, (size_t)a->n_peers * sizeof(*a->peers)) == 0 &&
           memcmp(a->edges, b->edges, (size_t)a->n_edges * sizeof(*a->edges)) == 0;
}

#define REPRO(seed)                                                                                \
    "{'seed': " seed ", 'population': {'mobile_hosts': 200, 'correspondents': 20, "                \
    "'home_agents': 4, 'cells': 50, 'graph': {'kind': 'random-geometric', 'radius': 0.2}, "        \
    "'peers': {'k': 2, 'mobile_fraction': 0.5}, 'classes': ["                                      \
    "{'name': 'a', 'share': 0.5, 'process': 'poisson', 'rate': 0.1}, "                             \
    "{'name': 'b', 'share': 0.5, 'process': 'dwell', 'dwell': '10s'}]}}"

static void test_the_same_seed_gives_the_same_population_another_another(void)
{
    mob_config_t a, b, d;
    load_ok(REPRO("7"), &a);
    load_ok(REPRO("7"), &b);
    load_ok(REPRO("8"), &d);
    CU_ASSERT_TRUE(same_population(&a, &b));
    for (int h = 0; h < a.n_hosts; h++)
        CU_ASSERT_EQUAL(a.mobility[h].has_dwell, b.mobility[h].has_dwell);
    CU_ASSERT_FALSE(same_population(&a, &d));
    /* another seed changes starts, classes and peers alike */
    int starts = 0, classes = 0;
    for (int h = 0; h < a.n_hosts; h++) {
        starts += a.hosts[h].start != d.hosts[h].start;
        classes += a.hosts[h].cls != d.hosts[h].cls;
    }
    CU_ASSERT_TRUE(starts > 100);
    CU_ASSERT_TRUE(classes > 50);
    mob_config_free(&a);
    mob_config_free(&b);
    mob_config_free(&d);
}

static void count_classes(const mob_config_t *c, int *count, int n)
{
    memset(count, 0, (size_t)n * sizeof(*count));
    for (int h = 0; h < c->n_hosts; h++)
        if (c->hosts[h].cls >= 0 && c->hosts[h].cls < n)
            count[c->hosts[h].cls]++;
}

static void test_class_shares_by_largest_remainder(void)
{
    mob_config_t c;
    int n[4];
    /* 7 hosts: 4.2, 2.1, 0.7 -> 4, 2, 0 and the seat left to the 0.7 */
    load_ok("{'population': {'mobile_hosts': 7, 'cells': 4, 'classes': ["
            "{'name': 'pedestrian', 'share': 0.6, 'process': 'dwell', 'dwell': '30s'}, "
            "{'name': 'vehicle', 'share': 0.3, 'process': 'poisson', 'rate': 0.1}, "
            "{'name': 'static', 'share': 0.1, 'process': 'none'}]}}",
            &c);
    CU_ASSERT_EQUAL_FATAL(c.n_classes, 3);
    CU_ASSERT_STRING_EQUAL(c.classes[1].name, "vehicle");
    count_classes(&c, n, 3);
    CU_ASSERT_EQUAL(n[0], 4);
    CU_ASSERT_EQUAL(n[1], 2);
    CU_ASSERT_EQUAL(n[2], 1);
    for (int h = 0; h < 7; h++) {
        const mob_mobility_t *m = &c.mobility[h];
        int k = c.hosts[h].cls;
        CU_ASSERT_EQUAL(m->enabled, k != 2);
        CU_ASSERT_EQUAL(m->has_dwell, k == 0);
        if (k == 0)
            CU_ASSERT_EQUAL(m->dwell.a, SIM_S(30));
        if (k == 1)
            CU_ASSERT_DOUBLE_EQUAL(m->rate, 0.1, 1e-12);
    }
    mob_config_free(&c);
    /* 10 hosts: 3.5, 3.5, 3 -> a tie of remainders goes to the first */
    load_ok("{'population': {'mobile_hosts': 10, 'cells': 4, 'classes': ["
            "{'name': 'x', 'share': 0.35, 'process': 'none'}, "
            "{'name': 'y', 'share': 0.35, 'process': 'none'}, "
            "{'name': 'z', 'share': 0.3, 'process': 'none'}]}}",
            &c);
    count_classes(&c, n, 3);
    CU_ASSERT_EQUAL(n[0], 4);
    CU_ASSERT_EQUAL(n[1], 3);
    CU_ASSERT_EQUAL(n[2], 3);
    mob_config_free(&c);
}

static void degrees(const mob_config_t *c, int *deg)
{
    memset(deg, 0, (size_t)c->n_nets * sizeof(*deg));
    for (int e = 0; e < c->n_edges; e++) {
        CU_ASSERT_TRUE(c->edges[e].a < c->edges[e].b);
        deg[c->edges[e].a]++;
        deg[c->edges[e].b]++;
    }
}

#define GRAPH(cells, graph)                                                                        \
    "{'population': {'mobile_hosts': 4, 'cells': " cells ", 'graph': " graph ", "                  \
    "'mobility': {'process': 'poisson', 'rate': 0.1}}}"

static void test_graph_degrees_ring_grid_and_random_geometric(void)
{
    mob_config_t c;
    int deg[2000];
    load_ok(GRAPH("10", "{'kind': 'ring'}"), &c);
    CU_ASSERT_EQUAL(c.n_edges, 10);
    degrees(&c, deg);
    for (int i = 1; i < 11; i++)
        CU_ASSERT_EQUAL(deg[i], 2);
    /* with a graph, moves default to a walk: no network list */
    CU_ASSERT_EQUAL(c.mobility[0].next, MOB_NEXT_WALK);
    CU_ASSERT_EQUAL(c.mobility[0].n_nets, 0);
    mob_config_free(&c);

    load_ok(GRAPH("12", "{'kind': 'grid', 'width': 4}"), &c);
    CU_ASSERT_EQUAL(c.n_edges, 3 * 3 + 4 * 2);
    degrees(&c, deg);
    int corners = 0;
    for (int i = 1; i < 13; i++) {
        CU_ASSERT_TRUE(deg[i] >= 2 && deg[i] <= 4);
        corners += deg[i] == 2;
    }
    CU_ASSERT_EQUAL(corners, 4);
    mob_config_free(&c);

    load_ok(GRAPH("1500", "{'kind': 'random-geometric', 'radius': 0.02}"), &c);
    degrees(&c, deg);
    for (int i = 1; i < 1501; i++)
        CU_ASSERT_TRUE(deg[i] >= 1);
    /* each unordered edge once (the loader refuses repeats with their path) */
    for (int e = 1; e < c.n_edges && e < 200; e++)
        for (int f = 0; f < e; f++)
            CU_ASSERT_FALSE(c.edges[e].a == c.edges[f].a && c.edges[e].b == c.edges[f].b);
    mob_config_free(&c);

    load_ok(GRAPH("10", "{'kind': 'none'}"), &c);
    CU_ASSERT_EQUAL(c.n_edges, 0);
    CU_ASSERT_EQUAL(c.mobility[0].next, MOB_NEXT_UNIFORM);
    mob_config_free(&c);
}

static void test_vehicles_of_a_class_and_co_passengers_talking(void)
{
    mob_config_t c;
    load_ok("{'population': {'mobile_hosts': 10, 'cells': 6, 'peers': {'k': 1}, 'classes': ["
            "{'name': 'train', 'share': 1, 'process': 'dwell', 'dwell': '60s', "
            "'next': 'sequence', 'group': {'size': 3, 'talk_within': true, "
            "'jitter': {'dist': 'uniform', 'min': '0ms', 'max': '200ms'}}}]}}",
            &c);
    CU_ASSERT_EQUAL_FATAL(c.n_groups, 4); /* 3, 3, 3 and 1 */
    CU_ASSERT_STRING_EQUAL(c.groups[0].name, "train.veh0");
    CU_ASSERT_STRING_EQUAL(c.groups[3].name, "train.veh3");
    int size[4] = {0};
    for (int h = 0; h < 10; h++) {
        const mob_mobility_t *m = &c.mobility[h];
        CU_ASSERT_TRUE_FATAL(m->grouped);
        CU_ASSERT_FALSE(m->enabled);
        size[m->group]++;
        CU_ASSERT_EQUAL(c.hosts[h].start, c.groups[m->group].start);
    }
    CU_ASSERT_EQUAL(size[0], 3);
    CU_ASSERT_EQUAL(size[2], 3);
    CU_ASSERT_EQUAL(size[3], 1);
    for (int g = 0; g < 4; g++) {
        const mob_group_t *x = &c.groups[g];
        CU_ASSERT_TRUE(x->mobility.enabled);
        CU_ASSERT_EQUAL(x->mobility.next, MOB_NEXT_SEQUENCE);
        CU_ASSERT_EQUAL(x->mobility.n_nets, 6);
        CU_ASSERT_EQUAL(x->mobility.dwell.a, SIM_S(60));
        CU_ASSERT_EQUAL(x->jitter.kind, MOB_DIST_UNIFORM);
        CU_ASSERT_EQUAL(x->jitter.b, SIM_MS(200));
    }
    /* talk_within: of each vehicle of 3, two talk to each other first */
    int within = 0;
    for (int p = 0; p < c.n_peers; p++)
        within += c.mobility[c.peers[p].a].group == c.mobility[c.peers[p].b].group;
    CU_ASSERT_TRUE(within >= 3);
    mob_config_free(&c);
}

static void test_explicit_networks_and_hosts_mix_with_generated_ones(void)
{
    mob_config_t c;
    load_ok("{'networks': [{'name': 'homeX', 'prefix': '2001:db8:a::/64', 'home_agent': 'HA_X'},"
            "{'name': 'cnet', 'prefix': '2001:db8:c::/64'}],"
            "'hosts': [{'name': 'X', 'home': 'homeX', 'start': 'cell1', 'peers': ['c0']},"
            "{'name': 'C', 'kind': 'correspondent', 'network': 'cell2', 'peers': ['m0']}],"
            "'flows': [{'between': ['X', 'c0'], 'rate': 5}],"
            "'population': {'mobile_hosts': 4, 'correspondents': 2, 'cells': 3, "
            "'peers': {'k': 1, 'mobile_fraction': 0}, 'rate': 1, "
            "'mobility': {'process': 'poisson', 'rate': 0.1}}}",
            &c);
    CU_ASSERT_EQUAL_FATAL(c.n_nets, 2 + 1 + 3);
    CU_ASSERT_STRING_EQUAL(c.nets[2].name, "home0");
    CU_ASSERT_EQUAL_FATAL(c.n_hosts, 2 + 4 + 2);
    CU_ASSERT_STRING_EQUAL(c.hosts[0].name, "X");
    CU_ASSERT_EQUAL(c.hosts[0].start, 4); /* cell1 */
    CU_ASSERT_EQUAL(c.hosts[1].start, 5); /* cell2 */
    CU_ASSERT_STRING_EQUAL(c.hosts[2].name, "m0");
    CU_ASSERT_EQUAL(c.hosts[2].iid, 0x300u);
    CU_ASSERT_EQUAL(c.hosts[0].cls, -1);
    CU_ASSERT_FALSE(c.mobility[0].enabled);
    /* 4 generated pairs, then X-c0 and C-m0 */
    CU_ASSERT_EQUAL_FATAL(c.n_peers, 6);
    CU_ASSERT_EQUAL(c.peers[4].a, 0);
    CU_ASSERT_STRING_EQUAL(c.hosts[c.peers[4].b].name, "c0");
    CU_ASSERT_DOUBLE_EQUAL(c.peers[4].rate_ab, 5, 0);
    CU_ASSERT_EQUAL(c.peers[5].b, 2);
    mob_config_free(&c);
}

/* two homes, cells C0..C2 and a walk, a first handoff and a vehicle */
#define EXPLICIT(edges, mobility, groups, bstart)                                                  \
    "{'networks': [{'name': 'homeA', 'prefix': '2001:db8:a::/64', 'home_agent': 'HA_A'},"          \
    "{'name': 'homeB', 'prefix': '2001:db8:b::/64', 'home_agent': 'HA_B'},"                        \
    "{'name': 'C0', 'prefix': '2001:db8:c0::/64'}, {'name': 'C1', 'prefix': '2001:db8:c1::/64'},"  \
    "{'name': 'C2', 'prefix': '2001:db8:c2::/64'}],"                                               \
    "'hosts': [{'name': 'A', 'home': 'homeA', 'start': 'C0', 'peers': ['B']},"                     \
    "{'name': 'B', 'home': 'homeB'" bstart ", 'peers': ['D']},"                                    \
    "{'name': 'D', 'home': 'homeA', 'start': 'C0'}]" edges mobility groups "}"
#define EDGES ", 'edges': [['C0', 'C1'], ['C2', 'C1']]"
#define WALK_A                                                                                     \
    ", 'mobility': {'A': {'process': 'poisson', 'rate': 0.1, 'next': 'walk', 'first': '2s'}}"
#define TRAIN(m)                                                                                   \
    ", 'groups': {'train1': {'members': " m ", 'start': 'C0', 'process': 'dwell', "                \
    "'dwell': '60s', 'next': 'sequence', 'networks': ['C0', 'C1', 'C2'], "                         \
    "'jitter': {'dist': 'uniform', 'min': '0ms', 'max': '200ms'}}}"

static void test_next_first_edges_and_groups_on_an_explicit_scenario(void)
{
    mob_config_t c;
    load_ok(EXPLICIT(EDGES, WALK_A, TRAIN("['B', 'D']"), ""), &c);
    CU_ASSERT_EQUAL_FATAL(c.n_edges, 2);
    CU_ASSERT_EQUAL(c.edges[0].a, 2);
    CU_ASSERT_EQUAL(c.edges[0].b, 3);
    CU_ASSERT_EQUAL(c.edges[1].a, 3); /* stored a < b */
    CU_ASSERT_EQUAL(c.edges[1].b, 4);
    const mob_mobility_t *a = &c.mobility[0];
    CU_ASSERT_TRUE(a->enabled);
    CU_ASSERT_EQUAL(a->next, MOB_NEXT_WALK);
    CU_ASSERT_EQUAL(a->n_nets, 0);
    CU_ASSERT_TRUE(a->has_first);
    CU_ASSERT_EQUAL(a->first, SIM_S(2));
    CU_ASSERT_EQUAL_FATAL(c.n_groups, 1);
    const mob_group_t *g = &c.groups[0];
    CU_ASSERT_STRING_EQUAL(g->name, "train1");
    CU_ASSERT_EQUAL(g->start, 2);
    CU_ASSERT_EQUAL(g->mobility.next, MOB_NEXT_SEQUENCE);
    CU_ASSERT_EQUAL(g->mobility.n_nets, 3);
    CU_ASSERT_EQUAL(g->jitter.b, SIM_MS(200));
    CU_ASSERT_TRUE(c.mobility[1].grouped && c.mobility[2].grouped);
    CU_ASSERT_EQUAL(c.mobility[1].group, 0);
    CU_ASSERT_EQUAL(c.hosts[1].start, 2); /* B took the group's start */
    CU_ASSERT_FALSE(c.has_population);
    mob_config_free(&c);
    /* no population: 'first' without 'next' keeps the uniform choice */
    load_ok(EXPLICIT("",
                     ", 'mobility': {'A': {'process': 'poisson', 'rate': 0.1, "
                     "'networks': ['C0', 'C1'], 'first': '500ms'}}",
                     "", ", 'start': 'C1'"),
            &c);
    CU_ASSERT_EQUAL(c.mobility[0].next, MOB_NEXT_UNIFORM);
    CU_ASSERT_EQUAL(c.mobility[0].first, SIM_MS(500));
    mob_config_free(&c);
}

static void test_set_and_sweep_paths_reach_population_keys(void)
{
    mob_config_t c;
    sim_err_t err;
    const char *sets[] = {"population.mobility.rate=0.5", "population.peers.k=1"};
    CU_ASSERT_EQUAL_FATAL(load_sets(POP(""), sets, 2, &c, &err), 0);
    CU_ASSERT_DOUBLE_EQUAL(c.mobility[0].rate, 0.5, 1e-12);
    CU_ASSERT_EQUAL(peers_of(&c, 0, NULL), 1);
    mob_config_free(&c);
    const char *bad[] = {"population.mobility.rate=500"};
    CU_ASSERT_EQUAL(load_sets(POP(""), bad, 1, &c, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg,
        "t.json: $.population.mobility.rate: expected a rate in handoffs per second from 0.001 to 100 (leave the host out of \"mobility\" for no handoffs), got 500 (from --set population.mobility.rate=500)");
    mob_config_free(&c);
}

#define POPC(classes) "{'population': {'mobile_hosts': 4, 'cells': 4, 'classes': [" classes "]}}"
#define STATIC(share) "{'name': 's', 'share': " share ", 'process': 'none'}"

/* clang-format off */
static void test_every_population_error_names_its_path(void)
{
    expect_error(POPC(STATIC("0.5") ", {'name': 't', 'share': 1.5, 'process': 'none'}"),
                 "t.json: $.population.classes[1].share: expected a number from 0 to 1, got 1.5");
    expect_error(POPC(STATIC("0.5") ", {'name': 't', 'share': 0.4, 'process': 'none'}"),
                 "t.json: $.population.classes: expected shares summing to 1, got 0.9");
    expect_error(POPC(STATIC("0.5") ", " STATIC("0.5")),
                 "t.json: $.population.classes[1].name: expected a class name not used before, but $.population.classes[0] is also \"s\"");
    expect_error(POPC("{'name': 'averyveryverylongname', 'share': 1, 'process': 'none'}"),
                 "t.json: $.population.classes[0].name: expected a class name of letters, digits, \"_\" and \"-\" (at most 16 characters, not starting with \"_\" or \"-\"), got \"averyveryverylongname\"");
    expect_error(POPC("{'name': 's', 'share': 1, 'process': 'none', 'group': {'size': 2}}"),
                 "t.json: $.population.classes[0].group: expected a moving process for a class in vehicles, got \"process\": \"none\"");
    expect_error(POPC("{'name': 's', 'share': 1, 'process': 'none', 'rate': 1}"),
                 "t.json: $.population.classes[0].rate: expected no \"rate\" for the none process (its hosts do not move)");
    expect_error(POPC("{'name': 's', 'share': 1, 'process': 'poisson', 'rate': 1, 'networks': ['cell0']}"),
                 "t.json: $.population.classes[0].networks: expected no \"networks\" in a population (its hosts move among the generated cells)");
    expect_error(POPC("{'name': 's', 'share': 1, 'process': 'poisson', 'rate': 1, 'next': 'walk'}"),
                 "t.json: $.population.classes[0].next: expected a cell graph for \"next\": \"walk\" (a \"graph\" of the population), but the scenario has none");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 4}}",
                 "t.json: $.population: expected a key \"mobility\" (the hosts' process, such as {\"process\": \"poisson\", \"rate\": 0.0333}) or \"classes\"");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}, 'classes': [" STATIC("1") "]}}",
                 "t.json: $.population.mobility: expected either \"mobility\" or \"classes\" (each class has its process)");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 1, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.cells: expected a whole number of cells from 2 to 100000, got 1");
    expect_error("{'population': {'mobile_hosts': 100001, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.mobile_hosts: expected a whole number of mobile hosts from 0 to 100000, got 100001");
    expect_error("{'population': {'mobile_hosts': 60000, 'correspondents': 50000, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected 2 to 100000 hosts in all, got 110000 (0 in $.hosts, 60000 mobile hosts and 50000 correspondents generated)");
    expect_error("{'population': {'mobile_hosts': 4, 'home_agents': 60000, 'cells': 50000, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected at most 100000 networks in all, got 110000 (0 in $.networks, 60000 home networks and 50000 cells generated)");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 10, 'graph': {'kind': 'grid', 'width': 3}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.graph.width: expected a width that divides the 10 cells, got 3");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 10, 'graph': {'kind': 'ring', 'width': 3}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.graph.width: unknown key; expected one of \"kind\" (keys starting with \"_\" are comments)");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 10, 'graph': {'kind': 'random-geometric', 'radius': 0}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.graph.radius: expected a radius above 0 and at most 1.5 (cells lie in the unit square), got 0");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 99999, 'graph': {'kind': 'random-geometric', 'radius': 0.1}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.graph.radius: expected a radius giving at most 1000000 edges, but 0.1 joins more among 99999 cells");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 10, 'graph': {'kind': 'tree'}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.graph.kind: expected one of \"none\", \"ring\", \"grid\" or \"random-geometric\", got \"tree\"");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 10, 'peers': {'k': 17}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.peers.k: expected a whole number of peers per mobile host from 0 to 16, got 17");
    expect_error("{'population': {'mobile_hosts': 4, 'correspondents': 2, 'cells': 10, 'peers': {'k': 3}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.peers.k: expected at most 2 peers per host (the number of correspondents: a host has each at most once), got 3");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 10, 'peers': {'mobile_fraction': 2}, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population.peers.mobile_fraction: expected a fraction from 0 to 1 (the share of a host's peers that are mobile), got 2");
    expect_error("{'population': {'mobile_hosts': 2000, 'cells': 20000, 'mobility': {'process': 'poisson', 'rate': 1}}}",
                 "t.json: $.population: expected at most 20000000 entries in the hosts' lists of cells, got 40000000 (\"next\": \"uniform\" or \"sequence\" lists all 20000 cells per moving host or vehicle): use a \"graph\" and \"next\": \"walk\"");
    /* generated names and prefixes against explicit ones */
    expect_error("{'networks': [{'name': 'cell1', 'prefix': '2001:db8:c::/64'}], 'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected network names free for the generated networks, but $.networks[0] is called \"cell1\"");
    expect_error("{'networks': [{'name': 'x', 'prefix': 'fd01:0:2::/64'}], 'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected prefixes free for the generated networks (fd00::/16 for homes, fd01::/16 for cells), but $.networks[0] (x) has fd01:0:2::/64");
    expect_error("{'networks': [{'name': 'h', 'prefix': '2001:db8:a::/64', 'home_agent': 'HA0'}], 'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected home agent names free for the generated home agents, but $.networks[0] has home agent \"HA0\"");
    expect_error("{'networks': [{'name': 'HA0', 'prefix': '2001:db8:a::/64'}], 'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected names free for the generated home agent \"HA0\", but network \"HA0\" or its access router \"AR_HA0\" has it");
    expect_error("{'hosts': [{'name': 'm2', 'kind': 'correspondent', 'network': 'cell0', 'peers': ['m0']}], 'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected names free for the generated hosts, but $.hosts[0] is called \"m2\"");
    expect_error("{'hosts': [{'name': 'X', 'kind': 'correspondent', 'network': 'cell0', 'iid': '0x300', 'peers': ['m0']}], 'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'none'}}}",
                 "t.json: $.population: expected interface identifiers free for the generated hosts, but host X ($.hosts[0]) has m1's 0x300");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'poisson', 'rate': 1}}, 'mobility': {'m1': {'process': 'poisson', 'rate': 1, 'networks': ['cell0', 'cell1']}}}",
                 "t.json: $.mobility.m1: expected a host of $.hosts, but m1 is generated by $.population (its class gives its process)");
    expect_error("{'population': {'mobile_hosts': 4, 'cells': 4, 'mobility': {'process': 'poisson', 'rate': 1}}, 'moves': [{'host': 'm1', 'at': '1s', 'to': 'cell0'}]}",
                 "t.json: $.moves[0].host: expected either scripted moves or a mobility process for host m1, but $.population gives it one");
}

static void test_every_error_of_next_first_edges_and_groups(void)
{
    expect_error(EXPLICIT(", 'edges': [['C0', 'C0']]", "", "", ", 'start': 'C1'"),
                 "t.json: $.edges[0]: expected two different networks (no edge from \"C0\" to itself)");
    expect_error(EXPLICIT(", 'edges': [['C0', 'C1'], ['C1', 'C0']]", "", "", ", 'start': 'C1'"),
                 "t.json: $.edges[1]: expected each edge once, but $.edges[0] is the same edge");
    expect_error(EXPLICIT(", 'edges': [['C0', 'homeA']]", "", "", ", 'start': 'C1'"),
                 "t.json: $.edges[0][1]: expected a foreign network (walks move hosts of every home along edges), but \"homeA\" is a home network");
    expect_error(EXPLICIT(", 'edges': [['C0', 'C9']]", "", "", ", 'start': 'C1'"),
                 "t.json: $.edges[0][1]: expected the name of a network in $.networks (\"homeA\", \"homeB\", \"C0\", \"C1\" or \"C2\"), got \"C9\" (did you mean \"C0\"?)");
    expect_error(EXPLICIT(", 'edges': ['C0']", "", "", ", 'start': 'C1'"),
                 "t.json: $.edges[0]: expected two network names such as [\"A1\", \"A2\"], got \"C0\"");
    expect_error(EXPLICIT("", WALK_A, "", ", 'start': 'C1'"),
                 "t.json: $.mobility.A.next: expected a cell graph for \"next\": \"walk\" ($.edges or a population graph), but the scenario has none");
    expect_error(EXPLICIT(EDGES, ", 'mobility': {'A': {'process': 'poisson', 'rate': 0.1, 'next': 'walk', 'networks': ['C0', 'C1']}}", "", ", 'start': 'C1'"),
                 "t.json: $.mobility.A.networks: expected no \"networks\" with \"next\": \"walk\" (the walk follows the edges of the cell graph)");
    expect_error(EXPLICIT("", ", 'mobility': {'A': {'process': 'poisson', 'rate': 0.1, 'next': 'zigzag', 'networks': ['C0', 'C1']}}", "", ", 'start': 'C1'"),
                 "t.json: $.mobility.A.next: expected one of \"uniform\", \"walk\" or \"sequence\", got \"zigzag\"");
    expect_error(EXPLICIT("", ", 'mobility': {'A': {'process': 'poisson', 'rate': 0.1, 'first': 'soon', 'networks': ['C0', 'C1']}}", "", ", 'start': 'C1'"),
                 "t.json: $.mobility.A.first: expected a time such as \"120ms\" (units ns, us, ms, s, min) or a number of seconds, got \"soon\"");
    expect_error(EXPLICIT("", ", 'mobility': {'D': {'process': 'poisson', 'rate': 0.1, 'networks': ['C0', 'C1']}}", TRAIN("['B', 'D']"), ""),
                 "t.json: $.groups.train1.members[1]: expected either a group or a mobility process for host D, but $.mobility.D moves it too");
    expect_error(EXPLICIT(", 'moves': [{'host': 'D', 'at': '1s', 'to': 'C1'}]", "", TRAIN("['B', 'D']"), ""),
                 "t.json: $.groups.train1.members[1]: expected either a group or scripted moves for host D, but $.moves[0] moves it too");
    expect_error(EXPLICIT("", "", TRAIN("['B', 'D', 'B']"), ""),
                 "t.json: $.groups.train1.members[2]: expected each host once, but \"B\" is also item 0");
    expect_error(EXPLICIT("", "", ", 'groups': {'t': {'members': ['B', 'A'], 'start': 'C1', 'process': 'poisson', 'rate': 1, 'networks': ['C0', 'C1']}}", ""),
                 "t.json: $.groups.t.members[1]: expected a host that starts where its group does (\"C1\"), but A starts on \"C0\" ($.hosts[0].start)");
    expect_error(EXPLICIT("", "", ", 'groups': {'train1': {'members': ['B'], 'start': 'C0', 'process': 'poisson', 'rate': 1, 'networks': ['C0', 'C1']}, 'train2': {'members': ['B'], 'start': 'C0', 'process': 'poisson', 'rate': 1, 'networks': ['C0', 'C1']}}", ""),
                 "t.json: $.groups.train2.members[0]: expected a host in one group only, but B is also in $.groups.train1");
    expect_error(EXPLICIT("", "", TRAIN("['D']"), ""),
                 "t.json: $.hosts[1]: expected a key \"start\" (the network where it is at time 0)");
    expect_error(EXPLICIT("", "", "", ""),
                 "t.json: $.hosts[1]: expected a key \"start\" (the network where it is at time 0)");
    expect_error(EXPLICIT("", "", ", 'groups': {'t': {'members': ['B'], 'start': 'homeA', 'process': 'poisson', 'rate': 1, 'networks': ['C0', 'C1']}}", ""),
                 "t.json: $.groups.t.start: expected a foreign network (a vehicle carries hosts of any home), but \"homeA\" is a home network");
    expect_error(EXPLICIT("", "", ", 'groups': {'t': {'start': 'C0', 'process': 'poisson', 'rate': 1, 'networks': ['C0', 'C1']}}", ", 'start': 'C1'"),
                 "t.json: $.groups.t: expected a key \"members\" (the hosts on the vehicle)");
    expect_error(EXPLICIT("", "", ", 'groups': {'t': {'members': ['B'], 'start': 'C0', 'process': 'poisson', 'rate': 1, 'networks': ['C0', 'C1'], 'jitter': 'x'}}", ""),
                 "t.json: $.groups.t.jitter: expected a time such as \"120ms\" (units ns, us, ms, s, min) or a number of seconds, got \"x\"");
}
/* clang-format on */

void suite_scn_population(void)
{
    ADD_SUITE("scenarios/scn_population", TEST(test_counts_names_homes_and_pairs),
              TEST(test_without_correspondents_every_peer_is_mobile),
              TEST(test_the_same_seed_gives_the_same_population_another_another),
              TEST(test_class_shares_by_largest_remainder),
              TEST(test_graph_degrees_ring_grid_and_random_geometric),
              TEST(test_vehicles_of_a_class_and_co_passengers_talking),
              TEST(test_explicit_networks_and_hosts_mix_with_generated_ones),
              TEST(test_next_first_edges_and_groups_on_an_explicit_scenario),
              TEST(test_set_and_sweep_paths_reach_population_keys),
              TEST(test_every_population_error_names_its_path),
              TEST(test_every_error_of_next_first_edges_and_groups));
}
