/* Route optimization given up, refreshed and rate-limited, and left out
 * (issue 14): after params.max_ro_failure failed RR/BU attempts the MN uses
 * bidirectional tunneling with that correspondent until its next move
 * (RFC 6275 §5.2.9, §11.6); a correspondent binding in use is refreshed by
 * a new RR and BU before its lifetime ends (§11.7.2); at most
 * MAX_UPDATE_RATE (3) BUs per second go to one correspondent (§11.8); a
 * host with route_optimization false (location privacy) never does RR/BU
 * with its correspondents, and with it off on both of fig1's hosts no
 * correspondent signaling is lost at all (the paper's remark on MIPv4-style
 * tunneling) while data still flows through the home agents. */
#include <string.h>

#include "models/mh.h"
#include "models/pkt.h"
#include "scenarios/scn.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

static net_addr_t addr(const char *s)
{
    net_addr_t a;
    CU_ASSERT_EQUAL_FATAL(net_addr_parse(s, &a), 0);
    return a;
}

static void load(mob_config_t *c, const char *path)
{
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file(path, NULL, 0, c, &err), 0);
}

static void no_ro(mob_config_t *c, int host, int peer)
{
    mob_no_ro_t *e = mob_config_add_no_ro(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    *e = (mob_no_ro_t){.host = host, .peer = peer};
}

/* correspondent signaling a host sent (HoTI, CoTI, BUs to its peer) */
static int cr_sent(const fx_run_t *r, const char *host, sim_time_t after)
{
    int n = fx_count_label(r, SIM_TR_PKT_SENT, host, "HoTI", after) +
            fx_count_label(r, SIM_TR_PKT_SENT, host, "CoTI", after);
    for (size_t i = 0; i < r->n; i++)
        if (r->recs[i].kind == SIM_TR_PKT_SENT && r->recs[i].at >= after &&
            strcmp(r->recs[i].node, host) == 0 && strncmp(r->recs[i].label, "BU seq", 6) == 0)
            n++;
    return n;
}

/* lost-list entries of correspondent signaling (not home BU/BA) */
static int cr_lost(const fx_run_t *r)
{
    static const char *const types[] = {"HoTI", "CoTI", "HoT", "CoT", "BRR", "BE"};
    int n = 0;
    for (size_t i = 0; i < r->m->n_lost; i++) {
        const mob_lost_t *l = &r->m->lost[i];
        for (int k = 0; k < 6; k++)
            n += strcmp(l->type, types[k]) == 0;
        /* a BU or BA between the two hosts (not to/from a home agent) */
        if ((strcmp(l->type, "BU") == 0 || strcmp(l->type, "BA") == 0) &&
            strncmp(l->to, "HA_", 3) != 0 && strncmp(l->from, "HA_", 3) != 0)
            n++;
    }
    return n;
}

/* Location privacy on both hosts of fig1 (A and B move 30 ms apart): no
 * HoTI, CoTI or correspondent BU is ever sent, so none is lost; the home
 * registrations complete and data flows both ways through the home agents
 * (no binding at either correspondent, nothing route-optimized), the gap
 * only the handoff and the home registration. With route optimization
 * (fig1 itself) the correspondent signaling dies at the old CoAs. */
static void test_privacy_on_both_hosts_loses_no_correspondent_signaling_in_fig1(void)
{
    mob_config_t c;
    load(&c, "scenarios/fig1.json");
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_TRUE(cr_lost(&r) > 0); /* fig1 as the paper has it */
    sim_time_t gap_ro = r.m->disruption_ab;
    fx_free(&r);
    no_ro(&c, 0, -1);
    no_ro(&c, 1, -1);
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_EQUAL(cr_sent(&r, "A", 0), 0);
    CU_ASSERT_EQUAL(cr_sent(&r, "B", 0), 0);
    CU_ASSERT_EQUAL(cr_lost(&r), 0);
    CU_ASSERT_EQUAL(r.m->sig_lost, 0);
    /* both home registrations from the new CoAs are acknowledged */
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_SENT, "HA_A", "BA seq 2 status 0", 0));
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_SENT, "HA_B", "BA seq 2 status 0", 0));
    /* no correspondent ever held a binding: nothing route-optimized */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "A", -1, NULL, 0), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "B", -1, NULL, 0), 0);
    CU_ASSERT_FALSE(r.m->restored_ab || r.m->restored_ba);
    /* data still flows both ways, via HA_A and HA_B: the longest gap is
     * the handoff plus the home registration, well under fig1's */
    CU_ASSERT_TRUE(r.m->data_received > 0);
    CU_ASSERT_TRUE(r.m->disruption_ab < SIM_S(1) && r.m->disruption_ba < SIM_S(1));
    CU_ASSERT_TRUE(r.m->disruption_ab < gap_ro);
    CU_ASSERT_FALSE(r.m->ro_fallback);
    fx_free(&r);
    mob_config_free(&c);
}

/* Per correspondent: A keeps its CoA from B (A lists B), B does not: after
 * both move, A sends no RR or BU while B's RR and BU reach A and A's
 * binding cache holds B's new CoA. A's data goes to B's home address
 * through A's reverse tunnel. */
static void test_privacy_toward_one_correspondent(void)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(10);
    fx_move(&c, 0, SIM_S(1), NET_A2);
    fx_move(&c, 1, SIM_S(3), NET_B2);
    no_ro(&c, 0, 1);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_EQUAL(cr_sent(&r, "A", 0), 0);
    CU_ASSERT_TRUE(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "HoTI", SIM_S(3)) >= 1);
    CU_ASSERT_TRUE(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "CoTI", SIM_S(3)) >= 1);
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "BA seq 2 status 0", SIM_S(3));
    CU_ASSERT_PTR_NOT_NULL(ba);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "B", -1, NULL, 0), 0); /* B never learns A's */
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_BINDING, "A", -1, NULL, SIM_S(3)) >= 1);
    CU_ASSERT_TRUE(r.m->disruption_ba < SIM_S(1)); /* B -> A: to A's home address */
    fx_free(&r);
    mob_config_free(&c);
}

static const fx_rec_t *note(const fx_run_t *r, const char *node, const char *what, sim_time_t after)
{
    return fx_first(r, SIM_TR_NOTE, node, -1, what, after);
}

#define GIVEN_UP "route optimization given up: bidirectional tunneling"

/* fig1 with max_ro_failure 3: A's and B's RR toward each other's old CoA
 * fails (paper routing: the peer's binding names the CoA it left); the
 * third failed attempt (timeouts at 1 s, 2 s and 4 s after the first
 * HoTI/CoTI, the HoTI and CoTI of one attempt counted once) makes each
 * give up: no more HoTI, CoTI or BU, data both ways through the home
 * agents, the metrics say when. A's next move tries RR again. */
static void test_fallback_after_max_ro_failure(void)
{
    mob_config_t c;
    load(&c, "scenarios/fig1.json");
    c.max_ro_failure = 3;
    c.horizon = SIM_S(30);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const fx_rec_t *first = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", SIM_S(1));
    const fx_rec_t *ga = note(&r, "A", GIVEN_UP, 0), *gb = note(&r, "B", GIVEN_UP, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ga);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gb);
    /* attempts at t, t+1, t+3 (timeouts 1, 2, 4 s): given up at t+7 */
    CU_ASSERT_EQUAL(ga->at, first->at + SIM_S(7));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_NOTE, "A", -1, GIVEN_UP, 0), 1);
    CU_ASSERT_EQUAL(cr_sent(&r, "A", ga->at), 0);
    CU_ASSERT_EQUAL(cr_sent(&r, "B", gb->at), 0);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", first->at), 3);
    /* metrics: the first fallback of the pair and of the world */
    sim_time_t at = ga->at < gb->at ? ga->at : gb->at;
    CU_ASSERT_TRUE(r.m->ro_fallback);
    CU_ASSERT_EQUAL(r.m->ro_fallback_at, at);
    CU_ASSERT_EQUAL(r.m->ro_fallbacks, 2);
    CU_ASSERT_FATAL(r.m->n_pairs == 1);
    CU_ASSERT_TRUE(r.m->pairs[0].ro_fallback);
    CU_ASSERT_EQUAL(r.m->pairs[0].ro_fallback_at, at);
    /* data after both gave up reaches each host through the tunnels */
    /* A left A1 at 1 s: nothing of A's reached B from then until A gave
     * up (8.1 s), then its data went through HA_A and HA_B */
    CU_ASSERT_TRUE(r.m->disruption_ab >= ga->at - SIM_S(1));
    CU_ASSERT_TRUE(r.m->disruption_ab <= ga->at - SIM_S(1) + SIM_MS(200));
    CU_ASSERT_TRUE(r.m->disruption_ba <= gb->at - SIM_S(1) + SIM_MS(200));
    CU_ASSERT_FALSE(r.m->restored_ab || r.m->restored_ba);
    fx_free(&r);
    /* a next move of A (at 20 s) ends A's fallback: RR again */
    fx_move(&c, 0, SIM_S(20), NET_A1);
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_TRUE(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "CoTI", SIM_S(20)) >= 1);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "CoTI", SIM_S(20)), 0);
    fx_free(&r);
    mob_config_free(&c);
}

/* Off by default (max_ro_failure 0): fig1 retransmits on, never gives up. */
static void test_no_fallback_by_default(void)
{
    mob_config_t c;
    load(&c, "scenarios/fig1.json");
    CU_ASSERT_EQUAL(c.max_ro_failure, 0);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_PTR_NULL(note(&r, "A", GIVEN_UP, 0));
    CU_ASSERT_FALSE(r.m->ro_fallback);
    CU_ASSERT_EQUAL(r.m->ro_fallback_at, -1);
    CU_ASSERT_TRUE(fx_count_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", SIM_S(20)) >= 1);
    fx_free(&r);
    mob_config_free(&c);
}

#define REFRESH "correspondent binding refresh before its lifetime ends"

/* §11.7.2 with bu_lifetime 80 s and data only B -> A: B's binding for A is
 * in use but B has received nothing from A for 60 s at 7/8 of the lifetime
 * (70 s), so it sends no BRR; A refreshes at 15/16 (75 s after the
 * route-optimized start) with a new RR and a BU B accepts, again 75 s
 * after that BU's BA reached A; no binding expires, no data is lost. */
static void test_mn_refreshes_a_binding_in_use_before_its_lifetime_ends(void)
{
    mob_config_t c;
    fx_config(&c);
    c.bu_lifetime = SIM_S(80);
    c.horizon = SIM_S(160);
    mob_peer_t *p = mob_config_add_peer(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    *p = (mob_peer_t){.a = 0, .b = 1, .has_flow = true, .rate_ab = 0, .rate_ba = 50, .size = 160};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_EQUAL(fx_count_label(&r, SIM_TR_PKT_SENT, "B", "BRR", 0), 0);
    const fx_rec_t *n = note(&r, "A", REFRESH, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_EQUAL(n->at, SIM_S(75));
    const fx_rec_t *hoti = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "HoTI", 0);
    const fx_rec_t *coti = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "CoTI", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hoti);
    CU_ASSERT_PTR_NOT_NULL_FATAL(coti);
    CU_ASSERT_EQUAL(hoti->at, SIM_S(75));
    CU_ASSERT_EQUAL(coti->at, SIM_S(75));
    const fx_rec_t *bu = fx_first_label(&r, SIM_TR_PKT_SENT, "A", "BU seq 2", SIM_S(75));
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu);
    const fx_rec_t *ba = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "BA seq 2 status 0", bu->at);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_BINDING, "B", -1, "refreshed", SIM_S(75)) >= 1);
    /* the next one 15 s after the BA reached A */
    const fx_rec_t *n2 = note(&r, "A", REFRESH, n->at + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(n2);
    const fx_rec_t *ba_rx =
        fx_first_label(&r, SIM_TR_PKT_RECEIVED, "A", "BA seq 2 status 0", bu->at);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba_rx);
    CU_ASSERT_EQUAL(n2->at, ba_rx->at + SIM_S(75));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, NULL, -1, "expired", 0), 0);
    CU_ASSERT_EQUAL(r.m->data_lost, 0);
    fx_free(&r);
    mob_config_free(&c);
}

/* A binding nobody uses (no data) is not refreshed: it expires (80 s; no
 * BRR either: nothing came from A in the 60 s before 70 s). */
static void test_unused_binding_is_not_refreshed(void)
{
    mob_config_t c;
    fx_config(&c);
    c.bu_lifetime = SIM_S(80);
    c.horizon = SIM_S(90);
    c.traffic_rate = 0;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_PTR_NULL(note(&r, "A", REFRESH, 0));
    CU_ASSERT_EQUAL(cr_sent(&r, "A", 0), 0);
    const fx_rec_t *e = fx_first(&r, SIM_TR_BINDING, "B", -1, "expired", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->at, SIM_S(80));
    fx_free(&r);
    mob_config_free(&c);
}

/* §11.8 MAX_UPDATE_RATE: BRRs from B (paper routing acts on them from B's
 * CoA) every 100 ms make A re-register each time it is bound; at most 3
 * BUs leave in any second, the 4th is held back (a note) and leaves one
 * second after the first of the three. */
static void test_max_update_rate_three_bus_per_second(void)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_S(4);
    c.traffic_rate = 0;
    c.rr_expedited = true;
    static uint8_t brr[PKT_MAX_LEN];
    uint8_t mh[MH_MAX_LEN];
    size_t mh_len = 0;
    mh_msg_t m = {.type = MH_BRR};
    CU_ASSERT_EQUAL_FATAL(mh_encode(&m, mh, sizeof(mh), &mh_len), 0);
    pkt_desc_t d = {.src = addr("2001:db8:b1::200"),
                    .dst = addr("2001:db8:a1::100"),
                    .proto = PKT_PROTO_MH,
                    .payload = mh,
                    .payload_len = mh_len};
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(pkt_build(&d, brr, sizeof(brr), &len), 0);
    fx_inject_t inj[20];
    for (int i = 0; i < 20; i++)
        inj[i] = (fx_inject_t){SIM_MS(500) + i * SIM_MS(100), "B", brr, len};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_injected(&r, &c, inj, 20), 0);
    sim_time_t at[64];
    int n = 0;
    for (size_t i = 0; i < r.n && n < 64; i++)
        if (r.recs[i].kind == SIM_TR_PKT_SENT && strcmp(r.recs[i].node, "A") == 0 &&
            strncmp(r.recs[i].label, "BU seq", 6) == 0)
            at[n++] = r.recs[i].at;
    CU_ASSERT_TRUE_FATAL(n >= 4);
    for (int i = 3; i < n; i++)
        CU_ASSERT_TRUE(at[i] - at[i - 3] >= SIM_S(1));
    const fx_rec_t *held =
        fx_first(&r, SIM_TR_NOTE, "A", MH_BU, "BU held back: MAX_UPDATE_RATE (3 per second)", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(held);
    CU_ASSERT_EQUAL(at[3], at[0] + SIM_S(1));
    CU_ASSERT_TRUE(held->at < at[3]);
    fx_free(&r);
    mob_config_free(&c);
}

/* The world refuses a no_ro entry naming no host, and a negative
 * max_ro_failure. */
static void test_world_refuses_bad_route_optimization_settings(void)
{
    mob_config_t c;
    fx_config(&c);
    no_ro(&c, 5, -1);
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL(mob_world_create(&c, sim, &w, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        err.msg, "no_ro[0]: expected a host and a peer host (or -1: every correspondent)");
    c.no_ro[0].host = 0;
    c.max_ro_failure = -1;
    CU_ASSERT_EQUAL(mob_world_create(&c, sim, &w, &err), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(err.msg, "max_ro_failure: expected 0 or more, got -1");
    sim_destroy(sim);
    mob_config_free(&c);
}

void suite_models_ro(void)
{
    CU_pSuite s = CU_add_suite("models/ro", NULL, NULL);
    CU_add_test(s, "privacy on both hosts: fig1 loses no correspondent signaling",
                test_privacy_on_both_hosts_loses_no_correspondent_signaling_in_fig1);
    CU_add_test(s, "privacy toward one correspondent", test_privacy_toward_one_correspondent);
    CU_add_test(s, "fallback after max_ro_failure", test_fallback_after_max_ro_failure);
    CU_add_test(s, "no fallback by default", test_no_fallback_by_default);
    CU_add_test(s, "MN refreshes a binding in use",
                test_mn_refreshes_a_binding_in_use_before_its_lifetime_ends);
    CU_add_test(s, "unused binding is not refreshed", test_unused_binding_is_not_refreshed);
    CU_add_test(s, "MAX_UPDATE_RATE", test_max_update_rate_three_bus_per_second);
    CU_add_test(s, "world refuses bad settings",
                test_world_refuses_bad_route_optimization_settings);
}
