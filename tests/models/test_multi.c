/* A world of four hosts (fx_multi_config, the shape of scenarios/multi.json):
 * mobile hosts A, B, D and a stationary correspondent C; pairs A-B, A-C,
 * B-D. What must emerge: A <-> B is lost exactly as in Figure 1 (the other
 * pairs change nothing of it), A <-> C is restored shortly after A's move
 * (C has the CN role only: HoT/CoT, BU -> binding cache entry -> BA), B <-> D
 * after D's move at 6 s. Also: per-pair metrics add up to the world's
 * totals, each pair keeps its own binding cache entry and RR state, pairs
 * get their own flows, the checks that refuse what a correspondent cannot
 * do, and every scheme with a correspondent pair. */
#include "models/host.h"
#include "models/mh.h"
#include "models/packet.h"
#include "models/state.h"
#include "tests/models/fixture.h"
#include "tests/testing.h"

#include <stdio.h>
#include <string.h>

static net_addr_t addr(const char *s)
{
    net_addr_t a;
    net_addr_parse(s, &a);
    return a;
}

static net_addr_t src_of(const fx_rec_t *f)
{
    net_addr_t a = {{0}};
    if (f->len >= 24)
        memcpy(a.b, f->bytes + 8, 16);
    return a;
}

/* The Figure 1 world alone (two hosts), to the multi world's horizon. */
static void fig1_config(mob_config_t *c)
{
    fx_config(c);
    c->horizon = SIM_S(20);
    fx_move(c, 0, SIM_S(1), NET_A2);
    fx_move(c, 1, SIM_MS(1030), NET_B2);
}

static bool is_ab(const char *n)
{
    return strcmp(n, "A") == 0 || strcmp(n, "B") == 0;
}

static bool same_lost(const mob_lost_t *x, const mob_lost_t *y)
{
    return strcmp(x->type, y->type) == 0 && strcmp(x->from, y->from) == 0 &&
           strcmp(x->to, y->to) == 0 && strcmp(x->where, y->where) == 0 &&
           strcmp(x->why, y->why) == 0 && x->sent_at == y->sent_at && x->died_at == y->died_at &&
           net_addr_eq(&x->to_addr, &y->to_addr);
}

static size_t count_same(const mob_metrics_t *m, const mob_lost_t *l)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_lost; i++)
        n += same_lost(&m->lost[i], l);
    return n;
}

/* A <-> B: the same losses as Figure 1, message by message and instant by
 * instant; the other pairs add none between A and B. */
static void test_ab_lost_exactly_as_in_fig1(void)
{
    mob_config_t c1, cm;
    fig1_config(&c1);
    fx_multi_config(&cm);
    fx_run_t r1, rm;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r1, &c1), 0);
    CU_ASSERT_EQUAL_FATAL(fx_run(&rm, &cm), 0);
    CU_ASSERT_TRUE_FATAL(r1.m->n_lost > 0 && r1.m->n_lost < MOB_LOST_MAX);
    CU_ASSERT_TRUE_FATAL(rm.m->n_lost < MOB_LOST_MAX);
    /* every Figure 1 loss is there, as often */
    for (size_t i = 0; i < r1.m->n_lost; i++)
        CU_ASSERT_EQUAL(count_same(rm.m, &r1.m->lost[i]), count_same(r1.m, &r1.m->lost[i]));
    /* and every loss of a message between A and B (either way) is one of
     * Figure 1's */
    size_t n_ab = 0;
    for (size_t i = 0; i < rm.m->n_lost; i++) {
        const mob_lost_t *l = &rm.m->lost[i];
        if (!is_ab(l->from) || !is_ab(l->to))
            continue;
        n_ab++;
        CU_ASSERT_EQUAL(count_same(r1.m, l), count_same(rm.m, l));
    }
    CU_ASSERT_EQUAL(n_ab, r1.m->n_lost);
    /* Figure 1's story: A's CoTI and HoTI die at AR_B1, B's at AR_A1 */
    const mob_lost_t *l = fx_lost(&rm, "CoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_STRING_EQUAL(l->to, "B");
    CU_ASSERT_EQUAL(l->sent_at, SIM_MS(1100));
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1130));
    l = fx_lost(&rm, "HoTI", "A", "AR_B1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_EQUAL(l->died_at, SIM_MS(1160));
    l = fx_lost(&rm, "CoTI", "B", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    CU_ASSERT_EQUAL(l->sent_at, SIM_MS(1130));
    l = fx_lost(&rm, "HoTI", "B", "AR_A1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_STRING_EQUAL(l->why, "stale-address");
    /* the pair's metrics: the two-host world's, counter by counter */
    CU_ASSERT_EQUAL_FATAL(r1.m->n_pairs, 1);
    CU_ASSERT_EQUAL_FATAL(rm.m->n_pairs, 3);
    const mob_pair_metrics_t *p1 = &r1.m->pairs[0], *pm = &rm.m->pairs[0];
    CU_ASSERT_EQUAL(pm->a, MX_A);
    CU_ASSERT_EQUAL(pm->b, MX_B);
    CU_ASSERT_TRUE(pm->has_ab && pm->has_ba);
    CU_ASSERT_FALSE(pm->restored_ab);
    CU_ASSERT_FALSE(pm->restored_ba);
    CU_ASSERT_FALSE(pm->has_restore_time);
    CU_ASSERT_EQUAL(pm->sig_sent, p1->sig_sent);
    CU_ASSERT_EQUAL(pm->sig_lost, p1->sig_lost);
    CU_ASSERT_EQUAL(pm->data_sent, p1->data_sent);
    CU_ASSERT_EQUAL(pm->data_lost, p1->data_lost);
    CU_ASSERT_EQUAL(pm->disruption_ab, p1->disruption_ab);
    CU_ASSERT_EQUAL(pm->disruption_ba, p1->disruption_ba);
    CU_ASSERT_TRUE(pm->sig_lost > 0 && pm->data_lost > 0);
    /* in a two-host world the pair's metrics are the top-level ones */
    CU_ASSERT_EQUAL(p1->a, 0);
    CU_ASSERT_EQUAL(p1->b, 1);
    CU_ASSERT_EQUAL(p1->restored_ab, r1.m->restored_ab);
    CU_ASSERT_EQUAL(p1->restored_ba, r1.m->restored_ba);
    CU_ASSERT_EQUAL(p1->disruption_ab, r1.m->disruption_ab);
    CU_ASSERT_EQUAL(p1->disruption_ba, r1.m->disruption_ba);
    CU_ASSERT_EQUAL(r1.m->sig_sent - p1->sig_sent, 4); /* A's and B's home BU and its BA */
    CU_ASSERT_EQUAL(p1->data_sent, r1.m->data_sent);
    CU_ASSERT_EQUAL(p1->data_lost, r1.m->data_lost);
    /* with more hosts the top-level outcome is the first pair's */
    CU_ASSERT_EQUAL(rm.m->restored_ab, pm->restored_ab);
    CU_ASSERT_EQUAL(rm.m->disruption_ab, pm->disruption_ab);
    CU_ASSERT_EQUAL(rm.m->last_detach, SIM_MS(1030));
    fx_free(&r1);
    fx_free(&rm);
    mob_config_free(&c1);
    mob_config_free(&cm);
}

/* A <-> C: C answers A's HoTI (through HA_A) and CoTI, accepts A's BU with a
 * BA of status 0 and sends to A's new CoA route-optimized: the direction
 * C -> A is restored within ~1 s of A's move; A -> C does not exist. */
static void test_ac_restored_shortly_after_a_moves(void)
{
    mob_config_t c;
    fx_multi_config(&c);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const net_addr_t a_hoa = addr("2001:db8:a::100"), a_new = addr("2001:db8:a2::100"),
                     c_addr = addr("2001:db8:c::400");
    /* C's one address is its home address and its CoA, held from t = 0 */
    struct mob_mn *ch = &r.w->hosts[MX_C];
    CU_ASSERT_TRUE(ch->stationary);
    CU_ASSERT_TRUE(net_addr_eq(&ch->hoa, &c_addr));
    CU_ASSERT_TRUE(net_addr_eq(&ch->coa, &c_addr));
    CU_ASSERT_EQUAL(ch->home_net, -1);
    /* HoTI reached C from A's home address (via HA_A), CoTI from the CoA */
    const fx_rec_t *hoti = fx_first(&r, SIM_TR_PKT_RECEIVED, "C", MH_HOTI, NULL, SIM_S(1));
    const fx_rec_t *coti = fx_first(&r, SIM_TR_PKT_RECEIVED, "C", MH_COTI, NULL, SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(hoti);
    CU_ASSERT_PTR_NOT_NULL_FATAL(coti);
    net_addr_t s = src_of(hoti);
    CU_ASSERT_TRUE(net_addr_eq(&s, &a_hoa));
    CU_ASSERT_EQUAL(hoti->at, SIM_MS(1160)); /* 30 ms to HA_A, 30 ms on to cnet */
    s = src_of(coti);
    CU_ASSERT_TRUE(net_addr_eq(&s, &a_new));
    CU_ASSERT_EQUAL(coti->at, SIM_MS(1130));
    /* the BU made C's binding cache entry for A's home address hold the new
     * CoA, and C acknowledged it */
    const mob_corr_t *ce = mob_corr_of(ch, &a_hoa);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ce);
    CU_ASSERT_TRUE(ce->bce.valid);
    CU_ASSERT_TRUE(net_addr_eq(&ce->bce.coa, &a_new));
    const fx_rec_t *upd = fx_first(&r, SIM_TR_BINDING, "C", -1, "updated", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(upd);
    CU_ASSERT_STRING_EQUAL(upd->peer, "A");
    const fx_rec_t *ba = NULL;
    for (size_t i = 0; i < r.n && !ba; i++) {
        const fx_rec_t *f = &r.recs[i];
        net_addr_t fs = src_of(f);
        if (f->kind == SIM_TR_PKT_RECEIVED && strcmp(f->node, "A") == 0 && f->code == MH_BA &&
            net_addr_eq(&fs, &c_addr))
            ba = f;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    char label[sizeof(ba->label)];
    memcpy(label, ba->label, sizeof(label));
    CU_ASSERT_PTR_NOT_NULL(strstr(label, " status 0"));
    CU_ASSERT_TRUE(ba->at > upd->at && ba->at < SIM_S(2));
    /* C never sends a BU, a HoTI or a CoTI: it has no MN role */
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_BU, NULL, 0), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_HOTI, NULL, 0), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_COTI, NULL, 0), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "C", -1, NULL, 0), 0);
    /* the pair: only C -> A applies, restored at the binding's update */
    CU_ASSERT_EQUAL_FATAL(r.m->n_pairs, 3);
    const mob_pair_metrics_t *p = &r.m->pairs[1];
    CU_ASSERT_EQUAL(p->a, MX_A);
    CU_ASSERT_EQUAL(p->b, MX_C);
    CU_ASSERT_FALSE(p->has_ab);
    CU_ASSERT_TRUE(p->has_ba);
    CU_ASSERT_FALSE(p->restored_ab);
    CU_ASSERT_EQUAL(p->restored_at_ab, -1);
    CU_ASSERT_TRUE(p->restored_ba);
    CU_ASSERT_EQUAL(p->restored_at_ba, upd->at);
    CU_ASSERT_TRUE(p->restored_at_ba > SIM_S(1) && p->restored_at_ba < SIM_S(2));
    CU_ASSERT_TRUE(p->has_restore_time);
    CU_ASSERT_EQUAL(p->restore_time, p->restored_at_ba - SIM_S(1)); /* from A's detach */
    /* route-optimized both ways again: C's data reaches A with a type 2
     * routing header, A's BU to C was acknowledged for the new CoA */
    const mob_corr_t *ae = mob_corr_for(r.w, &r.w->hosts[MX_A], MX_C);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ae);
    CU_ASSERT_TRUE(ae->last_rx_ro);
    CU_ASSERT_TRUE(ae->first_ro_rx_after_restore > p->restored_at_ba);
    CU_ASSERT_EQUAL(ae->cr.state, MOB_CR_BOUND);
    CU_ASSERT_TRUE(ae->cr.bu_acked && net_addr_eq(&ae->cr.for_coa, &a_new));
    CU_ASSERT_TRUE(p->sig_sent >= 6); /* HoTI, CoTI, HoT, CoT, BU, BA */
    CU_ASSERT_EQUAL(p->sig_lost, 0);
    fx_free(&r);
    mob_config_free(&c);
}

/* B <-> D: B's move at 1.03 s is registered with D at once (D did not
 * move), D's at 6 s with B (B's binding cache entry for D follows it). */
static void test_bd_restored_after_d_moves(void)
{
    mob_config_t c;
    fx_multi_config(&c);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const mob_pair_metrics_t *p = &r.m->pairs[2];
    CU_ASSERT_EQUAL(p->a, MX_B);
    CU_ASSERT_EQUAL(p->b, MX_D);
    CU_ASSERT_TRUE(p->has_ab && p->has_ba);
    CU_ASSERT_TRUE(p->restored_ab);
    CU_ASSERT_TRUE(p->restored_ba);
    CU_ASSERT_TRUE(p->restored_at_ab > SIM_S(6)); /* B's entry for D: D's D2 CoA */
    CU_ASSERT_TRUE(p->restored_at_ab < SIM_S(7));
    CU_ASSERT_TRUE(p->restored_at_ba > SIM_S(1) && p->restored_at_ba < SIM_S(2));
    CU_ASSERT_TRUE(p->has_restore_time);
    CU_ASSERT_EQUAL(p->restore_time, p->restored_at_ab - SIM_S(6));
    CU_ASSERT_EQUAL(p->sig_lost, 0);
    /* D's binding for B was updated after B's move, B's for D after D's */
    const fx_rec_t *d_upd = fx_first(&r, SIM_TR_BINDING, "D", -1, "updated", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(d_upd);
    CU_ASSERT_STRING_EQUAL(d_upd->peer, "B");
    CU_ASSERT_EQUAL(d_upd->at, p->restored_at_ba);
    const fx_rec_t *b_upd = fx_first(&r, SIM_TR_BINDING, "B", -1, "updated", SIM_S(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(b_upd);
    CU_ASSERT_STRING_EQUAL(b_upd->peer, "D");
    CU_ASSERT_EQUAL(b_upd->at, p->restored_at_ab);
    fx_free(&r);
    mob_config_free(&c);
}

/* What the trace shows of correspondent signaling and data: each first
 * transmission by a host for a host, and each death. */
typedef struct tally {
    uint64_t sig_sent, sig_lost, data_sent, data_lost;
    uint64_t other_sig_sent; /* home registration */
    int n_hosts;
} tally_t;

static void tap(void *ctx, const sim_trace_rec_t *rec)
{
    tally_t *t = ctx;
    const mob_pkt_t *p = rec->detail;
    if (!p || (rec->kind != SIM_TR_PKT_SENT && rec->kind != SIM_TR_PKT_DROPPED))
        return;
    bool hosts = p->origin >= 0 && p->origin < t->n_hosts && p->intended >= 0 &&
                 p->intended < t->n_hosts && p->origin != p->intended;
    bool data = p->kind == MOB_PK_DATA;
    bool sig = p->kind == MOB_PK_SIGNALING || p->kind == MOB_PK_SCHEME;
    /* made by a host: on the network, or dropped at once without a link
     * (a host in a handoff); not a relay's copy */
    bool made = rec->node == p->origin &&
                (rec->kind == SIM_TR_PKT_SENT ||
                 (rec->kind == SIM_TR_PKT_DROPPED && strcmp(rec->what, "no-link") == 0));
    if (made) {
        if (sig && hosts)
            t->sig_sent++;
        else if (sig)
            t->other_sig_sent++;
        else if (data && hosts)
            t->data_sent++;
    }
    if (rec->kind == SIM_TR_PKT_DROPPED && hosts) {
        if (sig)
            t->sig_lost++;
        else if (data)
            t->data_lost++;
    }
}

static void test_pair_counters_add_up_to_the_world(void)
{
    mob_config_t c;
    fx_multi_config(&c);
    fx_run_t r;
    tally_t t = {.n_hosts = 4};
    CU_ASSERT_EQUAL_FATAL(fx_run_tap(&r, &c, tap, &t), 0);
    uint64_t ss = 0, sl = 0, ds = 0, dl = 0;
    for (size_t i = 0; i < r.m->n_pairs; i++) {
        ss += r.m->pairs[i].sig_sent;
        sl += r.m->pairs[i].sig_lost;
        ds += r.m->pairs[i].data_sent;
        dl += r.m->pairs[i].data_lost;
    }
    CU_ASSERT_TRUE(t.sig_sent > 0 && t.sig_lost > 0);
    CU_ASSERT_EQUAL(ss, t.sig_sent);
    CU_ASSERT_EQUAL(sl, t.sig_lost);
    CU_ASSERT_EQUAL(ss + t.other_sig_sent, r.m->sig_sent);
    CU_ASSERT_EQUAL(sl, r.m->sig_lost); /* every lost control message was between hosts */
    CU_ASSERT_EQUAL(ds, t.data_sent);
    CU_ASSERT_EQUAL(ds, r.m->data_sent);
    CU_ASSERT_EQUAL(dl, r.m->data_lost);
    CU_ASSERT_EQUAL(dl, t.data_lost);
    fx_free(&r);
    mob_config_free(&c);
}

/* Each correspondent of a host has its own binding cache entry, keyed by its
 * home address, and its own RR state: D's BU updated B's entry for D only,
 * B's entry for A still holds A's first CoA (A's BU never reached B); A is
 * bound with C but still in RR with B. */
static void test_binding_cache_and_rr_state_per_correspondent(void)
{
    mob_config_t c;
    fx_multi_config(&c);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    struct mob_mn *a = &r.w->hosts[MX_A], *b = &r.w->hosts[MX_B], *d = &r.w->hosts[MX_D];
    CU_ASSERT_EQUAL(a->n_corr, 2);
    CU_ASSERT_EQUAL(b->n_corr, 2);
    CU_ASSERT_EQUAL(d->n_corr, 1);
    CU_ASSERT_EQUAL(r.w->hosts[MX_C].n_corr, 1);
    const mob_corr_t *bd = mob_corr_of(b, &d->hoa), *ba = mob_corr_of(b, &a->hoa);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ba);
    CU_ASSERT_EQUAL(bd->peer, MX_D);
    CU_ASSERT_EQUAL(ba->peer, MX_A);
    net_addr_t d2 = addr("2001:db8:d2::300"), a1 = addr("2001:db8:a1::100");
    CU_ASSERT_TRUE(bd->bce.valid && net_addr_eq(&bd->bce.hoa, &d->hoa));
    CU_ASSERT_TRUE(net_addr_eq(&bd->bce.coa, &d2));
    CU_ASSERT_TRUE(bd->bce.set_at > SIM_S(6));
    CU_ASSERT_TRUE(ba->bce.valid && net_addr_eq(&ba->bce.hoa, &a->hoa));
    CU_ASSERT_TRUE(net_addr_eq(&ba->bce.coa, &a1));
    CU_ASSERT_EQUAL(ba->bce.set_at, 0);
    /* the sequence numbers are per correspondent too */
    CU_ASSERT_TRUE(bd->have_peer_seq && bd->last_peer_seq > 1);
    CU_ASSERT_EQUAL(ba->last_peer_seq, 1);
    /* A's RR state: done with C, still retrying with B */
    const mob_corr_t *ac = mob_corr_for(r.w, a, MX_C), *ab = mob_corr_for(r.w, a, MX_B);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ac);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ab);
    CU_ASSERT_EQUAL(ac->cr.state, MOB_CR_BOUND);
    CU_ASSERT_TRUE(ac->cr.have_home_token && ac->cr.have_coa_token);
    CU_ASSERT_FALSE(ac->cr.hoti.active || ac->cr.coti.active);
    CU_ASSERT_EQUAL(ab->cr.state, MOB_CR_RR);
    CU_ASSERT_FALSE(ab->cr.have_home_token || ab->cr.have_coa_token);
    CU_ASSERT_TRUE(ab->cr.hoti.active && ab->cr.coti.active && ab->cr.coti.n_sent > 1);
    /* the pair index is shared by both entries of a pair */
    CU_ASSERT_EQUAL(ab->pair, 0);
    CU_ASSERT_EQUAL(ba->pair, 0);
    CU_ASSERT_EQUAL(ac->pair, 1);
    CU_ASSERT_EQUAL(bd->pair, 2);
    fx_free(&r);
    mob_config_free(&c);
}

/* Every scheme with a stationary correspondent (the two-host world A + C,
 * no peers listed, and the multi world): no crash, C -> A restored after
 * A's move, nothing ever tunneled by or to C. */
static void test_every_scheme_with_a_correspondent(void)
{
    const net_addr_t a_new = addr("2001:db8:a2::100"), a_hoa = addr("2001:db8:a::100");
    for (int s = 0; s < MOB_N_SCHEMES; s++) {
        mob_config_t c;
        fx_corr_config(&c);
        c.scheme = (mob_scheme_t)s;
        c.horizon = SIM_S(10);
        fx_move(&c, 0, SIM_S(1), CX_A2);
        fx_run_t r;
        CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
        CU_ASSERT_EQUAL_FATAL(r.m->n_pairs, 1);
        const mob_pair_metrics_t *p = &r.m->pairs[0];
        CU_ASSERT_TRUE(p->a == 0 && p->b == 1 && !p->has_ab && p->has_ba);
        CU_ASSERT_TRUE(p->restored_ba);
        CU_ASSERT_TRUE(p->restored_at_ba > SIM_S(1) && p->restored_at_ba < SIM_S(2));
        /* top-level of a two-host world: A -> C never, C -> A restored */
        CU_ASSERT_FALSE(r.m->restored_ab);
        CU_ASSERT_TRUE(r.m->restored_ba);
        CU_ASSERT_TRUE(r.m->has_restore_time);
        const mob_corr_t *ce = mob_corr_of(&r.w->hosts[1], &a_hoa);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ce);
        CU_ASSERT_TRUE(ce->bce.valid && net_addr_eq(&ce->bce.coa, &a_new));
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "C", -1, NULL, 0), 0);
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_BU, NULL, 0), 0);
        CU_ASSERT_EQUAL(
            fx_count(&r, SIM_TR_PKT_DROPPED, NULL, -1, "reverse-tunnel-unregistered-coa", 0), 0);
        CU_ASSERT_TRUE(r.m->data_received > 0);
        fx_free(&r);
        mob_config_free(&c);

        fx_multi_config(&c);
        c.scheme = (mob_scheme_t)s;
        CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
        CU_ASSERT_TRUE(r.m->pairs[1].restored_ba);
        CU_ASSERT_TRUE(r.m->pairs[1].restored_at_ba < SIM_S(2));
        CU_ASSERT_TRUE(r.m->pairs[2].restored_ab && r.m->pairs[2].restored_ba);
        CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_DROPPED, "C", -1, NULL, 0), 0);
        fx_free(&r);
        mob_config_free(&c);
    }
}

/* A cold start with a correspondent: A registers at home, then runs RR and
 * its BU with C from its first CoA; C has nothing to register. */
static void test_cold_start_with_a_correspondent(void)
{
    mob_config_t c;
    fx_corr_config(&c);
    c.initial_cold = true;
    c.horizon = SIM_S(5);
    fx_run_t r;
    CU_ASSERT_EQUAL_FATAL(fx_run(&r, &c), 0);
    const net_addr_t a1 = addr("2001:db8:a1::100"), a_hoa = addr("2001:db8:a::100");
    const mob_corr_t *ce = mob_corr_of(&r.w->hosts[1], &a_hoa);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ce);
    CU_ASSERT_TRUE(ce->bce.valid && net_addr_eq(&ce->bce.coa, &a1));
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "HA_A", -1, "home-updated", 0), 1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_BINDING, "C", -1, "updated", 0), 1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_BU, NULL, 0), 0);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_HOT, NULL, 0), 1);
    CU_ASSERT_EQUAL(fx_count(&r, SIM_TR_PKT_SENT, "C", MH_COT, NULL, 0), 1);
    CU_ASSERT_TRUE(r.m->pairs[0].restored_ba);
    CU_ASSERT_FALSE(r.m->pairs[0].has_restore_time); /* no detach: nothing to restore from */
    fx_free(&r);
    mob_config_free(&c);
}

static int create_err(const mob_config_t *c, char *msg, size_t cap)
{
    sim_t *sim = sim_create((sim_stream_id_t){1, 0, 0});
    mob_world_t *w = NULL;
    sim_err_t err = {0};
    int rc = mob_world_create(c, sim, &w, &err);
    snprintf(msg, cap, "%s", rc < 0 ? err.msg : "");
    mob_world_destroy(w);
    sim_destroy(sim);
    return rc;
}

/* What a stationary correspondent cannot be or do is refused, naming it. */
static void test_config_refuses_what_a_correspondent_cannot_do(void)
{
    char msg[1024];
    mob_config_t c;
    fx_multi_config(&c);
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), 0);
    fx_move(&c, MX_C, SIM_S(2), MX_A1);
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        msg, "moves[3].host: expected a mobile host, C is a stationary correspondent");
    mob_config_free(&c);

    fx_multi_config(&c);
    c.mobility[MX_C].enabled = true;
    c.mobility[MX_C].rate = 1;
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(msg,
                           "mobility.C: expected a mobile host, C is a stationary correspondent");
    mob_config_free(&c);

    fx_multi_config(&c);
    c.hosts[MX_C].start = MX_HOMEB;
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(
        msg, "hosts[3].network: expected a network without a home agent for correspondent C");
    mob_config_free(&c);

    fx_multi_config(&c);
    c.hosts[MX_C].home = MX_HOMEA;
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "hosts[3].home: expected none for correspondent C"));
    mob_config_free(&c);

    /* two correspondents talking: no Mobile IPv6 in that */
    fx_multi_config(&c);
    c.hosts[MX_D].kind = MOB_HOST_CORRESPONDENT;
    c.hosts[MX_D].home = -1;
    c.hosts[MX_D].start = MX_D1;
    c.n_moves = 2; /* D's move is the last one */
    *mob_config_add_peer(&c) = (mob_peer_t){.a = MX_C, .b = MX_D};
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        msg, "peers[3]: expected a mobile host in the pair, C and D are both correspondents"));
    mob_config_free(&c);

    /* two hosts, no peers listed, both correspondents */
    fx_corr_config(&c);
    c.hosts[0].kind = MOB_HOST_CORRESPONDENT;
    c.hosts[0].home = -1;
    c.hosts[0].start = CX_A1;
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_STRING_EQUAL(msg, "hosts: expected a mobile host, A and C are both correspondents");
    mob_config_free(&c);
}

/* The event bound counts every flow of every pair. */
static void test_event_bound_counts_all_pairs(void)
{
    char msg[1024];
    mob_config_t c;
    fx_config(&c);
    c.traffic_rate = MOB_MAX_TRAFFIC_RATE;
    c.horizon = SIM_S(2000); /* one pair: 2 * 1e6 * 2000 = 4e9 packets, within 1e10 */
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), 0);
    mob_config_free(&c);
    fx_multi_config(&c);
    c.traffic_rate = MOB_MAX_TRAFFIC_RATE;
    c.horizon = SIM_S(2000); /* three pairs: 1.2e10 */
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), -SIM_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "horizon: traffic and mobility imply 1.2e+10 packets"));
    /* a pair's own flow counts its own rates: the first pair one way only */
    c.peers[0].has_flow = true;
    c.peers[0].rate_ab = MOB_MAX_TRAFFIC_RATE;
    c.peers[0].rate_ba = 0;
    c.peers[1].has_flow = true;                           /* rates 0: no data */
    CU_ASSERT_EQUAL(create_err(&c, msg, sizeof(msg)), 0); /* 1e6 + 0 + 2e6 per s: 6e9 */
    mob_config_free(&c);
}

typedef struct flow_tap {
    int sent_by[2];
    size_t size_seen[2];
} flow_tap_t;

static void count_data(void *ctx, const sim_trace_rec_t *rec)
{
    flow_tap_t *t = ctx;
    const mob_pkt_t *p = rec->detail;
    if (rec->kind != SIM_TR_PKT_SENT || !p || p->kind != MOB_PK_DATA || rec->node != p->origin ||
        p->origin > 1)
        return;
    pkt_view_t v;
    if (pkt_parse(rec->bytes, rec->len, &v, NULL, 0) < 0)
        return;
    if (v.proto == PKT_PROTO_IPV6) { /* reverse-tunneled */
        pkt_view_t in;
        if (pkt_parse(v.upper, v.upper_len, &in, NULL, 0) < 0)
            return;
        v = in;
    }
    t->sent_by[p->origin]++;
    t->size_seen[p->origin] = v.data_len;
}

/* A pair's own flow: its rate each way (0: none) and its size, instead of
 * the scenario's traffic. */
static void test_pair_flow_has_its_own_rate_and_size(void)
{
    mob_config_t c;
    fx_config(&c);
    c.horizon = SIM_MS(1950);
    *mob_config_add_peer(&c) =
        (mob_peer_t){.a = 0, .b = 1, .has_flow = true, .rate_ab = 10, .rate_ba = 0, .size = 100};
    fx_run_t r;
    flow_tap_t t = {{0}, {0}};
    CU_ASSERT_EQUAL_FATAL(fx_run_tap(&r, &c, count_data, &t), 0);
    CU_ASSERT_EQUAL(t.sent_by[0], 20); /* 0, 0.1, ..., 1.9 s */
    CU_ASSERT_EQUAL(t.sent_by[1], 0);
    CU_ASSERT_EQUAL(t.size_seen[0], 100);
    CU_ASSERT_EQUAL(r.m->pairs[0].data_sent, 20);
    CU_ASSERT_EQUAL(r.m->data_sent, 20);
    /* B -> A has no data: restored on the binding alone; A -> B needs RO
     * data after the binding (there was no move: the t = 0 binding) */
    CU_ASSERT_TRUE(r.m->restored_ab && r.m->restored_ba);
    fx_free(&r);
    mob_config_free(&c);
}

void suite_models_multi(void)
{
    ADD_SUITE(
        "models/multi", TEST(test_ab_lost_exactly_as_in_fig1),
        TEST(test_ac_restored_shortly_after_a_moves), TEST(test_bd_restored_after_d_moves),
        TEST(test_pair_counters_add_up_to_the_world),
        TEST(test_binding_cache_and_rr_state_per_correspondent),
        TEST(test_every_scheme_with_a_correspondent), TEST(test_cold_start_with_a_correspondent),
        TEST(test_config_refuses_what_a_correspondent_cannot_do),
        TEST(test_event_bound_counts_all_pairs), TEST(test_pair_flow_has_its_own_rate_and_size));
}
