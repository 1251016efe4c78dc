/* models/host.c - a mobile host: the MN role (home registration, return
 * routability, correspondent BUs, retransmission with back-off) and the CN
 * role (binding cache, tokens, BU verification, BAs) toward its peer, plus
 * its CBR data flow.
 *
 * Everything a host learns comes from the bytes it receives (pkt_parse):
 * the accounting fields of mob_pkt_t are never read for a decision.
 */
#include "models/internal.h"

#include <assert.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA_PORT_BASE 7000 /* UDP ports 7001, 7002 (5000/5001 look like TAPA to Wireshark) */

static struct mob_mn *peer_of(mob_world_t *w, struct mob_mn *h)
{
    return &w->hosts[h->peer];
}

static uint64_t random64(mob_world_t *w)
{
    uint64_t hi = gsl_rng_get(w->rng_crypto), lo = gsl_rng_get(w->rng_crypto);
    return (hi << 32) | lo;
}

static net_addr_t ha_addr(mob_world_t *w, const struct mob_mn *h)
{
    return w->router_addr[h->home_net];
}

/* ------------------------------------------------------------------ output */

void mob_host_output(mob_world_t *w, struct mob_mn *h, const pkt_desc_t *d,
                     mob_pkt_kind_t kind, int intended, bool tunnel)
{
    uint8_t mh_type = d->proto == PKT_PROTO_MH && d->payload_len > 2 ? d->payload[2] : 0xff;
    mob_pkt_t *pkt;
    if (!tunnel) {
        pkt = mob_pkt_make(w, d, kind, h->index, intended);
    } else {
        /* reverse tunnel (RFC 6275 §11.3.1): inner from the home address,
         * outer from the CoA to the home agent */
        uint8_t inner[PKT_MAX_LEN];
        size_t inner_len;
        if (pkt_build(d, inner, sizeof(inner), &inner_len) < 0) {
            w->oom = 1;
            return;
        }
        pkt_desc_t outer = {
            .src = h->coa,
            .dst = ha_addr(w, h),
            .proto = PKT_PROTO_IPV6,
            .payload = inner,
            .payload_len = inner_len,
        };
        pkt = mob_pkt_make(w, &outer, kind, h->index, intended);
        if (pkt) {
            pkt->mh_type = mh_type;
            pkt->orig_dst = d->dst;
        }
    }
    if (!pkt)
        return;
    if (!h->attached) {
        mob_pkt_drop(w, pkt, h->index, "no-link");
        return;
    }
    mob_net_send(w, h->index, h->net, pkt);
}

/* Sends a Mobility Header message m (encoded here) with the given
 * addressing. Returns the encoded length or 0. */
static void send_mh(mob_world_t *w, struct mob_mn *h, mh_msg_t *m, pkt_desc_t *d, int intended,
                    bool tunnel, const uint8_t *kbm, const net_addr_t *auth_coa,
                    const net_addr_t *auth_cn)
{
    uint8_t mh[MH_MAX_LEN];
    size_t len;
    if (mh_encode(m, mh, sizeof(mh), &len) < 0) {
        w->oom = 1;
        return;
    }
    if (kbm && m->has_bad) {
        int off = mh_auth_offset(mh, len);
        if (off < 0) {
            w->oom = 1;
            return;
        }
        rr_crypto_authenticator(rr_cn_crypto(h->rr), kbm, auth_coa, auth_cn, mh, (size_t)off,
                                mh + off);
    }
    d->proto = PKT_PROTO_MH;
    d->payload = mh;
    d->payload_len = len;
    mob_host_output(w, h, d, MOB_PK_SIGNALING, intended, tunnel);
}

/* Where HoTI, CoTI and BU to the peer go: the peer's cached CoA (with a
 * type 2 routing header) in the paper's model when a binding exists,
 * otherwise (or under strict RFC 6275 §6.1, or hoa-signaling) its home
 * address. */
static void peer_target(mob_world_t *w, struct mob_mn *h, pkt_desc_t *d)
{
    const struct mob_mn *p = peer_of(w, h);
    bool to_home = w->cfg.mh_routing == MOB_MH_RFC6275 || !h->bce.valid ||
                   w->cfg.scheme == MOB_SCHEME_HOA_SIGNALING;
    if (to_home) {
        d->dst = p->hoa;
    } else {
        d->dst = h->bce.coa;
        d->has_rh2 = true;
        d->rh2_home = p->hoa;
    }
}

/* ------------------------------------------------------- retransmissions */

static void retx_stop(mob_world_t *w, mob_retx_t *r)
{
    r->active = false;
    sim_cancel(w->sim, &r->timer);
}

static void retx_arm(mob_world_t *w, mob_retx_t *r, sim_time_t first, sim_event_fn *fn,
                     struct mob_mn *h)
{
    sim_cancel(w->sim, &r->timer);
    r->active = true;
    if (r->n_sent == 0)
        r->timeout = first;
    else if (r->n_sent > 0) {
        r->timeout *= 2; /* RFC 6275 §11.8: double up to MAX_BINDACK_TIMEOUT */
        if (r->timeout > MOB_MAX_BINDACK_TIMEOUT)
            r->timeout = MOB_MAX_BINDACK_TIMEOUT;
    }
    r->n_sent++;
    /* a retransmission timer always moves the clock on (1 s .. 32 s) */
    assert(r->timeout >= SIM_S(1) && r->timeout <= MOB_MAX_BINDACK_TIMEOUT);
    if (sim_after(w->sim, r->timeout, fn, w, h, &r->timer) < 0)
        w->oom = 1;
}

/* ----------------------------------------------------- home registration */

static void home_bu_timeout(sim_t *sim, void *ctx, void *arg);

static void send_home_bu(mob_world_t *w, struct mob_mn *h)
{
    h->home_seq++;
    sim_time_t life = w->cfg.bu_lifetime / SIM_S(4);
    mh_msg_t m = {
        .type = MH_BU,
        .seq = h->home_seq,
        .bu_flags = MH_BU_A | MH_BU_H,
        .lifetime = (uint16_t)(life > 0xffff ? 0xffff : life),
        .has_alt_coa = true,
        .alt_coa = h->coa,
    };
    pkt_desc_t d = {.src = h->coa, .dst = ha_addr(w, h), .has_hao = true, .hao = h->hoa};
    send_mh(w, h, &m, &d, mob_router_node(w, h->home_net), false, NULL, NULL, NULL);
    retx_arm(w, &h->home_bu,
             h->home_first ? MOB_INITIAL_BINDACK_TIMEOUT_FIRST : MOB_INITIAL_BINDACK_TIMEOUT,
             home_bu_timeout, h);
}

static void home_bu_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->home_bu.timer = SIM_HANDLE_NONE;
    if (h->home_bu.active && h->attached)
        send_home_bu(w, h); /* a retransmission carries a new sequence number */
}

/* ------------------------------------------ correspondent registration */

static void hoti_timeout(sim_t *sim, void *ctx, void *arg);
static void coti_timeout(sim_t *sim, void *ctx, void *arg);
static void cn_bu_timeout(sim_t *sim, void *ctx, void *arg);

static void send_hoti(mob_world_t *w, struct mob_mn *h)
{
    h->cr.hoti_cookie = random64(w); /* fresh cookie per transmission (UMIP) */
    h->cr.home_token_at = sim_now(w->sim);
    mh_msg_t m = {.type = MH_HOTI, .cookie = h->cr.hoti_cookie};
    pkt_desc_t d = {.src = h->hoa};
    peer_target(w, h, &d);
    /* HoTI always leaves through the reverse tunnel (RFC 6275 §5.2.5) */
    send_mh(w, h, &m, &d, h->peer, true, NULL, NULL, NULL);
    retx_arm(w, &h->cr.hoti, MOB_INITIAL_BINDACK_TIMEOUT, hoti_timeout, h);
}

static void send_coti(mob_world_t *w, struct mob_mn *h)
{
    h->cr.coti_cookie = random64(w);
    mh_msg_t m = {.type = MH_COTI, .cookie = h->cr.coti_cookie};
    pkt_desc_t d = {.src = h->coa};
    peer_target(w, h, &d);
    send_mh(w, h, &m, &d, h->peer, mob_scheme_relay_via_ha(w, h), NULL, NULL, NULL);
    retx_arm(w, &h->cr.coti, MOB_INITIAL_BINDACK_TIMEOUT, coti_timeout, h);
}

static void hoti_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->cr.hoti.timer = SIM_HANDLE_NONE;
    if (h->cr.hoti.active && h->attached)
        send_hoti(w, h);
}

static void coti_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->cr.coti.timer = SIM_HANDLE_NONE;
    if (h->cr.coti.active && h->attached)
        send_coti(w, h);
}

static void compute_kbm(const struct mob_mn *h, uint8_t kbm[RR_KBM_LEN])
{
    rr_crypto_kbm(rr_cn_crypto(h->rr), h->cr.home_token, h->cr.coa_token, kbm);
}

static void send_cn_bu(mob_world_t *w, struct mob_mn *h)
{
    struct mob_mn *p = peer_of(w, h);
    h->cr.bu_seq++;
    sim_time_t life = w->cfg.bu_lifetime;
    if (life > MOB_MAX_RR_BINDING_LIFETIME)
        life = MOB_MAX_RR_BINDING_LIFETIME;
    mh_msg_t m = {
        .type = MH_BU,
        .seq = h->cr.bu_seq,
        .bu_flags = w->cfg.cn_bu_ack ? MH_BU_A : 0,
        .lifetime = (uint16_t)(life / SIM_S(4)),
        .has_nonce_indices = true,
        .home_nonce_index = h->cr.home_nonce_index,
        .coa_nonce_index = h->cr.coa_nonce_index,
        .has_bad = true,
    };
    pkt_desc_t d = {.src = h->coa, .has_hao = true, .hao = h->hoa};
    peer_target(w, h, &d);
    uint8_t kbm[RR_KBM_LEN];
    compute_kbm(h, kbm);
    send_mh(w, h, &m, &d, h->peer, mob_scheme_relay_via_ha(w, h), kbm, &h->coa, &p->hoa);
    if (w->cfg.cn_bu_ack) {
        h->cr.state = MOB_CR_BU_SENT;
        retx_arm(w, &h->cr.bu, MOB_INITIAL_BINDACK_TIMEOUT, cn_bu_timeout, h);
    } else {
        h->cr.state = MOB_CR_BOUND;
        h->cr.bu_acked = true;
    }
}

static void cn_bu_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->cr.bu.timer = SIM_HANDLE_NONE;
    if (h->cr.bu.active && h->attached && h->cr.state == MOB_CR_BU_SENT)
        send_cn_bu(w, h);
}

static void maybe_send_cn_bu(mob_world_t *w, struct mob_mn *h)
{
    if (h->cr.state != MOB_CR_RR && h->cr.state != MOB_CR_BU_WAIT)
        return;
    if (!h->cr.have_home_token || !h->cr.have_coa_token)
        return;
    if (w->cfg.cn_bu_after_home_ba && !h->home_registered) {
        h->cr.state = MOB_CR_BU_WAIT; /* RFC 6275 §11.7.2 */
        return;
    }
    h->cr.bu.n_sent = 0;
    send_cn_bu(w, h);
}

static void reset_retx(mob_world_t *w, mob_retx_t *r)
{
    retx_stop(w, r);
    r->n_sent = 0;
}

/* Starts (or restarts) correspondent registration of the current CoA with
 * the peer: return routability, then the BU. */
static void start_cr(mob_world_t *w, struct mob_mn *h)
{
    mob_cr_t *cr = &h->cr;
    reset_retx(w, &cr->hoti);
    reset_retx(w, &cr->coti);
    reset_retx(w, &cr->bu);
    cr->state = MOB_CR_RR;
    cr->for_coa = h->coa;
    cr->bu_acked = false;
    h->signaling_busy = true;
    /* Expedited RR (RFC 6275 §11.6.1, paper §II.B): a home keygen token
     * younger than MAX_TOKEN_LIFETIME is re-used; only CoTI/CoT run. */
    bool reuse_home = w->cfg.rr_expedited && cr->have_home_token &&
                      sim_now(w->sim) - cr->home_token_at < RR_MAX_TOKEN_LIFETIME;
    if (!reuse_home) {
        cr->have_home_token = false;
        send_hoti(w, h);
    }
    cr->have_coa_token = false;
    send_coti(w, h);
}

/* --------------------------------------------------------------- handoff */

void mob_host_detached(mob_world_t *w, struct mob_mn *h)
{
    if (h->signaling_busy)
        w->m.consecutive_mobility = true;
    if (h->attached) {
        h->prev_net = h->net;
        h->prev_coa = h->coa;
    }
    h->attached = false;
    h->last_detach = sim_now(w->sim);
    reset_retx(w, &h->home_bu);
    sim_cancel(w->sim, &h->home_refresh);
    reset_retx(w, &h->cr.hoti);
    reset_retx(w, &h->cr.coti);
    reset_retx(w, &h->cr.bu);
    h->cr.state = MOB_CR_IDLE;
    h->cr.bu_acked = false;
    h->home_registered = false;
}

void mob_host_coa_ready(mob_world_t *w, struct mob_mn *h)
{
    h->attached = true;
    h->coa = net_addr_make(&w->cfg.nets[h->net].prefix, w->cfg.hosts[h->index].iid);
    h->home_bu.n_sent = 0;
    send_home_bu(w, h);
    mob_scheme_coa_ready(w, h); /* forwarding: install old CoA -> new CoA */
    if (!w->cfg.rr_after_home_ba)
        start_cr(w, h); /* queued after the home BU at the same instant */
}

/* hoa-signaling (paper IV.C): a host that receives its peer's BU from a new
 * address sends what its own correspondent registration still waits for at
 * once, instead of at the next retransmission: the peer may have moved
 * before our messages reached it. Cookies are kept, so replies to the first
 * transmission still count. */
static void resend_pending_now(mob_world_t *w, struct mob_mn *h)
{
    mob_cr_t *cr = &h->cr;
    if (!h->attached)
        return;
    mob_trace_note(w, SIM_TR_SCHEME, h->index, h->peer, -1, "peer moved: resend at once");
    if (cr->state == MOB_CR_RR) {
        if (!cr->have_home_token && cr->hoti.active) {
            mh_msg_t m = {.type = MH_HOTI, .cookie = cr->hoti_cookie};
            pkt_desc_t d = {.src = h->hoa};
            peer_target(w, h, &d);
            send_mh(w, h, &m, &d, h->peer, true, NULL, NULL, NULL);
        }
        if (!cr->have_coa_token && cr->coti.active) {
            mh_msg_t m = {.type = MH_COTI, .cookie = cr->coti_cookie};
            pkt_desc_t d = {.src = h->coa};
            peer_target(w, h, &d);
            send_mh(w, h, &m, &d, h->peer, false, NULL, NULL, NULL);
        }
    } else if (cr->state == MOB_CR_BU_SENT) {
        send_cn_bu(w, h);
    }
}

/* -------------------------------------------------------- CN-role replies */

/* Reply from the address the request reached: directly from the CoA, or
 * from the home address through the reverse tunnel. */
static void reply_mh(mob_world_t *w, struct mob_mn *h, mh_msg_t *m, pkt_desc_t *d, int to,
                     bool via_tunnel, const uint8_t *kbm, const net_addr_t *auth_coa)
{
    d->src = via_tunnel ? h->hoa : h->coa;
    send_mh(w, h, m, d, to, via_tunnel, kbm, auth_coa, &h->hoa);
}

static int host_of_hoa(mob_world_t *w, const net_addr_t *a)
{
    for (int i = 0; i < w->cfg.n_hosts; i++)
        if (net_addr_eq(&w->hosts[i].hoa, a))
            return i;
    return -1;
}

static void on_test_init(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    bool home = v->mh.type == MH_HOTI;
    mh_msg_t m = {.type = home ? MH_HOT : MH_COT, .cookie = v->mh.cookie};
    if (rr_cn_issue_token(h->rr, sim_now(w->sim), &v->src,
                          home ? RR_HOME_TOKEN : RR_CAREOF_TOKEN, &m.nonce_index,
                          m.keygen_token) < 0) {
        w->oom = 1;
        return;
    }
    pkt_desc_t d = {.dst = v->src}; /* HoT to the HoTI's source (HoA), CoT to the CoTI's (CoA) */
    reply_mh(w, h, &m, &d, host_of_hoa(w, &v->src) >= 0 ? host_of_hoa(w, &v->src) : h->peer,
             via_tunnel, NULL, NULL);
}

static void send_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel,
                    uint8_t status, uint16_t seq, uint16_t lifetime, const uint8_t *kbm,
                    const net_addr_t *coa)
{
    mh_msg_t m = {.type = MH_BA, .ba_status = status, .seq = seq, .lifetime = lifetime,
                  .has_bad = kbm != NULL};
    /* BA to the BU's source CoA with a type 2 routing header (RFC 6275 §9.5.4) */
    pkt_desc_t d = {.dst = v->src, .has_rh2 = true, .rh2_home = v->hao};
    reply_mh(w, h, &m, &d, h->peer, via_tunnel, kbm, coa);
}

static void bce_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->bce.expiry = SIM_HANDLE_NONE;
    sim_cancel(w->sim, &h->bce.brr);
    h->bce.valid = false;
    mob_binding_changed(w, h->index, h->peer, "expired");
}

/* RFC 6275 §9.5.5: a correspondent MAY ask for a refresh when a binding in
 * active use nears expiry; always sent to the home address. mobsim asks at
 * 7/8 of the lifetime when data came from the peer in the last 60 s. */
static void brr_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->bce.brr = SIM_HANDLE_NONE;
    if (!h->bce.valid || !h->attached || sim_now(w->sim) - h->last_rx > MOB_BRR_RECENT_USE)
        return;
    mh_msg_t m = {.type = MH_BRR};
    pkt_desc_t d = {.src = h->coa, .dst = h->bce.hoa};
    send_mh(w, h, &m, &d, h->peer, false, NULL, NULL, NULL);
}

static void schedule_brr(mob_world_t *w, struct mob_mn *h, sim_time_t life)
{
    sim_cancel(w->sim, &h->bce.brr);
    if (sim_after(w->sim, life - life / 8, brr_fire, w, h, &h->bce.brr) < 0)
        w->oom = 1;
}

static void on_cn_bu(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    const mh_msg_t *bu = &v->mh;
    /* RFC 6275 §9.5.1, in UMIP's order (PROTOCOL.md §4.1) */
    if (!v->has_hao || host_of_hoa(w, &v->hao) != h->peer) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, h->peer, MH_BU, "BU without a known HAO ignored");
        return;
    }
    net_addr_t coa = bu->has_alt_coa ? bu->alt_coa : v->src;
    bool dereg = bu->lifetime == 0 || net_addr_eq(&coa, &v->hao);
    if (!bu->has_nonce_indices || !bu->has_bad) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, h->peer, MH_BU, "BU without nonce indices or BAD dropped");
        return;
    }
    uint8_t home_tok[RR_TOKEN_LEN], coa_tok[RR_TOKEN_LEN];
    sim_time_t now = sim_now(w->sim);
    bool home_ok = rr_cn_token_for(h->rr, now, &v->hao, RR_HOME_TOKEN, bu->home_nonce_index,
                                   home_tok) == 0;
    bool coa_ok = dereg || rr_cn_token_for(h->rr, now, &coa, RR_CAREOF_TOKEN,
                                           bu->coa_nonce_index, coa_tok) == 0;
    if (!home_ok || !coa_ok) {
        uint8_t st = !home_ok && !coa_ok ? MH_BA_EXPIRED_NONCES
                     : !home_ok          ? MH_BA_EXPIRED_HOME_NONCE
                                         : MH_BA_EXPIRED_COA_NONCE;
        send_ba(w, h, v, via_tunnel, st, bu->seq, 0, NULL, NULL); /* no BAD (§6.1.8) */
        return;
    }
    uint8_t kbm[RR_KBM_LEN];
    rr_crypto_kbm(rr_cn_crypto(h->rr), home_tok, dereg ? NULL : coa_tok, kbm);
    /* authenticator over CoA | correspondent (our HoA) | MH data, checksum 0 */
    if (!rr_crypto_check_auth(rr_cn_crypto(h->rr), kbm, dereg ? &v->hao : &coa, &h->hoa,
                              v->upper, v->upper_len)) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, h->peer, MH_BU, "BU with a wrong authenticator dropped");
        return;
    }
    if (bu->bu_flags & MH_BU_H) {
        send_ba(w, h, v, via_tunnel, MH_BA_HOME_REG_NOT_SUPPORTED, bu->seq, 0, kbm, &coa);
        return;
    }
    if (h->have_peer_seq && !mh_seq_newer(bu->seq, h->last_peer_seq)) {
        send_ba(w, h, v, via_tunnel, MH_BA_SEQ_OUT_OF_WINDOW, h->last_peer_seq, 0, kbm, &coa);
        return;
    }
    h->have_peer_seq = true;
    h->last_peer_seq = bu->seq;
    sim_cancel(w->sim, &h->bce.expiry);
    uint16_t granted = 0;
    if (dereg) {
        sim_cancel(w->sim, &h->bce.brr);
        h->bce.valid = false;
        mob_binding_changed(w, h->index, h->peer, "deleted");
    } else {
        sim_time_t life = (sim_time_t)bu->lifetime * SIM_S(4);
        if (life > MOB_MAX_RR_BINDING_LIFETIME)
            life = MOB_MAX_RR_BINDING_LIFETIME;
        granted = (uint16_t)(life / SIM_S(4));
        bool changed = !h->bce.valid || !net_addr_eq(&h->bce.coa, &coa);
        h->bce.valid = true;
        h->bce.hoa = v->hao;
        h->bce.coa = coa;
        h->bce.seq = bu->seq;
        h->bce.icmp_errors = 0;
        h->bce.expires = sim_time_add(now, life);
        if (changed)
            h->bce.set_at = now;
        if (changed && w->cfg.scheme == MOB_SCHEME_HOA_SIGNALING)
            resend_pending_now(w, h);
        if (sim_after(w->sim, life, bce_expired, w, h, &h->bce.expiry) < 0)
            w->oom = 1;
        schedule_brr(w, h, life);
        mob_binding_changed(w, h->index, h->peer, changed ? "updated" : "refreshed");
    }
    if (bu->bu_flags & MH_BU_A)
        send_ba(w, h, v, via_tunnel, MH_BA_ACCEPTED, bu->seq, granted, kbm, &coa);
}

/* --------------------------------------------------------- MN-role input */

static void on_test(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    mob_cr_t *cr = &h->cr;
    if (v->mh.type == MH_HOT) {
        /* §11.6.2: HoT to the home address, through the home agent */
        if (!via_tunnel || cr->state != MOB_CR_RR || cr->have_home_token ||
            v->mh.cookie != cr->hoti_cookie)
            return;
        memcpy(cr->home_token, v->mh.keygen_token, RR_TOKEN_LEN);
        cr->home_nonce_index = v->mh.nonce_index;
        cr->have_home_token = true;
        retx_stop(w, &cr->hoti);
    } else {
        if (cr->state != MOB_CR_RR || cr->have_coa_token || v->mh.cookie != cr->coti_cookie ||
            !net_addr_eq(&v->dst, &h->coa))
            return;
        memcpy(cr->coa_token, v->mh.keygen_token, RR_TOKEN_LEN);
        cr->coa_nonce_index = v->mh.nonce_index;
        cr->have_coa_token = true;
        retx_stop(w, &cr->coti);
    }
    maybe_send_cn_bu(w, h);
}

static void home_refresh_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    h->home_refresh = SIM_HANDLE_NONE;
    if (!h->attached || h->home_bu.active)
        return;
    h->home_bu.n_sent = 0;
    send_home_bu(w, h);
}

static void on_home_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v)
{
    if (v->mh.seq != h->home_seq || !h->home_bu.active)
        return;
    if (v->mh.ba_status >= 128) {
        /* 135: adopt the HA's number and retry (§11.7.3) */
        if (v->mh.ba_status == MH_BA_SEQ_OUT_OF_WINDOW) {
            h->home_seq = v->mh.seq;
            send_home_bu(w, h);
        }
        return;
    }
    retx_stop(w, &h->home_bu);
    h->home_registered = true;
    h->home_first = false;
    /* re-register at 90% of the granted lifetime (RFC 6275 §11.7.1: before
     * it expires) */
    sim_time_t granted = (sim_time_t)v->mh.lifetime * SIM_S(4);
    sim_cancel(w->sim, &h->home_refresh);
    if (granted > 0 &&
        sim_after(w->sim, granted - granted / 10, home_refresh_fire, w, h, &h->home_refresh) < 0)
        w->oom = 1;
    if (w->cfg.rr_after_home_ba && h->cr.state == MOB_CR_IDLE)
        start_cr(w, h);
    else if (h->cr.state == MOB_CR_BU_WAIT)
        maybe_send_cn_bu(w, h);
    if (h->cr.state == MOB_CR_BOUND)
        h->signaling_busy = false;
}

static void on_cn_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v)
{
    mob_cr_t *cr = &h->cr;
    const mh_msg_t *ba = &v->mh;
    if (cr->state != MOB_CR_BU_SENT)
        return;
    bool expired = ba->ba_status >= MH_BA_EXPIRED_HOME_NONCE && ba->ba_status <= MH_BA_EXPIRED_NONCES;
    if (!expired) {
        /* §11.7.3: a BA from a correspondent must carry a valid BAD */
        uint8_t kbm[RR_KBM_LEN];
        if (!ba->has_bad)
            return;
        compute_kbm(h, kbm);
        if (!rr_crypto_check_auth(rr_cn_crypto(h->rr), kbm, &cr->for_coa, &peer_of(w, h)->hoa,
                                  v->upper, v->upper_len))
            return;
        if (ba->ba_status != MH_BA_SEQ_OUT_OF_WINDOW && ba->seq != cr->bu_seq)
            return;
    } else if (ba->seq != cr->bu_seq) {
        return;
    }
    if (ba->ba_status < 128) {
        retx_stop(w, &cr->bu);
        cr->state = MOB_CR_BOUND;
        cr->bu_acked = true;
        if (h->home_registered)
            h->signaling_busy = false;
        return;
    }
    switch (ba->ba_status) {
    case MH_BA_SEQ_OUT_OF_WINDOW: /* resend after the number the CN holds */
        cr->bu_seq = ba->seq;
        send_cn_bu(w, h);
        break;
    case MH_BA_EXPIRED_HOME_NONCE:
    case MH_BA_EXPIRED_COA_NONCE:
    case MH_BA_EXPIRED_NONCES:
        cr->have_home_token = false; /* no re-use of a token the CN rejected */
        start_cr(w, h);
        break;
    default:
        retx_stop(w, &cr->bu);
        cr->state = MOB_CR_FAILED;
        break;
    }
}

/* Binding Error status 1: the peer has no binding for our HAO; Binding
 * Refresh Request: the peer wants a fresh binding. Either way: register
 * again unless that is already under way. */
static void on_reregister_request(mob_world_t *w, struct mob_mn *h, const char *why)
{
    mob_trace_note(w, SIM_TR_NOTE, h->index, h->peer, -1, why);
    if (!h->attached)
        return;
    h->cr.bu_acked = false;
    if (h->cr.state == MOB_CR_BOUND || h->cr.state == MOB_CR_FAILED || h->cr.state == MOB_CR_IDLE)
        start_cr(w, h);
}

static void send_be(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, uint8_t status,
                    const net_addr_t *home)
{
    mh_msg_t m = {.type = MH_BE, .be_status = status, .be_home = *home};
    pkt_desc_t d = {.src = h->coa, .dst = v->src};
    send_mh(w, h, &m, &d, h->peer, false, NULL, NULL, NULL);
}

static void on_mh(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    bool from_ha = net_addr_eq(&v->src, &w->router_addr[h->home_net]);
    switch (v->mh.type) {
    case MH_HOTI:
    case MH_COTI:
        on_test_init(w, h, v, via_tunnel);
        break;
    case MH_HOT:
    case MH_COT:
        on_test(w, h, v, via_tunnel);
        break;
    case MH_BU:
        on_cn_bu(w, h, v, via_tunnel);
        break;
    case MH_BA:
        if (from_ha)
            on_home_ba(w, h, v);
        else
            on_cn_ba(w, h, v);
        break;
    case MH_BE:
        if (v->mh.be_status == MH_BE_UNKNOWN_HAO)
            on_reregister_request(w, h, "binding error: peer has no binding for our home address");
        break;
    case MH_BRR:
        on_reregister_request(w, h, "binding refresh request");
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------ data */

static void dispatch(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                     bool via_tunnel);
static void mob_host_receive_inner(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt,
                                   const pkt_view_t *v);

static void on_data(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                    bool via_tunnel)
{
    if (v->has_hao) {
        /* §9.3.1: a HAO must match a binding: home address and this CoA */
        if (!h->bce.valid || !net_addr_eq(&h->bce.hoa, &v->hao) ||
            !net_addr_eq(&h->bce.coa, &v->src)) {
            send_be(w, h, v, MH_BE_UNKNOWN_HAO, &v->hao);
            mob_pkt_drop(w, pkt, h->index, "no-binding-for-hao");
            return;
        }
    }
    sim_time_t now = sim_now(w->sim);
    sim_time_t gap = now - h->last_rx;
    if (gap > h->max_gap)
        h->max_gap = gap;
    h->last_rx = now;
    h->last_rx_ro = !via_tunnel && v->has_rh2;
    if (h->last_rx_ro)
        h->first_ro_rx_after_restore = now;
    w->m.data_received++;
    sim_time_t delay = now - pkt->created;
    w->delay_sum += delay;
    if (mob_q_add(&w->delays, delay) < 0) {
        w->oom = 1;
        free(pkt);
        return;
    }
    mob_trace_received(w, pkt, h->index);
    free(pkt);
}

void mob_host_icmp_error(mob_world_t *w, struct mob_mn *h, const pkt_view_t *inner)
{
    /* UMIP cn_recv_dst_unreach: persistent unreachables for the peer's
     * cached CoA delete the binding (more than 3). */
    if (!h->bce.valid || !net_addr_eq(&inner->dst, &h->bce.coa))
        return;
    if (++h->bce.icmp_errors > MOB_ICMP_PERSISTENT_THRESHOLD) {
        sim_cancel(w->sim, &h->bce.expiry);
        sim_cancel(w->sim, &h->bce.brr);
        h->bce.valid = false;
        mob_binding_changed(w, h->index, h->peer, "deleted-icmp");
    }
}

void mob_host_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                      bool via_tunnel)
{
    if (v->proto == PKT_PROTO_IPV6) {
        /* tunnel from the home agent: decapsulate (§10.4.2) */
        pkt_view_t inner;
        char why[128];
        bool from_ha = net_addr_eq(&v->src, &w->router_addr[h->home_net]);
        bool from_old_ar = w->cfg.scheme == MOB_SCHEME_FORWARDING && h->prev_net >= 0 &&
                           net_addr_eq(&v->src, &w->router_addr[h->prev_net]);
        if (via_tunnel || (!from_ha && !from_old_ar)) {
            mob_pkt_drop(w, pkt, h->index, "unexpected-tunnel");
            return;
        }
        if (pkt_parse(v->upper, v->upper_len, &inner, why, sizeof(why)) < 0) {
            mob_pkt_drop(w, pkt, h->index, "malformed");
            return;
        }
        if (from_old_ar) {
            /* forwarded from the previous network: as if it reached the CoA */
            if (!net_addr_eq(&inner.dst, &h->prev_coa)) {
                mob_pkt_drop(w, pkt, h->index, "not-for-previous-address");
                return;
            }
            mob_host_receive_inner(w, h, pkt, &inner);
            return;
        }
        if (!net_addr_eq(&inner.dst, &h->hoa)) {
            mob_pkt_drop(w, pkt, h->index, "not-for-home-address");
            return;
        }
        mob_host_receive(w, h, pkt, &inner, true);
        return;
    }
    dispatch(w, h, pkt, v, via_tunnel);
}

/* A packet the old access router forwarded (forwarding scheme). */
static void mob_host_receive_inner(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt,
                                   const pkt_view_t *v)
{
    dispatch(w, h, pkt, v, false);
}

static void dispatch(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                     bool via_tunnel)
{
    if (!via_tunnel && v->has_rh2 && !net_addr_eq(&v->rh2_home, &h->hoa)) {
        mob_pkt_drop(w, pkt, h->index, "rh2-not-home-address"); /* §11.3.3 */
        return;
    }
    switch (v->proto) {
    case PKT_PROTO_MH:
        mob_trace_received(w, pkt, h->index);
        w->sig_latency_sum += sim_now(w->sim) - pkt->created;
        w->n_sig_delivered++;
        on_mh(w, h, v, via_tunnel);
        free(pkt);
        break;
    case PKT_PROTO_UDP:
        on_data(w, h, pkt, v, via_tunnel);
        break;
    case PKT_PROTO_ICMPV6: {
        pkt_view_t inner;
        mob_trace_received(w, pkt, h->index);
        if (v->icmp_type == PKT_ICMP_DEST_UNREACH &&
            pkt_parse(v->icmp_body, v->icmp_body_len, &inner, NULL, 0) == 0) {
            /* a reverse-tunneled original: look at its inner packet */
            if (inner.proto == PKT_PROTO_IPV6) {
                pkt_view_t in2;
                if (pkt_parse(inner.upper, inner.upper_len, &in2, NULL, 0) == 0)
                    mob_host_icmp_error(w, h, &in2);
            } else {
                mob_host_icmp_error(w, h, &inner);
            }
        }
        free(pkt);
        break;
    }
    default:
        mob_pkt_drop(w, pkt, h->index, "unknown-protocol");
        break;
    }
}

void mob_host_send_data(mob_world_t *w, struct mob_mn *h)
{
    struct mob_mn *p = peer_of(w, h);
    uint8_t payload[2048];
    size_t size = (size_t)w->cfg.traffic_size;
    if (size > sizeof(payload))
        size = sizeof(payload);
    memset(payload, 0, size);
    uint32_t seq = ++h->data_seq;
    for (size_t i = 0; i < 4 && i < size; i++)
        payload[i] = (uint8_t)(seq >> (24 - 8 * i));
    uint16_t port = (uint16_t)(DATA_PORT_BASE + 1 + h->index);
    pkt_desc_t d = {.proto = PKT_PROTO_UDP, .payload = payload, .payload_len = size,
                    .sport = port, .dport = port};
    /* to the peer's CoA when we hold a binding (RH2), else its home address */
    if (h->bce.valid) {
        d.dst = h->bce.coa;
        d.has_rh2 = true;
        d.rh2_home = p->hoa;
    } else {
        d.dst = p->hoa;
    }
    /* from our CoA with a HAO once the peer holds our binding; otherwise
     * through the reverse tunnel */
    bool ro_out = h->cr.bu_acked && net_addr_eq(&h->cr.for_coa, &h->coa);
    if (ro_out) {
        d.src = h->coa;
        d.has_hao = true;
        d.hao = h->hoa;
    } else {
        d.src = h->hoa;
    }
    w->m.data_sent++;
    mob_host_output(w, h, &d, MOB_PK_DATA, h->peer, !ro_out);
}

void mob_host_init_state(mob_world_t *w, struct mob_mn *h, bool cold)
{
    struct mob_mn *p = peer_of(w, h);
    h->attached = true;
    h->coa = net_addr_make(&w->cfg.nets[h->net].prefix, w->cfg.hosts[h->index].iid);
    h->last_detach = -1;
    if (cold) {
        h->home_first = true;
        return; /* world.c starts the home registration at t = 0 */
    }
    /* route-optimized start: registered with the HA, bound with the peer,
     * lifetimes from 0, tokens from an RR completed at t = 0 */
    h->home_registered = true;
    h->home_first = false;
    h->home_seq = 1;
    mob_cr_t *cr = &h->cr;
    cr->state = MOB_CR_BOUND;
    cr->for_coa = h->coa;
    cr->bu_acked = true;
    cr->bu_seq = 1;
    uint8_t tok[RR_TOKEN_LEN];
    sim_time_t now = sim_now(w->sim);
    if (rr_cn_issue_token(p->rr, now, &h->hoa, RR_HOME_TOKEN, &cr->home_nonce_index, tok) < 0 ||
        rr_cn_issue_token(p->rr, now, &h->coa, RR_CAREOF_TOKEN, &cr->coa_nonce_index,
                          cr->coa_token) < 0) {
        w->oom = 1;
        return;
    }
    memcpy(cr->home_token, tok, RR_TOKEN_LEN);
    cr->have_home_token = cr->have_coa_token = true;
    cr->home_token_at = now;
    /* the peer's binding cache holds our CoA */
    sim_time_t life = w->cfg.bu_lifetime;
    if (life > MOB_MAX_RR_BINDING_LIFETIME)
        life = MOB_MAX_RR_BINDING_LIFETIME;
    p->bce = (mob_bce_t){.valid = true, .hoa = h->hoa, .coa = h->coa, .seq = 1,
                         .expires = now + life, .set_at = now};
    p->have_peer_seq = true;
    p->last_peer_seq = 1;
    if (sim_after(w->sim, life, bce_expired, w, p, &p->bce.expiry) < 0)
        w->oom = 1;
    schedule_brr(w, p, life);
    sim_time_t home_life = w->cfg.bu_lifetime;
    if (sim_after(w->sim, home_life - home_life / 10, home_refresh_fire, w, h, &h->home_refresh) < 0)
        w->oom = 1;
}

void mob_host_fini(struct mob_mn *h)
{
    rr_cn_destroy(h->rr);
    h->rr = NULL;
}
