/* Returning home (RFC 6275 §11.5.5, issue 14): scenarios/home.json - A
 * moves A1 -> A2 at 1 s, back to its home network homeA at 5 s and away to
 * A1 again at 9 s while B stays on B1 (access 5 ms, core 20 ms, homeA-homeB
 * 40 ms, handoff 10 ms L2 + 20 ms movement detection, no DAD: a CoA is
 * usable 30 ms after a move). At home A de-registers with HA_A (BU lifetime
 * 0, H and A bits, from its home address; §10.3.2: the HA deletes its entry
 * and answers) and with B (HoTI only, BU lifetime 0 authenticated with
 * Kbm = SHA1(home keygen token), §5.2.5/§5.2.6; B deletes its entry,
 * §9.5.2), and data flows on the home address with no RH2, HAO or tunnel.
 * Away again, everything is registered afresh. And a host may start at home:
 * nothing to register until it moves. */
#include <stdio.h>
#include <string.h>

#include "models/host.h"
#include "models/mh.h"
#include "models/pkt.h"
#include "models/rr.h"
#include "scenarios/scn.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

static net_addr_t addr(const char *s)
{
    net_addr_t a;
    CU_ASSERT_EQUAL_FATAL(net_addr_parse(s, &a), 0);
    return a;
}

static bool is(const net_addr_t *a, const char *s)
{
    net_addr_t b = addr(s);
    return net_addr_eq(a, &b);
}

#define A_HOA "2001:db8:a::100"
#define A_A1  "2001:db8:a1::100"
#define HA_A  "2001:db8:a::1"
#define B_HOA "2001:db8:b::200"

/* the packet of a record (its bytes as sent) */
static bool view(const fx_rec_t *f, pkt_view_t *v)
{
    return f && pkt_parse_flags(f->bytes, f->len, v, PKT_PARSE_NO_CSUM, NULL, 0) == 0;
}

/* the first record of kind at node with MH type `type` at or after `after`
 * whose (outer) destination is dst */
static const fx_rec_t *first_to(const fx_run_t *r, sim_trace_kind_t kind, const char *node,
                                int type, const char *dst, sim_time_t after)
{
    net_addr_t d = addr(dst);
    for (size_t i = 0; i < r->n; i++) {
        const fx_rec_t *f = &r->recs[i];
        pkt_view_t v;
        if (f->kind == kind && f->code == type && f->at >= after && strcmp(f->node, node) == 0 &&
            view(f, &v) && net_addr_eq(&v.dst, &d))
            return f;
    }
    return NULL;
}

static int load_home(mob_config_t *c, fx_run_t *r)
{
    sim_err_t err = {0};
    if (scn_load_file("scenarios/home.json", NULL, 0, c, &err) != 0)
        return -1;
    return fx_run(r, c);
}

static void test_home_deregistration_with_the_home_agent(void)
{
    mob_config_t c;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(load_home(&c, &r), 0);
    /* A's home BU from home: at 5.03 s (the CoA usable), from its home
     * address to HA_A, no HAO, H and A bits, lifetime 0 */
    const fx_rec_t *bu = first_to(&r, SIM_TR_PKT_SENT, "A", MH_BU, HA_A, SIM_S(5));
    pkt_view_t v;
    CU_ASSERT_FATAL(view(bu, &v));
    CU_ASSERT_EQUAL(bu->at, SIM_MS(5030));
    CU_ASSERT_TRUE(is(&v.src, A_HOA));
    CU_ASSERT_EQUAL(v.proto, PKT_PROTO_MH);
    CU_ASSERT_FALSE(v.has_hao);
    CU_ASSERT_EQUAL(v.mh.lifetime, 0);
    CU_ASSERT_EQUAL(v.mh.bu_flags & (MH_BU_A | MH_BU_H), MH_BU_A | MH_BU_H);
    uint16_t seq = v.mh.seq;
    /* HA_A deletes its entry and answers at 5.04 s: BA status 0, lifetime
     * 0, the BU's number, to the home address without a RH2 */
    const fx_rec_t *del = fx_first(&r, SIM_TR_BINDING, "HA_A", -1, "home-deleted", SIM_S(5));
    CU_ASSERT_PTR_NOT_NULL_FATAL(del);
    CU_ASSERT_EQUAL(del->at, SIM_MS(5040));
    const fx_rec_t *ba = first_to(&r, SIM_TR_PKT_SENT, "HA_A", MH_BA, A_HOA, SIM_S(5));
    CU_ASSERT_FATAL(view(ba, &v));
    CU_ASSERT_EQUAL(ba->at, SIM_MS(5040));
    CU_ASSERT_TRUE(is(&v.src, HA_A));
    CU_ASSERT_FALSE(v.has_rh2);
    CU_ASSERT_EQUAL(v.mh.ba_status, MH_BA_ACCEPTED);
    CU_ASSERT_EQUAL(v.mh.seq, seq);
    CU_ASSERT_EQUAL(v.mh.lifetime, 0);
    /* A takes it at 5.05 s, on its home link: no retransmission follows */
    const fx_rec_t *got = fx_first(&r, SIM_TR_PKT_RECEIVED, "A", MH_BA, NULL, SIM_S(5));
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(got->at, SIM_MS(5050));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, SIM_S(5)) -
                        fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, SIM_S(9)),
                    2); /* one to HA_A, one to B */
    /* nothing for A reaches HA_A while A is at home: A holds its home
     * address itself (from 9.06 s, HA_A's DAD for the new registration
     * finds packets for A with no binding yet) */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "HA_A", -1, "no-home-binding", SIM_S(5)) -
                        fx_count(&r, SIM_TR_PKT_DROPPED, "HA_A", -1, "no-home-binding", SIM_S(9)),
                    0);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_correspondent_deregistration_home_token_only(void)
{
    mob_config_t c;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(load_home(&c, &r), 0);
    const sim_time_t home = SIM_S(5), away = SIM_S(9);
    /* one HoTI, from the home address directly (not tunneled), no CoTI */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_HOTI, NULL, home) -
                        fx_count(&r, SIM_TR_PKT_SENT, "A", MH_HOTI, NULL, away),
                    1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_COTI, NULL, home) -
                        fx_count(&r, SIM_TR_PKT_SENT, "A", MH_COTI, NULL, away),
                    0);
    const fx_rec_t *hoti = fx_first(&r, SIM_TR_PKT_SENT, "A", MH_HOTI, NULL, home);
    pkt_view_t v;
    CU_ASSERT_FATAL(view(hoti, &v));
    CU_ASSERT_EQUAL(hoti->at, SIM_MS(5030));
    CU_ASSERT_EQUAL(v.proto, PKT_PROTO_MH);
    CU_ASSERT_TRUE(is(&v.src, A_HOA));
    /* B's HoT reaches A on its home address at 5.09 s; the BU leaves then:
     * from the home address, no HAO, lifetime 0, a BAD */
    const fx_rec_t *hot = fx_first(&r, SIM_TR_PKT_RECEIVED, "A", MH_HOT, NULL, home);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hot);
    CU_ASSERT_EQUAL(hot->at, SIM_MS(5090));
    const fx_rec_t *bu = NULL;
    for (size_t i = 0; i < r.n && !bu; i++) {
        const fx_rec_t *f = &r.recs[i];
        if (f->kind == SIM_TR_PKT_SENT && f->code == MH_BU && f->at >= home &&
            strcmp(f->node, "A") == 0 && view(f, &v) && !is(&v.dst, HA_A))
            bu = f;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(bu);
    CU_ASSERT_EQUAL(bu->at, SIM_MS(5090));
    CU_ASSERT_TRUE(is(&v.src, A_HOA));
    CU_ASSERT_EQUAL(v.proto, PKT_PROTO_MH);
    CU_ASSERT_FALSE(v.has_hao);
    CU_ASSERT_EQUAL(v.mh.lifetime, 0);
    CU_ASSERT_TRUE(v.mh.has_bad && v.mh.has_nonce_indices);
    /* the right Kbm: SHA1 of the home keygen token B issued for A's home
     * address (B's nonce of that index), over home address | B | MH; the
     * care-of form (with any care-of token) would not match */
    const struct mob_mn *b = &r.w->hosts[1];
    uint8_t tok[RR_TOKEN_LEN], kbm[RR_KBM_LEN];
    net_addr_t hoa = addr(A_HOA), bhoa = addr(B_HOA);
    CU_ASSERT_EQUAL_FATAL(
        rr_cn_token_for(b->rr, bu->at, &hoa, RR_HOME_TOKEN, v.mh.home_nonce_index, tok), 0);
    rr_kbm(tok, NULL, kbm);
    CU_ASSERT_TRUE(
        rr_crypto_check_auth(rr_cn_crypto(b->rr), kbm, &hoa, &bhoa, v.upper, v.upper_len));
    uint8_t wrong[RR_KBM_LEN];
    rr_kbm(tok, tok, wrong);
    CU_ASSERT_FALSE(
        rr_crypto_check_auth(rr_cn_crypto(b->rr), wrong, &hoa, &bhoa, v.upper, v.upper_len));
    uint16_t seq = v.mh.seq;
    /* B accepts it at 5.12 s: its entry for A is deleted, BA status 0 to
     * A's home address without a RH2, A takes it at 5.15 s */
    const fx_rec_t *del = fx_first(&r, SIM_TR_BINDING, "B", -1, "deleted", home);
    CU_ASSERT_PTR_NOT_NULL_FATAL(del);
    CU_ASSERT_EQUAL(del->at, SIM_MS(5120));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "B", -1, NULL, home) -
                        fx_count(&r, SIM_TR_BINDING, "B", -1, NULL, away),
                    1);
    const fx_rec_t *ba = fx_first(&r, SIM_TR_PKT_SENT, "B", MH_BA, NULL, home);
    CU_ASSERT_FATAL(view(ba, &v));
    CU_ASSERT_EQUAL(ba->at, SIM_MS(5120));
    CU_ASSERT_EQUAL(v.mh.ba_status, MH_BA_ACCEPTED);
    CU_ASSERT_EQUAL(v.mh.seq, seq);
    CU_ASSERT_FALSE(v.has_rh2);
    const fx_rec_t *got = fx_first(&r, SIM_TR_PKT_RECEIVED, "A", MH_BA, NULL, SIM_MS(5100));
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_EQUAL(got->at, SIM_MS(5150));
    /* no retransmission of the BU: A verified the BA with the same Kbm */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, SIM_MS(5100)) -
                        fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, away),
                    0);
    CU_ASSERT_EQUAL(r.m->sig_lost, 1); /* only the 9 s HoTI (HA_A still in DAD) */
    fx_free(&r);
    mob_config_free(&c);
}

/* data records of the window [from, to): A's own and A's receptions */
typedef struct data_tap {
    sim_time_t from, to;
    net_addr_t hoa;
    int a_sent, a_sent_bad;
    int a_recv, a_recv_bad;
    int b_recv_from_a;
    int at_ha; /* data records at HA_A (node 2: after the hosts) */
} data_tap_t;

static void tap(void *ctx, const sim_trace_rec_t *rec)
{
    data_tap_t *t = ctx;
    pkt_view_t v;
    if (rec->code >= 0 || rec->at < t->from || rec->at >= t->to ||
        (rec->kind != SIM_TR_PKT_SENT && rec->kind != SIM_TR_PKT_RECEIVED) ||
        pkt_parse_flags(rec->bytes, rec->len, &v, PKT_PARSE_NO_CSUM, NULL, 0) < 0)
        return;
    t->at_ha += rec->node == 2;
    if (rec->kind == SIM_TR_PKT_SENT && rec->node == 0) {
        t->a_sent++;
        /* from the home address itself: no HAO, not tunneled */
        t->a_sent_bad += v.proto != PKT_PROTO_UDP || v.has_hao || !net_addr_eq(&v.src, &t->hoa);
    } else if (rec->kind == SIM_TR_PKT_RECEIVED && rec->node == 0) {
        t->a_recv++;
        /* to the home address: no RH2, not tunneled */
        t->a_recv_bad += v.proto != PKT_PROTO_UDP || v.has_rh2 || !net_addr_eq(&v.dst, &t->hoa);
    } else if (rec->kind == SIM_TR_PKT_RECEIVED && rec->node == 1) {
        const net_addr_t *from = v.has_hao ? &v.hao : &v.src;
        t->b_recv_from_a += net_addr_eq(from, &t->hoa);
    }
}

static void test_data_at_home_without_rh2_hao_or_tunnel(void)
{
    mob_config_t c;
    sim_err_t err = {0};
    CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/home.json", NULL, 0, &c, &err), 0);
    /* from B's deletion of A's entry (5.12 s) to A's next move */
    data_tap_t t = {.from = SIM_MS(5200), .to = SIM_S(9), .hoa = addr(A_HOA)};
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run_tap(&r, &c, tap, &t), 0);
    /* 50 packets/s each way for 3.8 s */
    CU_ASSERT_TRUE(t.a_sent >= 180);
    CU_ASSERT_EQUAL(t.a_sent_bad, 0);
    CU_ASSERT_TRUE(t.a_recv >= 180);
    CU_ASSERT_EQUAL(t.a_recv_bad, 0);
    CU_ASSERT_TRUE(t.b_recv_from_a >= 180);
    /* no data packet in that window went through HA_A, none died */
    CU_ASSERT_EQUAL(t.at_ha, 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, NULL, -1, NULL, SIM_MS(5200)) -
                        fx_count(&r, SIM_TR_PKT_DROPPED, NULL, -1, NULL, SIM_S(9)),
                    0);
    fx_free(&r);
    mob_config_free(&c);
}

static void test_moving_away_again_registers_afresh(void)
{
    mob_config_t c;
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(load_home(&c, &r), 0);
    const sim_time_t away = SIM_S(9);
    /* the home BU from A1 at 9.03 s: HAO, the A1 CoA, a lifetime */
    const fx_rec_t *bu = first_to(&r, SIM_TR_PKT_SENT, "A", MH_BU, HA_A, away);
    pkt_view_t v;
    CU_ASSERT_FATAL(view(bu, &v));
    CU_ASSERT_EQUAL(bu->at, SIM_MS(9030));
    CU_ASSERT_TRUE(is(&v.src, A_A1));
    CU_ASSERT_TRUE(v.has_hao && is(&v.hao, A_HOA));
    CU_ASSERT_TRUE(v.mh.lifetime > 0);
    /* HA_A holds no binding after the de-registration: a first
     * registration, answered after DAD (§10.3.1) */
    const fx_rec_t *upd = fx_first(&r, SIM_TR_BINDING, "HA_A", -1, "home-updated", away);
    CU_ASSERT_PTR_NOT_NULL_FATAL(upd);
    CU_ASSERT_EQUAL(upd->at, SIM_MS(9060) + c.ha_dad);
    const fx_rec_t *ba = first_to(&r, SIM_TR_PKT_SENT, "HA_A", MH_BA, A_A1, away);
    CU_ASSERT_FATAL(view(ba, &v));
    CU_ASSERT_EQUAL(v.mh.ba_status, MH_BA_ACCEPTED);
    CU_ASSERT_TRUE(v.has_rh2 && is(&v.rh2_home, A_HOA));
    /* full return routability with B from A1: a HoTI and a CoTI at 9.03 s */
    const fx_rec_t *hoti = fx_first(&r, SIM_TR_PKT_SENT, "A", MH_HOTI, NULL, away);
    const fx_rec_t *coti = fx_first(&r, SIM_TR_PKT_SENT, "A", MH_COTI, NULL, away);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hoti);
    CU_ASSERT_PTR_NOT_NULL_FATAL(coti);
    CU_ASSERT_EQUAL(hoti->at, SIM_MS(9030));
    CU_ASSERT_EQUAL(coti->at, SIM_MS(9030));
    CU_ASSERT_FATAL(view(coti, &v));
    CU_ASSERT_TRUE(is(&v.src, A_A1));
    /* B binds A's home address to the A1 CoA again, and both directions
     * are restored */
    const fx_rec_t *bb = fx_first(&r, SIM_TR_BINDING, "B", -1, "updated", away);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bb);
    const struct mob_mn *a = &r.w->hosts[0];
    CU_ASSERT_TRUE(a->attached && is(&a->coa, A_A1));
    CU_ASSERT_TRUE(a->home_registered && a->home_bce.valid && is(&a->home_bce.coa, A_A1));
    const mob_corr_t *ab = mob_corr_for(r.w, a, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ab);
    CU_ASSERT_EQUAL(ab->cr.state, MOB_CR_BOUND);
    CU_ASSERT_FALSE(ab->cr.dereg);
    const mob_corr_t *ba_entry = mob_corr_for(r.w, &r.w->hosts[1], 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba_entry);
    CU_ASSERT_TRUE(ba_entry->bce.valid && is(&ba_entry->bce.coa, A_A1));
    CU_ASSERT_EQUAL(ba_entry->bce.set_at, bb->at);
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    CU_ASSERT_EQUAL(r.m->restored_at_ba, bb->at);
    fx_free(&r);
    mob_config_free(&c);
}

/* every scheme under both routing modes: the return home de-registers with
 * both (HA_A and B delete their entries) and the move away restores both
 * directions (the forwarding scheme installs no forwarding from the home
 * link: the home agent is no previous access router) */
static void test_every_scheme_returns_home_and_away_again(void)
{
    static const char *const schemes[] = {"scheme=baseline", "scheme=hoa-signaling",
                                          "scheme=proxies", "scheme=forwarding"};
    static const char *const routing[] = {"mh_routing=binding-cache", "mh_routing=rfc6275"};
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 2; k++) {
            const char *sets[] = {schemes[i], routing[k]};
            mob_config_t c;
            sim_err_t err = {0};
            CU_ASSERT_EQUAL_FATAL(scn_load_file("scenarios/home.json", sets, 2, &c, &err), 0);
            fx_run_t r;
            CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
            const fx_rec_t *ha = fx_first(&r, SIM_TR_BINDING, "HA_A", -1, "home-deleted", 0);
            const fx_rec_t *b = fx_first(&r, SIM_TR_BINDING, "B", -1, "deleted", 0);
            CU_ASSERT_PTR_NOT_NULL_FATAL(ha);
            CU_ASSERT_PTR_NOT_NULL_FATAL(b);
            CU_ASSERT_TRUE(ha->at > SIM_S(5) && ha->at < SIM_S(9));
            CU_ASSERT_TRUE(b->at > SIM_S(5) && b->at < SIM_S(9));
            CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
            CU_ASSERT_TRUE(r.m->restored_at_ba > SIM_S(9));
            if (!(r.m->restored_ab && r.m->restored_ba))
                fprintf(stderr, "\n  not restored: %s %s\n", schemes[i], routing[k]);
            fx_free(&r);
            mob_config_free(&c);
        }
}

static void test_a_host_starting_at_home(void)
{
    for (int cold = 0; cold <= 1; cold++) {
        mob_config_t c;
        fx_config(&c);
        c.initial_cold = cold;
        c.hosts[0].start = NET_HOMEA;
        fx_move(&c, 0, SIM_S(2), NET_A1);
        data_tap_t t = {.from = SIM_MS(500), .to = SIM_S(2), .hoa = addr(A_HOA)};
        fx_run_t r;
        CU_ASSERT_EQUAL_FATAL(fx_run_tap(&r, &c, tap, &t), 0);
        /* nothing registered before the move: no BU, HoTI or CoTI from A
         * (its CN role answers B's registration, in the cold start), nothing
         * at HA_A */
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, 0) -
                            fx_count(&r, SIM_TR_PKT_SENT, "A", MH_BU, NULL, SIM_S(2)),
                        0);
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_HOTI, NULL, 0) -
                            fx_count(&r, SIM_TR_PKT_SENT, "A", MH_HOTI, NULL, SIM_S(2)),
                        0);
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "A", MH_COTI, NULL, 0) -
                            fx_count(&r, SIM_TR_PKT_SENT, "A", MH_COTI, NULL, SIM_S(2)),
                        0);
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "HA_A", -1, NULL, 0) -
                            fx_count(&r, SIM_TR_BINDING, "HA_A", -1, NULL, SIM_S(2)),
                        0);
        /* data both ways on the home address: no RH2, HAO or tunnel */
        CU_ASSERT_TRUE(t.a_sent > 0 && t.a_recv > 0 && t.b_recv_from_a > 0);
        CU_ASSERT_EQUAL(t.a_sent_bad, 0);
        CU_ASSERT_EQUAL(t.a_recv_bad, 0);
        CU_ASSERT_EQUAL(t.at_ha, 0);
        /* the move away: a first home registration (1.5 s timeout, §13),
         * return routability with B, B's entry for A on A1 */
        const fx_rec_t *bu = first_to(&r, SIM_TR_PKT_SENT, "A", MH_BU, HA_A, SIM_S(2));
        pkt_view_t v;
        CU_ASSERT_FATAL(view(bu, &v));
        CU_ASSERT_TRUE(is(&v.src, A_A1) && v.has_hao && v.mh.lifetime > 0);
        CU_ASSERT_PTR_NOT_NULL(fx_first(&r, SIM_TR_PKT_SENT, "A", MH_COTI, NULL, SIM_S(2)));
        const struct mob_mn *a = &r.w->hosts[0];
        CU_ASSERT_TRUE(a->home_bce.valid && is(&a->home_bce.coa, A_A1));
        const mob_corr_t *ba_entry = mob_corr_for(r.w, &r.w->hosts[1], 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ba_entry);
        CU_ASSERT_TRUE(ba_entry->bce.valid && is(&ba_entry->bce.coa, A_A1));
        CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
        fx_free(&r);
        mob_config_free(&c);
    }
}

void suite_models_home(void)
{
    CU_pSuite s = CU_add_suite("models/home", NULL, NULL);
    CU_add_test(s, "home de-registration: BU lifetime 0 and the HA's BA",
                test_home_deregistration_with_the_home_agent);
    CU_add_test(s, "correspondent de-registration: HoTI only, SHA1(home token) Kbm",
                test_correspondent_deregistration_home_token_only);
    CU_add_test(s, "data at home: no RH2, no HAO, no tunnel",
                test_data_at_home_without_rh2_hao_or_tunnel);
    CU_add_test(s, "moving away again registers afresh", test_moving_away_again_registers_afresh);
    CU_add_test(s, "every scheme returns home and away again",
                test_every_scheme_returns_home_and_away_again);
    CU_add_test(s, "a host starting at home", test_a_host_starting_at_home);
}
