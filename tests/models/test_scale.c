/* A world of 10^5 nodes: 5 * 10^4 independent pairs on the paper's network
 * (the six routers of homeA, homeB, A1, A2, B1, B2), each pair with Figure
 * 1's timing (A_k moves A1 -> A2 at 1 s, B_k B1 -> B2 at 1.03 s) and data at
 * 1 packet/s each way, against the world of one such pair. Pairs share
 * nothing but the routers, the home agents and the links, so the big world
 * must be exactly P copies of the small one: the same totals times P, the
 * same messages dying at the same old access routers at the same instants,
 * for every pair. */
#include "models/host.h"
#include "models/mh.h"
#include "models/net.h"
#include "models/state.h"
#include "models/world.h"
#include "sim/sim.h"
#include "tests/models/pairs_world.h"
#include "tests/testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    NET_HOMEA = PW_HOMEA,
    NET_HOMEB = PW_HOMEB,
    NET_A1 = PW_A1,
    NET_A2 = PW_A2,
    NET_B1 = PW_B1,
    NET_B2 = PW_B2,
    N_NETS = PW_N_NETS
};

#define BIG_PAIRS 50000
#define HORIZON   SIM_S(3)

/* P pairs (tests/models/pairs_world.h) over HORIZON. */
static void pairs_config(mob_config_t *c, int n_pairs, mob_scheme_t scheme)
{
    if (pairs_world_config(c, n_pairs, HORIZON, scheme) < 0)
        CU_FAIL_FATAL("out of memory");
}

/* What a run tells per host: the HoTIs and CoTIs meant for it that died as
 * stale-address at the old access router of its own side (A_k's messages
 * for B_k at AR_B1, B_k's for A_k at AR_A1). */
typedef struct run {
    sim_t *sim;
    mob_world_t *w;
    const mob_metrics_t *m;
    int ar_a1, ar_b1;
    int *hoti_dead, *coti_dead; /* per intended host */
    int *drops;                 /* every control message dropped, per intended host */
    int other_drops;            /* any other control message dropped */
} run_t;

static void on_drop(void *ctx, const sim_trace_rec_t *rec)
{
    run_t *r = ctx;
    if (rec->code < 0)
        return; /* data */
    if (rec->peer >= 0)
        r->drops[rec->peer]++;
    bool stale = rec->what && strcmp(rec->what, "stale-address") == 0;
    bool at_own_ar = rec->peer >= 0 && rec->node == (rec->peer % 2 ? r->ar_b1 : r->ar_a1);
    if (stale && at_own_ar && rec->code == MH_HOTI)
        r->hoti_dead[rec->peer]++;
    else if (stale && at_own_ar && rec->code == MH_COTI)
        r->coti_dead[rec->peer]++;
    else
        r->other_drops++;
}

static void run_pairs(run_t *r, int n_pairs, mob_scheme_t scheme)
{
    memset(r, 0, sizeof(*r));
    mob_config_t c;
    pairs_config(&c, n_pairs, scheme);
    r->hoti_dead = calloc((size_t)c.n_hosts, sizeof(int));
    r->coti_dead = calloc((size_t)c.n_hosts, sizeof(int));
    r->drops = calloc((size_t)c.n_hosts, sizeof(int));
    CU_ASSERT_FATAL(r->hoti_dead && r->coti_dead && r->drops);
    sim_err_t err = {0};
    r->sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->sim);
    int rc = mob_world_create(&c, r->sim, &r->w, &err);
    if (rc < 0)
        fprintf(stderr, "run_pairs: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    mob_config_free(&c);
    CU_ASSERT_EQUAL(mob_world_n_nodes(r->w), 2 * n_pairs + N_NETS);
    r->ar_a1 = mob_world_node_id(r->w, "AR_A1");
    r->ar_b1 = mob_world_node_id(r->w, "AR_B1");
    CU_ASSERT_FATAL(r->ar_a1 >= 0 && r->ar_b1 >= 0);
    CU_ASSERT_EQUAL_FATAL(
        sim_trace_subscribe(sim_bus(r->sim), SIM_TR_MASK(SIM_TR_PKT_DROPPED), on_drop, r), 0);
    CU_ASSERT_EQUAL_FATAL(mob_world_run(r->w), 0);
    r->m = mob_world_metrics(r->w);
}

static void free_run(run_t *r)
{
    mob_world_destroy(r->w);
    sim_destroy(r->sim);
    free(r->hoti_dead);
    free(r->coti_dead);
    free(r->drops);
}

/* The one-pair entry of lost[] a big-world entry is a copy of: same type,
 * sender side (A_0 for A_k), receiver of the same pair, same place and
 * instants. */
static bool like_one_pair(const mob_metrics_t *one, const mob_lost_t *l)
{
    char from[4], to[4];
    int k_from, k_to;
    if (sscanf(l->from, "%1[AB]_%d", from, &k_from) != 2 ||
        sscanf(l->to, "%1[AB]_%d", to, &k_to) != 2 || k_from != k_to || k_from < 0 ||
        k_from >= BIG_PAIRS)
        return false;
    for (size_t i = 0; i < one->n_lost; i++) {
        const mob_lost_t *o = &one->lost[i];
        if (strcmp(o->type, l->type) == 0 && o->from[0] == from[0] && o->to[0] == to[0] &&
            strcmp(o->where, l->where) == 0 && strcmp(o->why, l->why) == 0 &&
            o->sent_at == l->sent_at && o->died_at == l->died_at)
            return true;
    }
    return false;
}

static void test_fifty_thousand_figure_1_pairs_are_fifty_thousand_copies_of_one(void)
{
    run_t one, big;
    run_pairs(&one, 1, MOB_SCHEME_BASELINE);
    /* the one-pair world is Figure 1 (tests/models/test_baseline.c): A's
     * HoTI and CoTI for B die at B's old access router, B's for A at A's,
     * at 1.1 s and again as retransmitted 1 s later (within 3 s) */
    CU_ASSERT_EQUAL_FATAL(one.hoti_dead[1], 2);
    CU_ASSERT_EQUAL_FATAL(one.coti_dead[1], 2);
    CU_ASSERT_EQUAL_FATAL(one.hoti_dead[0], 2);
    CU_ASSERT_EQUAL_FATAL(one.coti_dead[0], 2);
    CU_ASSERT_EQUAL(one.other_drops, 0);
    CU_ASSERT_EQUAL(one.m->sig_lost, 8);
    CU_ASSERT_EQUAL_FATAL(one.m->n_lost, 8);
    CU_ASSERT_STRING_EQUAL(one.m->lost[0].type, "CoTI");
    CU_ASSERT_STRING_EQUAL(one.m->lost[0].where, "AR_B1");
    CU_ASSERT_EQUAL(one.m->lost[0].sent_at, SIM_MS(1100));
    CU_ASSERT_EQUAL(one.m->lost[0].died_at, SIM_MS(1130));
    CU_ASSERT_TRUE(one.m->data_lost > 0);
    CU_ASSERT_FALSE(one.m->restored_ab);
    CU_ASSERT_FALSE(one.m->restored_ba);

    run_pairs(&big, BIG_PAIRS, MOB_SCHEME_BASELINE);
    const uint64_t p = BIG_PAIRS;
    CU_ASSERT_EQUAL(big.m->sig_sent, p * one.m->sig_sent);
    CU_ASSERT_EQUAL(big.m->sig_lost, p * one.m->sig_lost);
    CU_ASSERT_EQUAL(big.m->sig_bytes, p * one.m->sig_bytes);
    CU_ASSERT_EQUAL(big.m->data_sent, p * one.m->data_sent);
    CU_ASSERT_EQUAL(big.m->data_lost, p * one.m->data_lost);
    CU_ASSERT_EQUAL(big.m->data_received, p * one.m->data_received);
    CU_ASSERT_EQUAL(big.m->events, p * one.m->events);
    /* every pair, not just the totals: each host lost what its one-pair
     * counterpart lost, where it lost it, and nothing else was dropped */
    int pairs_like_fig1 = 0;
    for (int k = 0; k < BIG_PAIRS; k++)
        pairs_like_fig1 += big.hoti_dead[2 * k] == one.hoti_dead[0] &&
                           big.coti_dead[2 * k] == one.coti_dead[0] &&
                           big.hoti_dead[2 * k + 1] == one.hoti_dead[1] &&
                           big.coti_dead[2 * k + 1] == one.coti_dead[1];
    CU_ASSERT_EQUAL(pairs_like_fig1, BIG_PAIRS);
    CU_ASSERT_EQUAL(big.other_drops, 0);
    /* lost[] keeps the first MOB_LOST_MAX; each is a Figure 1 death of a
     * HoTI or CoTI of A_k for B_k at AR_B1 (or of B_k at AR_A1), at the
     * one-pair world's instants */
    CU_ASSERT_EQUAL_FATAL(big.m->n_lost, MOB_LOST_MAX);
    int like = 0;
    for (size_t i = 0; i < big.m->n_lost; i++) {
        const mob_lost_t *l = &big.m->lost[i];
        bool rr = strcmp(l->type, "HoTI") == 0 || strcmp(l->type, "CoTI") == 0;
        bool place = strcmp(l->where, l->from[0] == 'A' ? "AR_B1" : "AR_A1") == 0;
        like += rr && place && like_one_pair(one.m, l);
    }
    CU_ASSERT_EQUAL(like, MOB_LOST_MAX);
    /* the first to die are the CoTIs of A_0, A_1, ... sent at 1.1 s, dead
     * at 1.13 s (Figure 1), in pair order */
    CU_ASSERT_STRING_EQUAL(big.m->lost[0].type, "CoTI");
    CU_ASSERT_STRING_EQUAL(big.m->lost[0].from, "A_0");
    CU_ASSERT_STRING_EQUAL(big.m->lost[0].to, "B_0");
    CU_ASSERT_EQUAL(big.m->lost[0].died_at, SIM_MS(1130));
    CU_ASSERT_STRING_EQUAL(big.m->lost[1].from, "A_1");
    /* the teaching view shows the first hosts and each HA's first bindings:
     * A_k are bound at HA_A, B_k at HA_B, at their new CoAs */
    mob_world_view_t view;
    mob_world_view(big.w, &view);
    CU_ASSERT_EQUAL(view.n_hosts_total, 2 * BIG_PAIRS);
    CU_ASSERT_EQUAL(view.n_hosts, MOB_VIEW_MAX);
    CU_ASSERT_EQUAL_FATAL(view.n_has, 2);
    CU_ASSERT_STRING_EQUAL(view.ha[0].name, "HA_A");
    CU_ASSERT_EQUAL_FATAL(view.ha[0].n_bindings, MOB_VIEW_MAX);
    CU_ASSERT_STRING_EQUAL(view.ha[0].bind[0].host, "A_0");
    CU_ASSERT_STRING_EQUAL(view.ha[0].bind[MOB_VIEW_MAX - 1].host, "A_7");
    CU_ASSERT_STRING_EQUAL(view.ha[1].bind[1].host, "B_1");
    CU_ASSERT_TRUE(net_addr_eq(&view.ha[1].bind[1].coa, &view.host[3].coa));
    free_run(&big);
    free_run(&one);
}

/* A host finds each of its correspondents by home address, whether it has
 * few (a scan of its entries) or many (the map, from the ninth on). Host 0
 * talks to hosts 1..12, and host 1 only to host 0. */
static void test_a_host_finds_each_of_twelve_correspondents_by_home_address(void)
{
    enum { N_PEERS = 12 };
    mob_config_t c;
    pairs_config(&c, 0, MOB_SCHEME_BASELINE);
    for (int i = 0; i <= N_PEERS; i++) {
        mob_host_t *h = mob_config_add_host(&c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        *h = (mob_host_t){"", MOB_HOST_MOBILE, NET_HOMEA, NET_A1, 0, -1};
        snprintf(h->name, sizeof(h->name), "H%d", i);
        if (i > 0) {
            mob_peer_t *p = mob_config_add_peer(&c);
            CU_ASSERT_PTR_NOT_NULL_FATAL(p);
            *p = (mob_peer_t){.a = 0, .b = i};
        }
    }
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    const struct mob_mn *h0 = &w->hosts[0], *h1 = &w->hosts[1];
    CU_ASSERT_EQUAL(h0->n_corr, N_PEERS);
    CU_ASSERT_TRUE(h0->n_corr > MOB_CORR_SCAN_MAX);
    CU_ASSERT_EQUAL(h1->n_corr, 1);
    int found = 0;
    for (int i = 1; i <= N_PEERS; i++) {
        const mob_corr_t *e = mob_corr_of(h0, &w->hosts[i].hoa);
        found += e && e->peer == i && e->host == h0;
    }
    CU_ASSERT_EQUAL(found, N_PEERS);
    CU_ASSERT_PTR_NULL(mob_corr_of(h0, &h0->hoa)); /* not its own correspondent */
    const mob_corr_t *back = mob_corr_of(h1, &h0->hoa);
    CU_ASSERT_TRUE(back && back->peer == 0);
    CU_ASSERT_PTR_NULL(mob_corr_of(h1, &w->hosts[2].hoa)); /* 1 and 2 do not talk */
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
}

/* The three schemes on P pairs at Figure 1's timing: what they hold (HA
 * copies, proxy copies and watches, AR buffers) is found per host, per
 * query or per address among the items of every pair, so each pair must
 * still recover exactly as the one-pair world does. */
static void scheme_pairs_are_copies_of_one(mob_scheme_t scheme)
{
    enum { P = 2000 };
    run_t one, big;
    run_pairs(&one, 1, scheme);
    run_pairs(&big, P, scheme);
    const uint64_t p = P;
    CU_ASSERT_TRUE(one.m->sig_reforwarded > 0 || scheme == MOB_SCHEME_FORWARDING);
    CU_ASSERT_TRUE(one.m->scheme_msgs > 0 || scheme == MOB_SCHEME_HOA_SIGNALING);
    CU_ASSERT_EQUAL(big.m->sig_sent, p * one.m->sig_sent);
    CU_ASSERT_EQUAL(big.m->sig_lost, p * one.m->sig_lost);
    CU_ASSERT_EQUAL(big.m->sig_reforwarded, p * one.m->sig_reforwarded);
    CU_ASSERT_EQUAL(big.m->scheme_msgs, p * one.m->scheme_msgs);
    CU_ASSERT_EQUAL(big.m->data_sent, p * one.m->data_sent);
    CU_ASSERT_EQUAL(big.m->data_lost, p * one.m->data_lost);
    CU_ASSERT_EQUAL(big.m->data_received, p * one.m->data_received);
    CU_ASSERT_EQUAL(big.m->events, p * one.m->events);
    int same = 0;
    for (int k = 0; k < P; k++)
        same += big.drops[2 * k] == one.drops[0] && big.drops[2 * k + 1] == one.drops[1];
    CU_ASSERT_EQUAL(same, P);
    free_run(&big);
    free_run(&one);
}

static void test_forwarding_pairs_each_recover_as_one_pair_does(void)
{
    scheme_pairs_are_copies_of_one(MOB_SCHEME_FORWARDING);
}

static void test_proxies_pairs_each_recover_as_one_pair_does(void)
{
    scheme_pairs_are_copies_of_one(MOB_SCHEME_PROXIES);
}

static void test_hoa_signaling_pairs_each_recover_as_one_pair_does(void)
{
    scheme_pairs_are_copies_of_one(MOB_SCHEME_HOA_SIGNALING);
}

/* A world of the config, run to its end; destroy with end_world. */
static mob_world_t *ran_world(const mob_config_t *c, sim_t **sim)
{
    sim_err_t err = {0};
    mob_world_t *w = NULL;
    *sim = sim_create((sim_stream_id_t){c->seed, 0, 0});
    CU_ASSERT_PTR_NOT_NULL_FATAL(*sim);
    CU_ASSERT_EQUAL_FATAL(mob_world_create(c, *sim, &w, &err), 0);
    CU_ASSERT_EQUAL_FATAL(mob_world_run(w), 0);
    return w;
}

static void end_world(mob_world_t *w, sim_t *sim)
{
    mob_world_destroy(w);
    sim_destroy(sim);
}

/* Figure 1's pair under strict RFC 6275 routing, where signaling and data
 * cross homeA-homeB (40 ms) through the two home agents; `extra`: with 24
 * more networks and 30 more core pairs listed around homeA-homeB (and
 * homeB-homeA again at 1 s after it: the first listing counts); `none`:
 * without the homeA-homeB pair. */
static void core_config(mob_config_t *c, bool extra, bool none)
{
    pairs_config(c, 1, MOB_SCHEME_BASELINE);
    c->mh_routing = MOB_MH_RFC6275;
    c->n_pairs = 0;
    if (extra)
        for (int i = 0; i < 24; i++) {
            char name[16], prefix[32];
            snprintf(name, sizeof(name), "X%d", i);
            snprintf(prefix, sizeof(prefix), "2001:db8:%x::", 0x100 + i);
            CU_ASSERT_EQUAL_FATAL(pw_add_net(c, name, prefix, NULL), 0);
        }
    for (int i = 0; i <= (extra ? 30 : 0); i++) {
        if (i == (extra ? 15 : 0) && !none) {
            *mob_config_add_pair(c) =
                (mob_core_pair_t){NET_HOMEA, NET_HOMEB, MOB_DELAY_CONST(SIM_MS(40))};
            if (extra)
                *mob_config_add_pair(c) =
                    (mob_core_pair_t){NET_HOMEB, NET_HOMEA, MOB_DELAY_CONST(SIM_S(1))};
        }
        if (extra && i < 30)
            *mob_config_add_pair(c) = (mob_core_pair_t){N_NETS + i % 24, i < 24 ? NET_A1 : NET_B2,
                                                        MOB_DELAY_CONST(SIM_S(1))};
    }
}

/* The core delay of a packet is found by index when the config lists many
 * pairs: the world with 30 more pairs runs exactly as the one with
 * homeA-homeB alone, and that pair matters (without it, 20 ms, the
 * messages that cross it die earlier). */
static void test_many_core_pairs_give_each_packet_its_pair_delay(void)
{
    mob_config_t c;
    sim_t *s_plain, *s_many, *s_none;
    core_config(&c, false, false);
    mob_world_t *plain = ran_world(&c, &s_plain);
    mob_config_free(&c);
    core_config(&c, true, false);
    CU_ASSERT_TRUE(c.n_pairs > MOB_NET_SCAN_PAIRS);
    mob_world_t *many = ran_world(&c, &s_many);
    mob_config_free(&c);
    core_config(&c, false, true);
    mob_world_t *none = ran_world(&c, &s_none);
    mob_config_free(&c);
    const mob_metrics_t *p = mob_world_metrics(plain), *m = mob_world_metrics(many),
                        *n = mob_world_metrics(none);
    CU_ASSERT_EQUAL(m->events, p->events);
    CU_ASSERT_EQUAL(m->sig_sent, p->sig_sent);
    CU_ASSERT_EQUAL(m->data_received, p->data_received);
    CU_ASSERT_EQUAL(m->data_delay_mean, p->data_delay_mean);
    CU_ASSERT_EQUAL(m->sig_latency_mean, p->sig_latency_mean);
    CU_ASSERT_TRUE_FATAL(p->n_lost > 0);
    CU_ASSERT_EQUAL_FATAL(m->n_lost, p->n_lost);
    int same = 0;
    for (size_t i = 0; i < m->n_lost; i++)
        same += m->lost[i].died_at == p->lost[i].died_at &&
                strcmp(m->lost[i].type, p->lost[i].type) == 0;
    CU_ASSERT_EQUAL(same, (int)m->n_lost);
    CU_ASSERT_TRUE(n->sig_latency_mean < p->sig_latency_mean);
    end_world(none, s_none);
    end_world(many, s_many);
    end_world(plain, s_plain);
}

typedef struct handoffs {
    int *detaches;                 /* L2 detaches per host */
    sim_time_t first_a0, first_a1; /* the first detach of hosts 0 and 2 */
} handoffs_t;

static void on_handoff(void *ctx, const sim_trace_rec_t *rec)
{
    handoffs_t *h = ctx;
    if (rec->code != 0 || rec->node < 0) /* phase 0: L2 detach */
        return;
    if (h->detaches[rec->node]++ == 0 && rec->node == 0)
        h->first_a0 = rec->at;
    if (h->detaches[rec->node] == 1 && rec->node == 2)
        h->first_a1 = rec->at;
}

/* Every host with Poisson mobility draws its handoffs from its own random
 * stream (one per host): 200 of them, far more than the 64 streams a world
 * once had, each move on its own schedule. */
static void test_two_hundred_poisson_mobile_hosts_each_move_on_their_own(void)
{
    enum { P = 100 };
    mob_config_t c;
    pairs_config(&c, P, MOB_SCHEME_BASELINE);
    c.n_moves = 0;
    for (int i = 0; i < c.n_hosts; i++) {
        int nets[2] = {i % 2 ? NET_B1 : NET_A1, i % 2 ? NET_B2 : NET_A2};
        CU_ASSERT_EQUAL_FATAL(mob_config_set_mobility_nets(&c, i, nets, 2), 0);
        c.mobility[i].enabled = true;
        c.mobility[i].rate = 5;
    }
    handoffs_t h = {calloc((size_t)c.n_hosts, sizeof(int)), -1, -1};
    CU_ASSERT_PTR_NOT_NULL_FATAL(h.detaches);
    sim_t *sim = sim_create((sim_stream_id_t){c.seed, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(mob_world_create(&c, sim, &w, &err), 0);
    sim_trace_subscribe(sim_bus(sim), SIM_TR_MASK(SIM_TR_HANDOFF), on_handoff, &h);
    CU_ASSERT_EQUAL(mob_world_run(w), 0);
    int moved = 0;
    for (int i = 0; i < c.n_hosts; i++)
        moved += h.detaches[i] > 0;
    CU_ASSERT_EQUAL(moved, c.n_hosts);
    CU_ASSERT_TRUE(h.first_a0 > 0 && h.first_a1 > 0 && h.first_a0 != h.first_a1);
    mob_world_destroy(w);
    sim_destroy(sim);
    mob_config_free(&c);
    free(h.detaches);
}

void suite_models_scale(void)
{
    ADD_SUITE("models/scale", TEST(test_a_host_finds_each_of_twelve_correspondents_by_home_address),
              TEST(test_many_core_pairs_give_each_packet_its_pair_delay),
              TEST(test_two_hundred_poisson_mobile_hosts_each_move_on_their_own),
              TEST(test_forwarding_pairs_each_recover_as_one_pair_does),
              TEST(test_proxies_pairs_each_recover_as_one_pair_does),
              TEST(test_hoa_signaling_pairs_each_recover_as_one_pair_does),
              TEST(test_fifty_thousand_figure_1_pairs_are_fifty_thousand_copies_of_one));
}
