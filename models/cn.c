/* models/cn.c - the CN role (RFC 6275 §9): binding cache entry for the
 * peer's home address, keygen tokens (rr.h), HoT/CoT, BU checks in UMIP's
 * order, BA, BRR, BE, and deletion after persistent ICMP errors. */
#include "models/cn.h"

#include <string.h>

#include "models/output.h"
#include "models/packet.h"
#include "models/scheme.h"

/* Strict RFC 6275 (mh_routing rfc6275): a mobile host acting as a
 * correspondent sends everything from its home address through its reverse
 * tunnel (§11.3.1), the address its peers know it by (§6.1: HoTI, CoTI and
 * BUs go to the home address). */
static bool strict(const mob_world_t *w, const struct mob_mn *h)
{
    return w->cfg.mh_routing == MOB_MH_RFC6275 && !h->stationary;
}

/* Reply from the address the request reached: directly from the CoA, or
 * from the home address through the reverse tunnel; under strict routing
 * always the latter. */
static void reply_mh(mob_world_t *w, struct mob_mn *h, mh_msg_t *m, pkt_desc_t *d, int to,
                     bool via_tunnel, const uint8_t *kbm, const net_addr_t *auth_coa)
{
    if (strict(w, h))
        via_tunnel = true;
    d->src = via_tunnel ? h->hoa : h->coa;
    mob_host_send_mh(w, h, m, d, to, via_tunnel, kbm, auth_coa, &h->hoa);
}

/* The host whose home address is a, or -1: O(1). */
static int host_of_hoa(mob_world_t *w, const net_addr_t *a)
{
    return mob_addrmap_get(&w->homes, a);
}

void mob_cn_on_test_init(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    bool home = v->mh.type == MH_HOTI;
    mh_msg_t m = {.type = home ? MH_HOT : MH_COT, .cookie = v->mh.cookie};
    if (rr_cn_issue_token(h->rr, sim_now(w->sim), &v->src, home ? RR_HOME_TOKEN : RR_CAREOF_TOKEN,
                          &m.nonce_index, m.keygen_token) < 0) {
        w->oom = 1;
        return;
    }
    pkt_desc_t d = {.dst = v->src}; /* HoT to the HoTI's source (HoA), CoT to the CoTI's (CoA) */
    /* the intended node, for accounting: the host whose home address or
     * CoA sent it */
    int to = host_of_hoa(w, &v->src);
    if (to < 0)
        to = h->n_corr == 1 ? h->corr[0].peer : mob_nodes_holder(&w->nodes, &v->src);
    reply_mh(w, h, &m, &d, to, via_tunnel, NULL, NULL);
}

static void send_ba(mob_world_t *w, mob_corr_t *c, const pkt_view_t *v, bool via_tunnel,
                    uint8_t status, uint16_t seq, uint16_t lifetime, const uint8_t *kbm,
                    const net_addr_t *coa)
{
    mh_msg_t m = {.type = MH_BA,
                  .ba_status = status,
                  .seq = seq,
                  .lifetime = lifetime,
                  .has_bad = kbm != NULL};
    /* BA to the BU's source CoA with a type 2 routing header (RFC 6275 §9.5.4) */
    pkt_desc_t d = {.dst = v->src, .has_rh2 = true, .rh2_home = v->hao};
    /* a BU without a HAO came from the home address itself (§11.5.5):
     * the BA goes there, no RH2 (§6.4: only toward a care-of address) */
    if (!v->has_hao)
        d.has_rh2 = false;
    reply_mh(w, c->host, &m, &d, c->peer, via_tunnel, kbm, coa);
}

static void bce_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    struct mob_mn *h = c->host;
    c->bce.expiry = SIM_HANDLE_NONE;
    sim_cancel(w->sim, &c->bce.brr);
    c->bce.valid = false;
    mob_binding_changed(w, h->index, c->peer, "expired");
}

/* RFC 6275 §9.5.5: a correspondent MAY ask for a refresh when a binding in
 * active use nears expiry; always sent to the home address. mobsim asks at
 * 7/8 of the lifetime when data came from the peer in the last 60 s. */
static void brr_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    struct mob_mn *h = c->host;
    c->bce.brr = SIM_HANDLE_NONE;
    if (!c->bce.valid || !h->attached || sim_now(w->sim) - c->last_rx > MOB_BRR_RECENT_USE)
        return;
    mh_msg_t m = {.type = MH_BRR};
    pkt_desc_t d = {.dst = c->bce.hoa};
    reply_mh(w, h, &m, &d, c->peer, false, NULL, NULL);
}

static void schedule_brr(mob_world_t *w, mob_corr_t *c, sim_time_t life)
{
    sim_cancel(w->sim, &c->bce.brr);
    if (sim_after(w->sim, life - life / 8, brr_fire, w, c, &c->bce.brr) < 0)
        w->oom = 1;
}

void mob_cn_on_bu(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    const mh_msg_t *bu = &v->mh;
    /* RFC 6275 §9.5.1, in UMIP's order (PROTOCOL.md §4.1); the binding
     * cache is keyed by home address */
    /* §9.5.1: the home address is the HAO's, or the source address when
     * the packet has none: a mobile node back home de-registers from its
     * home address (§11.5.5). Without a HAO only a correspondent's home
     * address is one. */
    if (!v->has_hao && !mob_corr_of(h, &v->src)) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, -1, MH_BU, "BU without a HAO ignored");
        return;
    }
    const net_addr_t *hoa = v->has_hao ? &v->hao : &v->src;
    if (bu->bu_flags & MH_BU_H) {
        /* §9.5.1/§10.3.1: a home registration is not a correspondent
         * registration: a node that is no home agent rejects it with 131
         * before any return-routability check (Nonce Indices are absent
         * from a home registration): no Kbm, so no BAD */
        mh_msg_t m = {.type = MH_BA, .ba_status = MH_BA_HOME_REG_NOT_SUPPORTED, .seq = bu->seq};
        pkt_desc_t d = {.dst = v->src, .has_rh2 = v->has_hao, .rh2_home = *hoa};
        int to = host_of_hoa(w, hoa);
        reply_mh(w, h, &m, &d, to, via_tunnel, NULL, NULL);
        return;
    }
    mob_corr_t *c = mob_corr_of(h, hoa);
    if (!c) {
        int peer = h->n_corr == 1 ? h->corr[0].peer : -1;
        mob_trace_note(w, SIM_TR_NOTE, h->index, peer, MH_BU, "BU without a known HAO ignored");
        return;
    }
    net_addr_t coa = bu->has_alt_coa ? bu->alt_coa : v->src;
    bool dereg = bu->lifetime == 0 || net_addr_eq(&coa, hoa);
    if (!bu->has_nonce_indices || !bu->has_bad) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, c->peer, MH_BU,
                       "BU without nonce indices or BAD dropped");
        return;
    }
    uint8_t home_tok[RR_TOKEN_LEN], coa_tok[RR_TOKEN_LEN];
    sim_time_t now = sim_now(w->sim);
    bool home_ok =
        rr_cn_token_for(h->rr, now, hoa, RR_HOME_TOKEN, bu->home_nonce_index, home_tok) == 0;
    bool coa_ok = dereg || rr_cn_token_for(h->rr, now, &coa, RR_CAREOF_TOKEN, bu->coa_nonce_index,
                                           coa_tok) == 0;
    if (!home_ok || !coa_ok) {
        uint8_t st = !home_ok && !coa_ok ? MH_BA_EXPIRED_NONCES
                     : !home_ok          ? MH_BA_EXPIRED_HOME_NONCE
                                         : MH_BA_EXPIRED_COA_NONCE;
        send_ba(w, c, v, via_tunnel, st, bu->seq, 0, NULL, NULL); /* no BAD (§6.1.8) */
        return;
    }
    uint8_t kbm[RR_KBM_LEN];
    rr_crypto_kbm(rr_cn_crypto(h->rr), home_tok, dereg ? NULL : coa_tok, kbm);
    /* authenticator over CoA | correspondent (our HoA) | MH data, checksum 0 */
    if (!rr_crypto_check_auth(rr_cn_crypto(h->rr), kbm, dereg ? hoa : &coa, &h->hoa, v->upper,
                              v->upper_len)) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, c->peer, MH_BU,
                       "BU with a wrong authenticator dropped");
        return;
    }
    /* §9.5.1: with no Binding Cache entry for the home address any
     * Sequence Number is accepted; with one, it must be newer */
    if (c->bce.valid && c->have_peer_seq && !mh_seq_newer(bu->seq, c->last_peer_seq)) {
        send_ba(w, c, v, via_tunnel, MH_BA_SEQ_OUT_OF_WINDOW, c->last_peer_seq, 0, kbm, &coa);
        return;
    }
    c->have_peer_seq = true;
    c->last_peer_seq = bu->seq;
    sim_cancel(w->sim, &c->bce.expiry);
    uint16_t granted = 0;
    if (dereg) {
        /* §9.5.2: the entry is deleted; set_at: when (world.c's restore
         * of a direction toward a host at home) */
        sim_cancel(w->sim, &c->bce.brr);
        c->bce.valid = false;
        c->bce.set_at = now;
        mob_binding_changed(w, h->index, c->peer, "deleted");
    } else {
        sim_time_t life = (sim_time_t)bu->lifetime * SIM_S(4);
        if (life > MOB_MAX_RR_BINDING_LIFETIME)
            life = MOB_MAX_RR_BINDING_LIFETIME;
        granted = (uint16_t)(life / SIM_S(4));
        bool changed = !c->bce.valid || !net_addr_eq(&c->bce.coa, &coa);
        c->bce.valid = true;
        c->bce.hoa = *hoa;
        c->bce.coa = coa;
        c->bce.seq = bu->seq;
        c->bce.icmp_errors = 0;
        c->bce.expires = sim_time_add(now, life);
        if (changed)
            c->bce.set_at = now;
        if (changed && w->ops->peer_moved)
            w->ops->peer_moved(w, c);
        if (sim_after(w->sim, life, bce_expired, w, c, &c->bce.expiry) < 0)
            w->oom = 1;
        schedule_brr(w, c, life);
        mob_binding_changed(w, h->index, c->peer, changed ? "updated" : "refreshed");
    }
    if (bu->bu_flags & MH_BU_A)
        send_ba(w, c, v, via_tunnel, MH_BA_ACCEPTED, bu->seq, granted, kbm, &coa);
}

void mob_cn_send_be(mob_world_t *w, struct mob_mn *h, int peer, const pkt_view_t *v, uint8_t status,
                    const net_addr_t *home)
{
    /* §9.3.1: Binding Errors are rate-limited as ICMPv6 errors are
     * (RFC 4443 §2.4): at most one per be_min_interval from this host */
    sim_time_t now = sim_now(w->sim);
    if (h->be_sent && w->cfg.be_min_interval > 0 && now - h->last_be < w->cfg.be_min_interval) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, peer, MH_BE, "binding error rate-limited");
        return;
    }
    h->be_sent = true;
    h->last_be = now;
    /* §9.3.1/§9.2: to the offending packet's source address, no RH2 */
    mh_msg_t m = {.type = MH_BE, .be_status = status, .be_home = *home};
    pkt_desc_t d = {.dst = v->src};
    reply_mh(w, h, &m, &d, peer, false, NULL, NULL);
}

void mob_cn_icmp_error(mob_world_t *w, struct mob_mn *h, const pkt_view_t *inner)
{
    /* UMIP cn_recv_dst_unreach: persistent unreachables for the peer's
     * cached CoA delete the binding (more than 3). The error quotes the
     * packet we sent: its destination is the cached CoA of one of our
     * correspondents (a scan of this host's own entries, on the rare ICMP
     * path). */
    mob_corr_t *c = NULL;
    for (int i = 0; i < h->n_corr && !c; i++)
        if (h->corr[i].bce.valid && net_addr_eq(&inner->dst, &h->corr[i].bce.coa))
            c = &h->corr[i];
    if (!c)
        return;
    if (++c->bce.icmp_errors > MOB_ICMP_PERSISTENT_THRESHOLD) {
        sim_cancel(w->sim, &c->bce.expiry);
        sim_cancel(w->sim, &c->bce.brr);
        c->bce.valid = false;
        mob_binding_changed(w, h->index, c->peer, "deleted-icmp");
    }
}

void mob_cn_init_binding(mob_world_t *w, mob_corr_t *c, const net_addr_t *hoa,
                         const net_addr_t *coa)
{
    sim_time_t now = sim_now(w->sim);
    sim_time_t life = w->cfg.bu_lifetime;
    if (life > MOB_MAX_RR_BINDING_LIFETIME)
        life = MOB_MAX_RR_BINDING_LIFETIME;
    c->bce = (mob_bce_t){
        .valid = true, .hoa = *hoa, .coa = *coa, .seq = 1, .expires = now + life, .set_at = now};
    c->have_peer_seq = true;
    c->last_peer_seq = 1;
    if (sim_after(w->sim, life, bce_expired, w, c, &c->bce.expiry) < 0)
        w->oom = 1;
    schedule_brr(w, c, life);
}
