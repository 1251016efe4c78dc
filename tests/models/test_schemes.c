/* The paper's three fixes (Section IV) on the timing of Figure 1 (A moves at
 * 1 s, B at 1.03 s): who intercepted, copied, re-forwarded what, when; both
 * directions restored far sooner than baseline; and the edges: timers too
 * short, entries expired, partial deployment, scheme messages lost. */
#include "analysis/window.h"
#include "models/ha.h"
#include "models/host.h"
#include "models/mh.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <string.h>

static void fig1_timing(mob_config_t *c, mob_scheme_t scheme)
{
    fx_config(c);
    c->scheme = scheme;
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, SIM_MS(1030), NET_B2);
}

/* ---- forwarding (Fig. 4) ---- */

static void test_fig4_old_access_routers_forward_rr_to_new_coas(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_FORWARDING);
    c.fwd_buffer = SIM_MS(100);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* B's entry at AR_B1 is installed when B's FWD-INSTALL arrives: B's CoA
     * is usable at 1.13 s, 30 ms to its old AR */
    const fx_rec_t *inst_b =
        fx_first(&r, SIM_TR_SCHEME, "AR_B1", -1, "forwarding entry installed", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst_b);
    CU_ASSERT_EQUAL(inst_b->at, SIM_MS(1160));
    /* A's CoTI reached AR_B1 at 1.13 s, before the entry: buffered, then
     * forwarded when the entry arrived */
    const fx_rec_t *buf = fx_first(&r, SIM_TR_SCHEME, "AR_B1", MH_COTI, "AR buffered", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_EQUAL(buf->at, SIM_MS(1130));
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "AR_B1", MH_COTI, "AR forwarded", 0));
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "AR_B1", MH_HOTI, "AR forwarded", 0));
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "AR_A1", MH_COTI, "AR forwarded", 0));
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "AR_A1", MH_HOTI, "AR forwarded", 0));
    /* the forwarded messages were answered: RR completed both ways */
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_PKT_RECEIVED, "A", MH_COT, NULL, SIM_S(1)) >= 1);
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_PKT_RECEIVED, "B", MH_COT, NULL, SIM_S(1)) >= 1);
    CU_ASSERT_EQUAL(r.m->sig_lost, 0);
    CU_ASSERT_TRUE(r.m->sig_reforwarded >= 4);
    CU_ASSERT_EQUAL(r.m->scheme_msgs, 2); /* one FWD-INSTALL per host */
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE_FATAL(r.m->has_restore_time);
    CU_ASSERT_TRUE(r.m->restore_time < SIM_MS(500));
    fx_free(&r);
    mob_config_free(&c);
}

static void test_forwarding_without_buffer_loses_early_messages(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_FORWARDING);
    c.fwd_buffer = 0;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* A's CoTI arrived at AR_B1 30 ms before B's entry: dropped */
    const mob_lost_t *l = fx_lost(&r, "CoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1130));
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    /* A's entry at AR_A1 was in place (1.13 s) when B's CoTI came (1.16 s):
     * B's registration completes and B's BU, forwarded by AR_A1, updates A's
     * binding for B at 1.34 s */
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "AR_A1", MH_COTI, "AR forwarded", 0));
    const fx_rec_t *fwd_bu = fx_first(&r, SIM_TR_SCHEME, "AR_A1", MH_BU, "AR forwarded", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fwd_bu);
    const fx_rec_t *upd = fx_first(&r, SIM_TR_BINDING, "A", -1, "updated", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(upd);
    CU_ASSERT_EQUAL(upd->at, SIM_MS(1340));
    /* so A's next CoTI (1 s after the first) goes straight to B's new CoA */
    const fx_rec_t *cot = fx_first(&r, SIM_TR_PKT_RECEIVED, "B", MH_COTI, NULL, SIM_S(2));
    CU_ASSERT_PTR_NOT_NULL_FATAL(cot);
    CU_ASSERT_EQUAL(cot->at, SIM_MS(2130));
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time > SIM_S(1) && r.m->restore_time < SIM_S(2));
    fx_free(&r);
    mob_config_free(&c);
}

static void test_forwarding_entry_expired_before_messages_arrive(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_FORWARDING);
    c.fwd_buffer = 0;
    c.fwd_lifetime = SIM_MS(10);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* A's entry lives 1.13 s .. 1.14 s; B's CoTI comes at 1.16 s */
    const fx_rec_t *exp = fx_first(&r, SIM_TR_SCHEME, "AR_A1", -1, "forwarding entry expired", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(exp);
    CU_ASSERT_EQUAL(exp->at, SIM_MS(1140));
    const mob_lost_t *l = fx_lost(&r, "CoTI", "B", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1160));
    /* retransmissions keep dying at the old ARs: nothing is restored */
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_PKT_DROPPED, "AR_B1", MH_COTI, "stale-address", SIM_S(2)) >=
                   1);
    CU_ASSERT_TRUE(fx_count(&r, SIM_TR_PKT_DROPPED, "AR_A1", MH_COTI, "stale-address", SIM_S(2)) >=
                   1);
    CU_ASSERT_FALSE(r.m->restored_ab);
    CU_ASSERT_FALSE(r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_forwarding_deployed_in_one_network_only(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_FORWARDING);
    c.fwd_buffer = SIM_MS(100);
    c.nets[NET_A1].deploy = false; /* only B's old network forwards */
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "FWD-INSTALL", "A", "AR_A1"));
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "CoTI", "B", "AR_A1"));
    CU_ASSERT_PTR_NULL(fx_lost(&r, "CoTI", "A", NULL));
    /* A's registration completes through AR_B1; B's binding for A is then
     * updated and B's next retransmission finds A */
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time > SIM_S(1));
    fx_free(&r);
    mob_config_free(&c);
}

/* ---- proxies (Fig. 5) ---- */

static void test_fig5_home_agents_relay_query_and_resend(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_PROXIES);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* step 1-2: A's CoTI goes through HA_A (30 ms), which keeps a copy */
    const fx_rec_t *kept = fx_first(&r, SIM_TR_SCHEME, "HA_A", MH_COTI, "proxy kept a copy", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    CU_ASSERT_EQUAL(kept->at, SIM_MS(1130));
    /* the forwarded original dies at B's old AR */
    CU_ASSERT_PTR_NOT_NULL(fx_lost(&r, "CoTI", "A", "AR_B1"));
    /* step 3: HA_B answers at 1.18 s with B's new CoA (registered at 1.16 s);
     * step 6: HA_A re-sends its copy when the answer arrives at 1.23 s */
    const fx_rec_t *re = fx_first(&r, SIM_TR_SCHEME, "HA_A", MH_COTI, "proxy re-sent", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(re);
    CU_ASSERT_EQUAL(re->at, SIM_MS(1230));
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "HA_B", MH_COTI, "proxy re-sent", 0));
    CU_ASSERT_TRUE(r.m->scheme_msgs >= 8); /* queries and answers, both ways */
    CU_ASSERT_TRUE(r.m->ha_peak_copies >= 2);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time < SIM_S(1));
    fx_free(&r);
    mob_config_free(&c);
}

/* A and B share one home agent (a population's hosts spread over few
 * HAs): HA_A is A's proxy and B's home agent at once. Its relay of A's
 * CoTI and BU to B's care-of address arrives at B in a tunnel from B's
 * own HA with B's CoA inside; B takes it as the relay it is (it used to
 * drop it as "not-for-home-address", leaving the pair broken). */
static void test_proxies_with_a_shared_home_agent_restore(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_PROXIES);
    c.hosts[1].home = NET_HOMEA;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_SCHEME, "HA_A", MH_COTI, "proxy re-sent", 0));
    for (size_t i = 0; i < r.m->n_lost; i++)
        CU_ASSERT_STRING_NOT_EQUAL(r.m->lost[i].why, "not-for-home-address");
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time < SIM_S(1));
    fx_free(&r);
    mob_config_free(&c);
}

/* B moves after HA_A's query reached HA_B: only an update within T_p can
 * save A's message, and only if HA_A still holds its copy (T_h > T_p). */
static net_addr_t rec_addr(const fx_rec_t *f, size_t at)
{
    net_addr_t a;
    memcpy(a.b, f->bytes + at, 16);
    return a;
}

static bool same_prefix(const net_addr_t *a, const net_addr_t *prefix)
{
    return memcmp(a->b, prefix->b, 8) == 0;
}

/* Ingress filtering (RFC 2827/3704): a home agent of the proxies scheme
 * sends every packet from an address of its own home prefix; the relayed
 * CoTI and BU, whose source is the node's care-of address, leave it
 * tunneled (RFC 2473) from the HA's own address, and the peer decapsulates
 * them and answers the care-of address. */
static void test_proxies_home_agents_never_send_from_a_care_of_address(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_PROXIES);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    int checked = 0;
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind != SIM_TR_PKT_SENT || f->len < 40)
            continue;
        int net = strcmp(f->node, "HA_A") == 0   ? NET_HOMEA
                  : strcmp(f->node, "HA_B") == 0 ? NET_HOMEB
                                                 : -1;
        if (net < 0)
            continue;
        net_addr_t src = rec_addr(f, 8);
        CU_ASSERT_TRUE(same_prefix(&src, &c.nets[net].prefix));
        checked++;
    }
    CU_ASSERT_TRUE(checked > 20);
    /* the re-sent CoTI copy (1.23 s): outer HA_A -> B's new CoA, inner from
     * A's CoA with B's home address in the type 2 routing header */
    const fx_rec_t *re = NULL;
    for (size_t i = 0; i < r.n && !re; i++)
        if (r.recs[i].kind == SIM_TR_PKT_SENT && strcmp(r.recs[i].node, "HA_A") == 0 &&
            strcmp(r.recs[i].label, "CoTI") == 0 && r.recs[i].at == SIM_MS(1230))
            re = &r.recs[i];
    CU_ASSERT_PTR_NOT_NULL_FATAL(re);
    CU_ASSERT_EQUAL(re->bytes[6], 41); /* IPv6-in-IPv6 */
    net_addr_t osrc = rec_addr(re, 8), odst = rec_addr(re, 24), isrc = rec_addr(re, 48);
    CU_ASSERT_TRUE(net_addr_eq(&osrc, &r.w->ha[NET_HOMEA].addr));
    CU_ASSERT_TRUE(net_addr_eq(&odst, &r.w->hosts[1].coa));
    CU_ASSERT_TRUE(net_addr_eq(&isrc, &r.w->hosts[0].coa));
    /* B takes it at 1.26 s and answers A's CoA directly with a CoT */
    const fx_rec_t *got = fx_first_label(&r, SIM_TR_PKT_RECEIVED, "B", "CoTI", SIM_MS(1230));
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(got->at, SIM_MS(1260));
    const fx_rec_t *cot = fx_first_label(&r, SIM_TR_PKT_SENT, "B", "CoT", SIM_MS(1260));
    CU_ASSERT_PTR_NOT_NULL_FATAL(cot);
    CU_ASSERT_EQUAL(cot->at, SIM_MS(1260));
    net_addr_t cdst = rec_addr(cot, 24);
    CU_ASSERT_TRUE(net_addr_eq(&cdst, &r.w->hosts[0].coa));
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);

    /* a stationary correspondent: A's relayed CoTI and BU reach C tunneled
     * from HA_A, C registers A's new CoA */
    fx_corr_config(&c);
    c.scheme = MOB_SCHEME_PROXIES;
    fx_move(&c, 0, SIM_S(1), CX_A2);
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    for (size_t i = 0; i < r.n; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind == SIM_TR_PKT_SENT && strcmp(f->node, "HA_A") == 0 && f->len >= 40) {
            net_addr_t src = rec_addr(f, 8);
            CU_ASSERT_TRUE(same_prefix(&src, &c.nets[CX_HOMEA].prefix));
        }
    }
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&r, SIM_TR_PKT_RECEIVED, "C", "BU seq 2", SIM_S(1)));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "C", -1, NULL, 0), 0);
    CU_ASSERT_TRUE(r.m->pairs[0].restored_ba || r.m->pairs[0].restored_ab);
    fx_free(&r);
    mob_config_free(&c);
}

static void proxies_late_move(mob_config_t *c, sim_time_t T_h)
{
    fx_config(c);
    c->scheme = MOB_SCHEME_PROXIES;
    c->T_h = T_h;
    c->T_p = SIM_MS(200);
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, SIM_MS(1100), NET_B2);
}

static void test_proxies_update_within_t_p_resends_when_t_h_exceeds_t_p(void)
{
    mob_config_t c;
    proxies_late_move(&c, SIM_MS(400));
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* HA_B's answer (1.18 s) still says B1; B registers B2 at 1.23 s, within
     * T_p, so HA_B sends an update, which reaches HA_A at 1.28 s */
    const fx_rec_t *re = fx_first(&r, SIM_TR_SCHEME, "HA_A", MH_COTI, "proxy re-sent", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(re);
    CU_ASSERT_EQUAL(re->at, SIM_MS(1280));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_SCHEME, "HA_A", -1, "proxy update too late: copy gone", 0),
                    0);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time < SIM_MS(600));
    fx_free(&r);
    mob_config_free(&c);
}

static void test_proxies_fail_when_t_h_not_above_t_p(void)
{
    mob_config_t c;
    proxies_late_move(&c, SIM_MS(100)); /* T_h < T_p: the copy dies at 1.23 s */
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const fx_rec_t *gone =
        fx_first(&r, SIM_TR_SCHEME, "HA_A", -1, "proxy update too late: copy gone", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gone);
    CU_ASSERT_EQUAL(gone->at, SIM_MS(1280));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_SCHEME, "HA_A", MH_COTI, "proxy re-sent", 0), 0);
    /* recovery waits for retransmissions: far later than with T_h > T_p */
    CU_ASSERT_TRUE(!r.m->has_restore_time || r.m->restore_time > SIM_S(1));
    fx_free(&r);
    mob_config_free(&c);
}

/* ---- hoa-signaling (Fig. 6) ---- */

static void test_fig6_peer_home_agent_buffers_and_reforwards(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_HOA_SIGNALING);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    /* A's CoTI to B's home address reaches HA_B at 1.13 s, before B's home
     * BU: HA_B tunnels it to B1 (where it dies) and keeps a copy */
    const fx_rec_t *kept = fx_first(&r, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA buffered", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    CU_ASSERT_EQUAL(kept->at, SIM_MS(1130));
    const mob_lost_t *l = fx_lost(&r, "CoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    /* step 3-4: B's home BU arrives at 1.16 s, HA_B re-forwards the copy */
    const fx_rec_t *re = fx_first(&r, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA re-forwarded", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(re);
    CU_ASSERT_EQUAL(re->at, SIM_MS(1160));
    CU_ASSERT_EQUAL(r.m->sig_reforwarded, 1);
    CU_ASSERT_EQUAL(r.m->sig_lost, 1);
    CU_ASSERT_EQUAL(r.m->scheme_msgs, 0); /* no new message types */
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time < SIM_MS(500));
    /* far below baseline (never) and below strict RFC 6275 routing (retransmission) */
    mob_config_t rfc;
    fig1_timing(&rfc, MOB_SCHEME_BASELINE);
    rfc.mh_routing = MOB_MH_RFC6275;
    fx_run_t r2;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r2, &rfc), 0);
    CU_ASSERT_TRUE(r2.m->has_restore_time && r2.m->restore_time > r.m->restore_time + SIM_MS(500));
    fx_free(&r2);
    fx_free(&r);
    mob_config_free(&c);
    mob_config_free(&rfc);
}

static sim_time_t fig6_restore_time(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_HOA_SIGNALING);
    fx_run_t r;
    CU_ASSERT_EQUAL(fx_run(&r, &c), 0);
    sim_time_t t = r.m->has_restore_time ? r.m->restore_time : SIM_TIME_MAX;
    fx_free(&r);
    mob_config_free(&c);
    return t;
}

static void test_hoa_signaling_t_b_too_short_misses_the_reforward(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_HOA_SIGNALING);
    c.T_b = SIM_MS(20); /* shorter than the 30 ms until B's home BU arrives */
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const fx_rec_t *gone =
        fx_first(&r, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA copy discarded (T_b)", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gone);
    CU_ASSERT_EQUAL(gone->at, SIM_MS(1150));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_SCHEME, "HA_B", -1, "HA re-forwarded", 0), 0);
    /* recovery falls back to A itself: B's BU from its new CoA makes A send
     * its pending CoTI at once */
    const fx_rec_t *again = fx_first(&r, SIM_TR_SCHEME, "A", -1, "peer moved: resend at once", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time > fig6_restore_time() + SIM_MS(100));
    fx_free(&r);
    mob_config_free(&c);
}

static void test_hoa_signaling_one_home_agent_is_enough(void)
{
    sim_time_t full = fig6_restore_time();
    for (int only = 0; only < 2; only++) {
        mob_config_t c;
        fig1_timing(&c, MOB_SCHEME_HOA_SIGNALING);
        c.nets[only == 0 ? NET_HOMEB : NET_HOMEA].deploy = false;
        fx_run_t r;
        CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
        /* paper IV.C: with either HA alone both directions are restored */
        CU_ASSERT_TRUE(r.m->restored_ab);
        CU_ASSERT_TRUE(r.m->restored_ba);
        CU_ASSERT_TRUE(r.m->restore_time < SIM_S(1));
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_SCHEME, only == 0 ? "HA_B" : "HA_A", -1, NULL, 0), 0);
        fx_free(&r);
        mob_config_free(&c);
    }
    /* with neither HA nothing is kept or re-forwarded; the hosts' own
     * immediate resend still recovers, later than with the HA buffer */
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_HOA_SIGNALING);
    c.nets[NET_HOMEA].deploy = c.nets[NET_HOMEB].deploy = false;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    CU_ASSERT_EQUAL(r.m->sig_reforwarded, 0);
    CU_ASSERT_EQUAL(r.m->ha_peak_copies, 0);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_TRUE(r.m->restore_time > full);
    fx_free(&r);
    mob_config_free(&c);
    mob_config_free(&c);
}

/* Two runs give the same trace, record by record (time, kind, node, peer,
 * code, what, packet label and bytes): the same packets at the same
 * instants, the same losses where and why. */
static void assert_same_trace(const fx_run_t *a, const fx_run_t *b)
{
    CU_ASSERT_EQUAL_FATAL(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const fx_rec_t *x = &a->recs[i], *y = &b->recs[i];
        bool same = x->kind == y->kind && x->at == y->at && strcmp(x->node, y->node) == 0 &&
                    strcmp(x->peer, y->peer) == 0 && x->code == y->code &&
                    strcmp(x->what, y->what) == 0 && strcmp(x->label, y->label) == 0 &&
                    x->len == y->len && memcmp(x->bytes, y->bytes, x->len) == 0;
        CU_ASSERT_TRUE(same);
        if (!same) {
            fprintf(stderr, "record %zu: %lld %s %s %s / %lld %s %s %s\n", i, (long long)x->at,
                    x->node, x->label, x->what, (long long)y->at, y->node, y->label, y->what);
            return;
        }
    }
}

static void assert_same_metrics(const mob_metrics_t *a, const mob_metrics_t *b)
{
    CU_ASSERT_EQUAL(a->restored_ab, b->restored_ab);
    CU_ASSERT_EQUAL(a->restored_ba, b->restored_ba);
    CU_ASSERT_EQUAL(a->restored_at_ab, b->restored_at_ab);
    CU_ASSERT_EQUAL(a->restored_at_ba, b->restored_at_ba);
    CU_ASSERT_EQUAL(a->has_restore_time, b->has_restore_time);
    CU_ASSERT_EQUAL(a->restore_time, b->restore_time);
    CU_ASSERT_EQUAL(a->sig_sent, b->sig_sent);
    CU_ASSERT_EQUAL(a->sig_lost, b->sig_lost);
    CU_ASSERT_EQUAL(a->sig_reforwarded, b->sig_reforwarded);
    CU_ASSERT_EQUAL(a->data_sent, b->data_sent);
    CU_ASSERT_EQUAL(a->data_lost, b->data_lost);
    CU_ASSERT_EQUAL(a->data_received, b->data_received);
    CU_ASSERT_EQUAL(a->data_delay_mean, b->data_delay_mean);
    CU_ASSERT_EQUAL(a->disruption_ab, b->disruption_ab);
    CU_ASSERT_EQUAL(a->disruption_ba, b->disruption_ba);
    CU_ASSERT_EQUAL_FATAL(a->n_lost, b->n_lost);
    for (size_t i = 0; i < a->n_lost; i++) {
        CU_ASSERT_STRING_EQUAL(a->lost[i].type, b->lost[i].type);
        CU_ASSERT_STRING_EQUAL(a->lost[i].from, b->lost[i].from);
        CU_ASSERT_STRING_EQUAL(a->lost[i].where, b->lost[i].where);
        CU_ASSERT_STRING_EQUAL(a->lost[i].why, b->lost[i].why);
        CU_ASSERT_EQUAL(a->lost[i].died_at, b->lost[i].died_at);
    }
}

/* params.resend_on_peer_bu false and no home agent deploying: what is left
 * of hoa-signaling is its routing (HoTI, CoTI and BU to the peer's home
 * address), which is RFC 6275 §6.1's. Such a run under mh_routing
 * "binding-cache" is the baseline under mh_routing "rfc6275", packet for
 * packet, at every offset of B's move against A's (-400..400 ms, 50 ms
 * steps, Figure 1's A at 1 s). */
static void test_hoa_signaling_without_resend_or_ha_is_strict_rfc6275(void)
{
    for (sim_time_t d = -SIM_MS(400); d <= SIM_MS(400); d += SIM_MS(50)) {
        mob_config_t h, b;
        fx_config(&h);
        h.scheme = MOB_SCHEME_HOA_SIGNALING;
        h.resend_on_peer_bu = false;
        h.nets[NET_HOMEA].deploy = h.nets[NET_HOMEB].deploy = false;
        fx_move(&h, 0, SIM_S(1), NET_A2);
        fx_move(&h, 1, SIM_S(1) + d, NET_B2);
        fx_config(&b);
        b.mh_routing = MOB_MH_RFC6275;
        fx_move(&b, 0, SIM_S(1), NET_A2);
        fx_move(&b, 1, SIM_S(1) + d, NET_B2);
        fx_run_t rh, rb;
        CU_ASSERT_EQUAL_FATAL(fx_run(&rh, &h), 0);
        CU_ASSERT_EQUAL_FATAL(fx_run(&rb, &b), 0);
        assert_same_trace(&rh, &rb);
        assert_same_metrics(rh.m, rb.m);
        /* nothing of the scheme acted: no copy, no re-forward, no resend */
        CU_ASSERT_EQUAL(fx_count(&rh, SIM_TR_SCHEME, NULL, -1, NULL, 0), 0);
        CU_ASSERT_EQUAL(rh.m->ha_peak_copies, 0);
        fx_free(&rh);
        fx_free(&rb);
        mob_config_free(&h);
        mob_config_free(&b);
    }
    /* with the rule on (the default) the same world differs: A re-sends its
     * CoTI at once when B's BU arrives from B's new CoA, and restores
     * sooner than strict RFC 6275 routing */
    mob_config_t h, b;
    fig1_timing(&h, MOB_SCHEME_HOA_SIGNALING);
    h.nets[NET_HOMEA].deploy = h.nets[NET_HOMEB].deploy = false;
    fig1_timing(&b, MOB_SCHEME_BASELINE);
    b.mh_routing = MOB_MH_RFC6275;
    fx_run_t rh, rb;
    CU_ASSERT_EQUAL_FATAL(fx_run(&rh, &h), 0);
    CU_ASSERT_EQUAL_FATAL(fx_run(&rb, &b), 0);
    const fx_rec_t *again = fx_first(&rh, SIM_TR_SCHEME, "A", -1, "peer moved: resend at once", 0);
    CU_ASSERT_PTR_NOT_NULL(again);
    CU_ASSERT_TRUE(rh.m->has_restore_time && rb.m->has_restore_time);
    CU_ASSERT_TRUE(rh.m->restore_time < rb.m->restore_time);
    fx_free(&rh);
    fx_free(&rb);
    mob_config_free(&h);
    mob_config_free(&b);
}

/* params.resend_on_peer_bu false: the HA's copy alone repairs the loss, so
 * T_b does what the paper says. At the offset where analysis/window.c's
 * derived bound t_b_min is tight (docs/theory.md), T_b = t_b_min - 1 ns
 * discards the copy before the peer's new home BU arrives, and the message
 * waits for its RFC 6275 retransmission; T_b = t_b_min re-forwards it. */
static void run_t_b(fx_run_t *r, mob_config_t *c, sim_time_t delta, sim_time_t T_b, bool resend)
{
    fx_config(c);
    c->scheme = MOB_SCHEME_HOA_SIGNALING;
    c->resend_on_peer_bu = resend;
    c->T_b = T_b;
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, SIM_S(1) + delta, NET_B2);
    CU_ASSERT_EQUAL(fx_run(r, c), 0);
}

static void test_hoa_signaling_without_resend_needs_t_b_above_the_bound(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_HOA_SIGNALING);
    window_t w;
    CU_ASSERT_EQUAL_FATAL(window_analytic(&c, &w, NULL), 0);
    mob_config_free(&c);
    CU_ASSERT_EQUAL(w.t_b_min, SIM_MS(160) + 1); /* Figure 1's delays */
    fx_run_t lo, hi;
    mob_config_t clo, chi;
    run_t_b(&lo, &clo, w.t_b_delta, w.t_b_min - 1, false);
    run_t_b(&hi, &chi, w.t_b_delta, w.t_b_min, false);
    /* the tight offset: B detaches as A's CoTI, tunneled by HA_B at
     * 1.13 s, reaches B1 (1.16 s); B's new home BU reaches HA_B at 1.29 s */
    CU_ASSERT_EQUAL(w.t_b_delta, SIM_MS(160));
    const fx_rec_t *kept = fx_first(&lo, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA buffered", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    CU_ASSERT_EQUAL(kept->at, SIM_MS(1130));
    const mob_lost_t *l = fx_lost(&lo, "CoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1160));
    /* below: the copy expires at 1.29 s, just before the BU (its expiry
     * was scheduled first); only the later HoTI's copy is re-forwarded,
     * and A's CoTI waits for its retransmission (~2.1 s): restored 1.12 s
     * after B's detach */
    const fx_rec_t *gone =
        fx_first(&lo, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA copy discarded (T_b)", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gone);
    CU_ASSERT_EQUAL(gone->at, SIM_MS(1290));
    CU_ASSERT_EQUAL(fx_count(&lo, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA re-forwarded", 0), 0);
    CU_ASSERT_EQUAL(lo.m->sig_reforwarded, 1);
    CU_ASSERT_PTR_NOT_NULL(fx_first_label(&lo, SIM_TR_PKT_SENT, "A", "CoTI", SIM_S(2)));
    CU_ASSERT_TRUE(lo.m->restored_ab && lo.m->restored_ba);
    CU_ASSERT_EQUAL(lo.m->restore_time, SIM_MS(1120));
    /* at the bound: HA_B re-forwards the CoTI's copy to B's new CoA when
     * the BU arrives (1.29 s), both copies re-forwarded, restored 0.38 s
     * after B's detach */
    const fx_rec_t *re = fx_first(&hi, SIM_TR_SCHEME, "HA_B", MH_COTI, "HA re-forwarded", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(re);
    CU_ASSERT_EQUAL(re->at, SIM_MS(1290));
    CU_ASSERT_EQUAL(hi.m->sig_reforwarded, 2);
    CU_ASSERT_EQUAL(hi.m->sig_lost, lo.m->sig_lost);
    CU_ASSERT_TRUE(hi.m->restored_ab && hi.m->restored_ba);
    CU_ASSERT_EQUAL(hi.m->restore_time, SIM_MS(380));
    /* with the rule on, T_b below the bound (even 0) is hidden: B's BU from
     * its new CoA makes A re-send the CoTI at once (restored after 0.56 s
     * and 0.66 s instead of 1.12 s) */
    fx_run_t on;
    mob_config_t con;
    for (int k = 0; k < 2; k++) {
        run_t_b(&on, &con, w.t_b_delta, k == 0 ? w.t_b_min - 1 : 0, true);
        CU_ASSERT_PTR_NOT_NULL(
            fx_first(&on, SIM_TR_SCHEME, "A", -1, "peer moved: resend at once", 0));
        CU_ASSERT_TRUE(on.m->restored_ab && on.m->restored_ba);
        CU_ASSERT_TRUE(on.m->restore_time < lo.m->restore_time - SIM_MS(400));
        fx_free(&on);
        mob_config_free(&con);
    }
    fx_free(&lo);
    fx_free(&hi);
    mob_config_free(&clo);
    mob_config_free(&chi);
}

static void test_scheme_messages_lost_on_a_lossy_link(void)
{
    mob_config_t c;
    fig1_timing(&c, MOB_SCHEME_PROXIES);
    c.loss = 0.3;
    c.seed = 3;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    int scheme_lost = 0;
    for (size_t i = 0; i < r.m->n_lost; i++)
        if (strncmp(r.m->lost[i].type, "PROXY-", 6) == 0) {
            scheme_lost++;
            CU_ASSERT_STRING_EQUAL(r.m->lost[i].why, "link-loss");
        }
    CU_ASSERT_TRUE(scheme_lost > 0);
    CU_ASSERT_TRUE(r.m->sig_lost >= (uint64_t)scheme_lost);
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_schemes(void)
{
    ADD_SUITE("models/schemes", TEST(test_fig4_old_access_routers_forward_rr_to_new_coas),
              TEST(test_forwarding_without_buffer_loses_early_messages),
              TEST(test_forwarding_entry_expired_before_messages_arrive),
              TEST(test_forwarding_deployed_in_one_network_only),
              TEST(test_fig5_home_agents_relay_query_and_resend),
              TEST(test_proxies_with_a_shared_home_agent_restore),
              TEST(test_proxies_update_within_t_p_resends_when_t_h_exceeds_t_p),
              TEST(test_proxies_fail_when_t_h_not_above_t_p),
              TEST(test_proxies_home_agents_never_send_from_a_care_of_address),
              TEST(test_fig6_peer_home_agent_buffers_and_reforwards),
              TEST(test_hoa_signaling_t_b_too_short_misses_the_reforward),
              TEST(test_hoa_signaling_one_home_agent_is_enough),
              TEST(test_hoa_signaling_without_resend_or_ha_is_strict_rfc6275),
              TEST(test_hoa_signaling_without_resend_needs_t_b_above_the_bound),
              TEST(test_scheme_messages_lost_on_a_lossy_link));
}
