/* models/mn.c - the MN role: home registration, the Binding Update List
 * entry and return routability toward the peer, correspondent BUs,
 * retransmission with back-off (RFC 6275 §11), and a handoff's effect on
 * them. Everything comes from the bytes received (pkt_parse): the
 * accounting fields of mob_pkt_t are never read for a decision. */
#include "models/mn.h"

#include <assert.h>
#include <string.h>

#include "models/handoff.h"
#include "models/net.h"
#include "models/output.h"
#include "models/scheme.h"

static void home_bu_timeout(sim_t *sim, void *ctx, void *arg);
static void hoti_timeout(sim_t *sim, void *ctx, void *arg);
static void coti_timeout(sim_t *sim, void *ctx, void *arg);
static void cn_bu_timeout(sim_t *sim, void *ctx, void *arg);
static void home_refresh_fire(sim_t *sim, void *ctx, void *arg);
static void send_home_dereg(mob_world_t *w, struct mob_mn *h);
static void send_cn_dereg_bu(mob_world_t *w, mob_corr_t *c);
static void start_dereg_cr(mob_world_t *w, mob_corr_t *c);
static void start_cr(mob_world_t *w, mob_corr_t *c);
static void send_cn_bu(mob_world_t *w, mob_corr_t *c);

static bool relay_via_ha(const mob_world_t *w, const struct mob_mn *h)
{
    return w->ops->relay_via_ha && w->ops->relay_via_ha(w, h);
}

/* Strict RFC 6275 (mh_routing rfc6275): every check of §11.6.2, §11.7.3,
 * §11.7.4 and §11.3.6 on the source of what a correspondent sends. The
 * paper's binding-cache mode keeps its relaxation (docs/model.md,
 * "Deviations"): the entry is found from any address the peer holds, or is
 * the only one. */
static bool strict(const mob_world_t *w)
{
    return w->cfg.mh_routing == MOB_MH_RFC6275;
}

/* The Binding Update List entry whose correspondent address is src: under
 * strict routing HoTI, CoTI and BUs went to the peer's home address
 * (§6.1), so HoT, CoT, BA, BRR and BE must come from it (§11.6.2: "the
 * Source Address of the packet belongs to a correspondent node for which
 * the mobile node has a Binding Update List entry"; §11.3.6, §11.7.4 the
 * same for BE and BRR). NULL (with a note) otherwise. */
static mob_corr_t *bul_entry(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v)
{
    if (!strict(w))
        return mob_corr_from(w, h, &v->src);
    int p = mob_addrmap_get(&w->homes, &v->src);
    mob_corr_t *c = p >= 0 ? mob_corr_for(w, h, p) : NULL;
    if (c && net_addr_eq(&c->peer_hoa, &v->src))
        return c;
    mob_trace_note(w, SIM_TR_NOTE, h->index, p, v->mh.type,
                   "ignored: not from a correspondent's home address");
    return NULL;
}

/* Route optimization with the peer is wanted: not kept private (location
 * privacy, hosts[].route_optimization) and not given up since the last
 * move (§5.2.9). */
static bool ro_wanted(const mob_corr_t *c)
{
    return !c->no_ro && !c->cr.ro_fallback;
}

/* Every correspondent registration is done for the current CoA (one that
 * uses the tunnel has none to do). */
static bool all_bound(const struct mob_mn *h)
{
    for (int i = 0; i < h->n_corr; i++)
        if (h->corr[i].cr.state != MOB_CR_BOUND && ro_wanted(&h->corr[i]))
            return false;
    return true;
}

static void retx_stop(mob_world_t *w, mob_retx_t *r)
{
    r->active = false;
    sim_cancel(w->sim, &r->timer);
}

static void retx_arm(mob_world_t *w, mob_retx_t *r, sim_time_t first, sim_event_fn *fn, void *arg)
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
    if (sim_after(w->sim, r->timeout, fn, w, arg, &r->timer) < 0)
        w->oom = 1;
}

static void send_home_bu(mob_world_t *w, struct mob_mn *h)
{
    if (mob_host_at_home(h)) {
        send_home_dereg(w, h); /* §11.5.5: at home, the home BU de-registers */
        return;
    }
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
    pkt_desc_t d = {.src = h->coa, .dst = mob_host_ha_addr(w, h), .has_hao = true, .hao = h->hoa};
    mob_host_send_mh(w, h, &m, &d, mob_router_node(w, h->home_net), false, NULL, NULL, NULL);
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

/* Giving up route optimization (RFC 6275 §5.2.9: "the mobile node MAY
 * ... revert to bidirectional tunneling"; §11.6: RR may fail). RFC 6275
 * §12 defines no MAX_RO_FAILURE: params.max_ro_failure is the
 * implementation constant (0: never give up). A retransmission timer of
 * the correspondent registration (HoTI, CoTI or BU) that expires is one
 * failed attempt; HoTI and CoTI expiring at the same instant are one.
 * true when this one made the MN give up: every timer stopped, the entry
 * idle and in fallback until the next move (ro_reset). */
static bool ro_attempt_failed(mob_world_t *w, mob_corr_t *c)
{
    mob_cr_t *cr = &c->cr;
    int max = w->cfg.max_ro_failure;
    if (max <= 0)
        return false;
    sim_time_t now = sim_now(w->sim);
    if (cr->ro_failures > 0 && cr->ro_fail_at == now)
        return false; /* the same attempt (HoTI and CoTI sent together) */
    cr->ro_failures++;
    cr->ro_fail_at = now;
    if (cr->ro_failures < max)
        return false;
    retx_stop(w, &cr->hoti);
    retx_stop(w, &cr->coti);
    retx_stop(w, &cr->bu);
    sim_cancel(w->sim, &cr->bu_defer);
    sim_cancel(w->sim, &cr->refresh);
    cr->state = MOB_CR_IDLE;
    cr->bu_acked = false;
    cr->ro_fallback = true;
    mob_pair_metrics_t *pm = &w->pm[c->pair];
    if (!pm->ro_fallback) {
        pm->ro_fallback = true;
        pm->ro_fallback_at = now;
    }
    pm->ro_fallbacks++;
    mob_handoff_fallback(w, c);
    struct mob_mn *h = c->host;
    mob_trace_note(w, SIM_TR_NOTE, h->index, c->peer, -1,
                   "route optimization given up: bidirectional tunneling");
    if (h->home_registered && all_bound(h))
        h->signaling_busy = false;
    return true;
}

/* A move (L2 detach) ends a fallback and the count of failed attempts
 * (§5.2.9: route optimization is tried again from the new CoA), and the
 * old CoA's refresh and held-back BU. */
static void ro_reset(mob_world_t *w, mob_cr_t *cr)
{
    cr->ro_fallback = false;
    cr->ro_failures = 0;
    sim_cancel(w->sim, &cr->refresh);
    sim_cancel(w->sim, &cr->bu_defer);
}

/* §11.7.2: a correspondent binding is refreshed by a new return
 * routability procedure and BU before its lifetime ends. The correspondent
 * asks at 7/8 of the lifetime with a BRR when data came from us in the
 * last MOB_BRR_RECENT_USE (cn.c, §9.5.5); the MN itself re-registers at
 * 15/16 when the peer uses the binding (data came from it in the last
 * MOB_BRR_RECENT_USE) and no BRR came first (we send it nothing, or the BRR
 * was lost). A binding nobody uses is left to expire. The peer's binding
 * stays in use meanwhile: route-optimized data keeps flowing. */
static void cn_refresh_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    struct mob_mn *h = c->host;
    mob_cr_t *cr = &c->cr;
    cr->refresh = SIM_HANDLE_NONE;
    sim_time_t now = sim_now(w->sim);
    if (!h->attached || cr->state != MOB_CR_BOUND || !ro_wanted(c) ||
        !net_addr_eq(&cr->for_coa, &h->coa) || c->last_rx <= 0 ||
        now - c->last_rx > MOB_BRR_RECENT_USE)
        return;
    mob_trace_note(w, SIM_TR_NOTE, h->index, c->peer, -1,
                   "correspondent binding refresh before its lifetime ends");
    bool acked = cr->bu_acked, busy = h->signaling_busy;
    start_cr(w, c);
    cr->bu_acked = acked;
    h->signaling_busy = busy;
}

void mob_mn_arm_cn_refresh(mob_world_t *w, mob_corr_t *c, sim_time_t life)
{
    sim_cancel(w->sim, &c->cr.refresh);
    if (life > 0 && sim_after(w->sim, life - life / 16, cn_refresh_fire, w, c, &c->cr.refresh) < 0)
        w->oom = 1;
}

/* MAX_UPDATE_RATE (RFC 6275 §12: 3; §11.8: "A mobile node MUST NOT send
 * Binding Update messages to a particular correspondent node more than
 * MAX_UPDATE_RATE times within a second"): 0 when a BU may leave now, else
 * how long it must wait (one second after the third-last). */
#define MOB_MAX_UPDATE_RATE 3

static sim_time_t bu_rate_wait(const mob_world_t *w, const mob_cr_t *cr)
{
    if (cr->n_bu_sent < MOB_MAX_UPDATE_RATE)
        return 0;
    sim_time_t oldest = cr->bu_sent_at[cr->n_bu_sent % MOB_MAX_UPDATE_RATE];
    sim_time_t now = sim_now(w->sim);
    return now - oldest < SIM_S(1) ? oldest + SIM_S(1) - now : 0;
}

static void bu_rate_record(const mob_world_t *w, mob_cr_t *cr)
{
    cr->bu_sent_at[cr->n_bu_sent % MOB_MAX_UPDATE_RATE] = sim_now(w->sim);
    if (++cr->n_bu_sent >= 2 * MOB_MAX_UPDATE_RATE)
        cr->n_bu_sent -= MOB_MAX_UPDATE_RATE; /* the same slot next, no overflow */
}

static void bu_defer_fire(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    mob_cr_t *cr = &c->cr;
    cr->bu_defer = SIM_HANDLE_NONE;
    if (c->host->attached && ro_wanted(c) && cr->state != MOB_CR_IDLE &&
        cr->state != MOB_CR_BOUND && cr->state != MOB_CR_FAILED)
        send_cn_bu(w, c);
}

/* true (the BU held back, sent by bu_defer_fire) when MAX_UPDATE_RATE
 * forbids one now. */
static bool bu_rate_hold(mob_world_t *w, mob_corr_t *c)
{
    mob_cr_t *cr = &c->cr;
    sim_time_t wait = bu_rate_wait(w, cr);
    if (wait == 0)
        return false;
    retx_stop(w, &cr->bu);
    if (w->cfg.cn_bu_ack)
        cr->state = MOB_CR_BU_SENT; /* the BU is under way, only later */
    if (!sim_pending(w->sim, cr->bu_defer)) {
        mob_trace_note(w, SIM_TR_NOTE, c->host->index, c->peer, MH_BU,
                       "BU held back: MAX_UPDATE_RATE (3 per second)");
        if (sim_after(w->sim, wait, bu_defer_fire, w, c, &cr->bu_defer) < 0)
            w->oom = 1;
    }
    return true;
}

static void send_hoti(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    c->cr.hoti_cookie = mob_host_random64(w); /* fresh cookie per transmission (UMIP) */
    c->cr.home_token_at = sim_now(w->sim);
    mh_msg_t m = {.type = MH_HOTI, .cookie = c->cr.hoti_cookie};
    pkt_desc_t d = {.src = h->hoa};
    mob_host_peer_target(w, c, &d);
    /* HoTI always leaves through the reverse tunnel (RFC 6275 §5.2.5) */
    mob_host_send_mh(w, h, &m, &d, c->peer, true, NULL, NULL, NULL);
    retx_arm(w, &c->cr.hoti, MOB_INITIAL_BINDACK_TIMEOUT, hoti_timeout, c);
}

static void send_coti(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    c->cr.coti_cookie = mob_host_random64(w);
    mh_msg_t m = {.type = MH_COTI, .cookie = c->cr.coti_cookie};
    pkt_desc_t d = {.src = h->coa};
    mob_host_peer_target(w, c, &d);
    mob_host_send_mh(w, h, &m, &d, c->peer, relay_via_ha(w, h), NULL, NULL, NULL);
    retx_arm(w, &c->cr.coti, MOB_INITIAL_BINDACK_TIMEOUT, coti_timeout, c);
}

static void hoti_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    struct mob_mn *h = c->host;
    c->cr.hoti.timer = SIM_HANDLE_NONE;
    if (c->cr.hoti.active && h->attached && !ro_attempt_failed(w, c))
        send_hoti(w, c);
}

static void coti_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    struct mob_mn *h = c->host;
    c->cr.coti.timer = SIM_HANDLE_NONE;
    if (c->cr.coti.active && h->attached && !ro_attempt_failed(w, c))
        send_coti(w, c);
}

static void compute_kbm(const mob_corr_t *c, uint8_t kbm[RR_KBM_LEN])
{
    struct mob_mn *h = c->host;
    /* §5.2.5: a de-registration's Kbm is SHA1(home keygen token) */
    rr_crypto_kbm(rr_cn_crypto(h->rr), c->cr.home_token, c->cr.dereg ? NULL : c->cr.coa_token, kbm);
}

/* After a correspondent BU left: wait for its BA (retransmitting), or, with
 * cn_bu_ack off, take the registration as done. true in the latter case. */
static bool cn_bu_sent(mob_world_t *w, mob_corr_t *c)
{
    if (w->cfg.cn_bu_ack) {
        c->cr.state = MOB_CR_BU_SENT;
        retx_arm(w, &c->cr.bu, MOB_INITIAL_BINDACK_TIMEOUT, cn_bu_timeout, c);
        return false;
    }
    c->cr.state = MOB_CR_BOUND;
    c->cr.bu_acked = true;
    return true;
}

static void send_cn_bu(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    struct mob_mn *p = mob_peer_of(w, c);
    if (bu_rate_hold(w, c))
        return;
    bu_rate_record(w, &c->cr);
    if (c->cr.dereg) {
        send_cn_dereg_bu(w, c); /* from home (§11.5.5) */
        return;
    }
    c->cr.bu_seq++;
    sim_time_t life = w->cfg.bu_lifetime;
    if (life > MOB_MAX_RR_BINDING_LIFETIME)
        life = MOB_MAX_RR_BINDING_LIFETIME;
    mh_msg_t m = {
        .type = MH_BU,
        .seq = c->cr.bu_seq,
        .bu_flags = w->cfg.cn_bu_ack ? MH_BU_A : 0,
        .lifetime = (uint16_t)(life / SIM_S(4)),
        .has_nonce_indices = true,
        .home_nonce_index = c->cr.home_nonce_index,
        .coa_nonce_index = c->cr.coa_nonce_index,
        .has_bad = true,
    };
    pkt_desc_t d = {.src = h->coa, .has_hao = true, .hao = h->hoa};
    mob_host_peer_target(w, c, &d);
    uint8_t kbm[RR_KBM_LEN];
    compute_kbm(c, kbm);
    mob_host_send_mh(w, h, &m, &d, c->peer, relay_via_ha(w, h), kbm, &h->coa, &p->hoa);
    if (cn_bu_sent(w, c))
        mob_mn_arm_cn_refresh(w, c, life); /* §11.7.2, from what was asked */
}

static void cn_bu_timeout(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    struct mob_mn *h = c->host;
    c->cr.bu.timer = SIM_HANDLE_NONE;
    if (c->cr.bu.active && h->attached && c->cr.state == MOB_CR_BU_SENT && !ro_attempt_failed(w, c))
        send_cn_bu(w, c);
}

static void maybe_send_cn_bu(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    if (c->cr.state != MOB_CR_RR && c->cr.state != MOB_CR_BU_WAIT)
        return;
    /* a de-registration needs the home keygen token only (§5.2.5) */
    if (!c->cr.have_home_token || (!c->cr.dereg && !c->cr.have_coa_token))
        return;
    if (!c->cr.dereg && w->cfg.cn_bu_after_home_ba && !h->home_registered) {
        c->cr.state = MOB_CR_BU_WAIT; /* RFC 6275 §11.7.2 */
        return;
    }
    c->cr.bu.n_sent = 0;
    send_cn_bu(w, c);
}

static void reset_retx(mob_world_t *w, mob_retx_t *r)
{
    retx_stop(w, r);
    r->n_sent = 0;
}

/* Starts (or restarts) correspondent registration of the current CoA with
 * the peer: return routability, then the BU. */
static void start_cr(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    mob_cr_t *cr = &c->cr;
    if (mob_host_at_home(h)) {
        start_dereg_cr(w, c); /* §11.5.5: at home, the registration is a de-registration */
        return;
    }
    reset_retx(w, &cr->hoti);
    reset_retx(w, &cr->coti);
    reset_retx(w, &cr->bu);
    if (!ro_wanted(c)) {
        /* location privacy or a fallback (§5.2.9): no RR, no BU toward
         * the peer; bidirectional tunneling (flow.c) */
        cr->state = MOB_CR_IDLE;
        cr->bu_acked = false;
        return;
    }
    cr->state = MOB_CR_RR;
    cr->for_coa = h->coa;
    cr->bu_acked = false;
    cr->dereg = false;
    h->signaling_busy = true;
    /* Expedited RR (RFC 6275 §11.6.1, paper §II.B): a home keygen token
     * younger than MAX_TOKEN_LIFETIME is re-used; only CoTI/CoT run. */
    bool reuse_home = w->cfg.rr_expedited && cr->have_home_token &&
                      sim_now(w->sim) - cr->home_token_at < RR_MAX_TOKEN_LIFETIME;
    if (!reuse_home) {
        cr->have_home_token = false;
        send_hoti(w, c);
    }
    cr->have_coa_token = false;
    send_coti(w, c);
}

void mob_mn_detached(mob_world_t *w, struct mob_mn *h)
{
    if (h->signaling_busy)
        w->m.consecutive_mobility = true;
    if (h->attached) {
        if (h->prev_net >= 0 && mob_addrmap_get(&w->departed, &h->prev_coa) == h->index)
            mob_addrmap_del(&w->departed, &h->prev_coa);
        mob_nodes_unbind(&w->nodes, &h->coa, h->index);
        if (mob_host_at_home(h)) {
            /* the home address is no departed CoA: the home agent takes it
             * over (its binding, or none), no access router holds it, and
             * the home agent is no previous access router (§11.5.5) */
            h->prev_net = -1;
        } else {
            h->prev_net = h->net;
            h->prev_coa = h->coa;
            if (mob_addrmap_put(&w->departed, &h->coa, h->index) < 0)
                w->oom = 1;
        }
    }
    h->attached = false;
    h->last_detach = sim_now(w->sim);
    reset_retx(w, &h->home_bu);
    sim_cancel(w->sim, &h->home_refresh);
    for (int i = 0; i < h->n_corr; i++) {
        mob_cr_t *cr = &h->corr[i].cr;
        reset_retx(w, &cr->hoti);
        reset_retx(w, &cr->coti);
        reset_retx(w, &cr->bu);
        cr->state = MOB_CR_IDLE;
        cr->bu_acked = false;
        ro_reset(w, cr);
    }
    h->home_registered = false;
}

void mob_mn_coa_ready(mob_world_t *w, struct mob_mn *h)
{
    h->attached = true;
    h->coa = net_addr_make(&w->cfg.nets[h->net].prefix, w->cfg.hosts[h->index].iid);
    if (mob_nodes_bind(&w->nodes, &h->coa, h->index) < 0)
        w->oom = 1;
    h->home_bu.n_sent = 0;
    send_home_bu(w, h);
    /* forwarding: install old CoA -> new CoA (an access router's; neither
     * end at home: no CoA is forwarded from or to the home link) */
    if (w->ops->coa_ready && !mob_host_at_home(h))
        w->ops->coa_ready(w, h);
    if (!w->cfg.rr_after_home_ba)
        for (int i = 0; i < h->n_corr; i++) /* RFC 6275 §11.7: with all its CNs */
            start_cr(w, &h->corr[i]);       /* queued after the home BU at the same instant */
    mob_handoff_attached(w, h);
}

/* hoa-signaling (paper IV.C): a host that receives its peer's BU from a new
 * address sends what its own correspondent registration still waits for at
 * once, instead of at the next retransmission: the peer may have moved
 * before our messages reached it. Cookies are kept, so replies to the first
 * transmission still count. */
void mob_mn_resend_pending_now(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    mob_cr_t *cr = &c->cr;
    if (!h->attached || h->stationary)
        return; /* a stationary correspondent registers nothing */
    mob_trace_note(w, SIM_TR_SCHEME, h->index, c->peer, -1, "peer moved: resend at once");
    if (cr->state == MOB_CR_RR) {
        if (!cr->have_home_token && cr->hoti.active) {
            mh_msg_t m = {.type = MH_HOTI, .cookie = cr->hoti_cookie};
            pkt_desc_t d = {.src = h->hoa};
            mob_host_peer_target(w, c, &d);
            mob_host_send_mh(w, h, &m, &d, c->peer, true, NULL, NULL, NULL);
        }
        if (!cr->have_coa_token && cr->coti.active) {
            mh_msg_t m = {.type = MH_COTI, .cookie = cr->coti_cookie};
            pkt_desc_t d = {.src = h->coa};
            mob_host_peer_target(w, c, &d);
            mob_host_send_mh(w, h, &m, &d, c->peer, false, NULL, NULL, NULL);
        }
    } else if (cr->state == MOB_CR_BU_SENT) {
        send_cn_bu(w, c);
    }
}

void mob_mn_on_test(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    mob_corr_t *c = bul_entry(w, h, v);
    if (!c)
        return;
    mob_cr_t *cr = &c->cr;
    if (v->mh.type == MH_HOT) {
        /* §11.6.2: HoT to the home address, through the home agent; at
         * home (§11.5.5) the home address is on the link: directly */
        if ((!via_tunnel && !mob_host_at_home(h)) || cr->state != MOB_CR_RR ||
            cr->have_home_token || v->mh.cookie != cr->hoti_cookie)
            return;
        memcpy(cr->home_token, v->mh.keygen_token, RR_TOKEN_LEN);
        cr->home_nonce_index = v->mh.nonce_index;
        cr->have_home_token = true;
        retx_stop(w, &cr->hoti);
    } else {
        /* §11.6.2: CoT to the care-of address, directly (§5.2.5: it does
         * not pass the home agent) */
        if (cr->state != MOB_CR_RR || cr->have_coa_token || v->mh.cookie != cr->coti_cookie ||
            !net_addr_eq(&v->dst, &h->coa) || (strict(w) && via_tunnel))
            return;
        memcpy(cr->coa_token, v->mh.keygen_token, RR_TOKEN_LEN);
        cr->coa_nonce_index = v->mh.nonce_index;
        cr->have_coa_token = true;
        retx_stop(w, &cr->coti);
    }
    maybe_send_cn_bu(w, c);
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

void mob_mn_on_home_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    /* §6.1.8/§10.3.1: the home agent's BA goes to the care-of address with
     * a type 2 routing header carrying the home address, not tunneled */
    if (strict(w) && !mob_host_at_home(h) &&
        (via_tunnel || !net_addr_eq(&v->dst, &h->coa) || !v->has_rh2)) {
        mob_trace_note(w, SIM_TR_NOTE, h->index, -1, MH_BA,
                       "ignored: home agent's BA not to the care-of address with a RH2");
        return;
    }
    if (!h->home_bu.active)
        return;
    /* §11.7.3: status 135 carries the HA's last accepted number, not ours:
     * it is handled before the sequence match. Adopt it and send a new BU
     * at once (its number is one past the HA's) */
    if (v->mh.ba_status == MH_BA_SEQ_OUT_OF_WINDOW) {
        h->home_seq = v->mh.seq;
        send_home_bu(w, h);
        return;
    }
    if (v->mh.seq != h->home_seq || v->mh.ba_status >= 128)
        return;
    retx_stop(w, &h->home_bu);
    h->home_registered = true; /* at home: the de-registration is acknowledged */
    /* §10.3.2: a de-registered home agent holds no binding: the next
     * registration from away is a first one again (§11.7.1, DAD) */
    h->home_first = mob_host_at_home(h);
    /* re-register at 90% of the granted lifetime (RFC 6275 §11.7.1: before
     * it expires) */
    sim_time_t granted = (sim_time_t)v->mh.lifetime * SIM_S(4);
    sim_cancel(w->sim, &h->home_refresh);
    if (granted > 0 &&
        sim_after(w->sim, granted - granted / 10, home_refresh_fire, w, h, &h->home_refresh) < 0)
        w->oom = 1;
    for (int i = 0; i < h->n_corr; i++) {
        mob_corr_t *c = &h->corr[i];
        if (w->cfg.rr_after_home_ba && c->cr.state == MOB_CR_IDLE)
            start_cr(w, c);
        else if (c->cr.state == MOB_CR_BU_WAIT)
            maybe_send_cn_bu(w, c);
    }
    if (all_bound(h))
        h->signaling_busy = false;
}

void mob_mn_on_cn_ba(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v)
{
    mob_corr_t *c = bul_entry(w, h, v); /* §11.7.3: from the BU's destination */
    if (!c)
        return;
    mob_cr_t *cr = &c->cr;
    const mh_msg_t *ba = &v->mh;
    if (cr->state != MOB_CR_BU_SENT)
        return;
    bool expired =
        ba->ba_status >= MH_BA_EXPIRED_HOME_NONCE && ba->ba_status <= MH_BA_EXPIRED_NONCES;
    if (!expired) {
        /* §11.7.3: a BA from a correspondent must carry a valid BAD */
        uint8_t kbm[RR_KBM_LEN];
        if (!ba->has_bad)
            return;
        compute_kbm(c, kbm);
        if (!rr_crypto_check_auth(rr_cn_crypto(h->rr), kbm, &cr->for_coa, &mob_peer_of(w, c)->hoa,
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
        /* §11.7.2: refresh before the granted lifetime ends */
        mob_mn_arm_cn_refresh(w, c, (sim_time_t)ba->lifetime * SIM_S(4));
        if (h->home_registered && all_bound(h))
            h->signaling_busy = false;
        return;
    }
    switch (ba->ba_status) {
    case MH_BA_SEQ_OUT_OF_WINDOW: /* resend after the number the CN holds */
        cr->bu_seq = ba->seq;
        send_cn_bu(w, c);
        break;
    case MH_BA_EXPIRED_HOME_NONCE:
    case MH_BA_EXPIRED_COA_NONCE:
    case MH_BA_EXPIRED_NONCES:
        cr->have_home_token = false; /* no re-use of a token the CN rejected */
        start_cr(w, c);
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
void mob_mn_reregister(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, const char *why)
{
    mob_corr_t *c = bul_entry(w, h, v); /* §11.3.6, §11.7.4: a BUL entry for the source */
    if (!c)
        return;
    mob_trace_note(w, SIM_TR_NOTE, h->index, c->peer, -1, why);
    if (!h->attached || h->stationary)
        return;
    c->cr.bu_acked = false;
    if (c->cr.state == MOB_CR_BOUND || c->cr.state == MOB_CR_FAILED || c->cr.state == MOB_CR_IDLE)
        start_cr(w, c);
}

void mob_mn_arm_home_refresh(mob_world_t *w, struct mob_mn *h, sim_time_t after)
{
    if (sim_after(w->sim, after, home_refresh_fire, w, h, &h->home_refresh) < 0)
        w->oom = 1;
}

/* ------------------------------------------------ returning home (§11.5.5) */

/* RFC 6275 §11.5.5: back on the home link, the mobile node sends its home
 * agent a BU with A and H set, Lifetime 0 and its home address as the
 * care-of address, from its home address (no HAO, no Alternate Care-of
 * Address: the source is the care-of address, §6.1.7), directly on the
 * link. It is retransmitted as any home BU (§11.8, 1 s: the home agent
 * holds a binding, no DAD). */
static void send_home_dereg(mob_world_t *w, struct mob_mn *h)
{
    h->home_seq++;
    mh_msg_t m = {.type = MH_BU, .seq = h->home_seq, .bu_flags = MH_BU_A | MH_BU_H, .lifetime = 0};
    pkt_desc_t d = {.src = h->hoa, .dst = mob_host_ha_addr(w, h)};
    mob_host_send_mh(w, h, &m, &d, mob_router_node(w, h->home_net), false, NULL, NULL, NULL);
    retx_arm(w, &h->home_bu, MOB_INITIAL_BINDACK_TIMEOUT, home_bu_timeout, h);
}

/* §11.5.5 / §5.2.5: de-registration with a correspondent needs the home
 * keygen token only: a HoTI (from the home address, now directly), no
 * CoTI; then a BU with Lifetime 0. */
static void start_dereg_cr(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    mob_cr_t *cr = &c->cr;
    reset_retx(w, &cr->hoti);
    reset_retx(w, &cr->coti);
    reset_retx(w, &cr->bu);
    cr->state = MOB_CR_RR;
    cr->for_coa = h->hoa; /* the care-of address of a de-registration is the home address */
    cr->bu_acked = false;
    cr->dereg = true;
    cr->have_coa_token = false;
    h->signaling_busy = true;
    /* expedited RR (§11.6.1): a young home keygen token is re-used */
    bool reuse_home = w->cfg.rr_expedited && cr->have_home_token &&
                      sim_now(w->sim) - cr->home_token_at < RR_MAX_TOKEN_LIFETIME;
    if (reuse_home) {
        maybe_send_cn_bu(w, c);
        return;
    }
    cr->have_home_token = false;
    send_hoti(w, c);
}

/* §11.5.5 / §6.1.7: the de-registration BU to a correspondent: from the
 * home address (which is the care-of address: no HAO), Lifetime 0, the
 * home nonce index (the care-of nonce index is ignored, §6.2.6), and the
 * BAD with Kbm = SHA1(home keygen token) over home address | correspondent
 * | MH (§5.2.6). */
static void send_cn_dereg_bu(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    struct mob_mn *p = mob_peer_of(w, c);
    c->cr.bu_seq++;
    mh_msg_t m = {
        .type = MH_BU,
        .seq = c->cr.bu_seq,
        .bu_flags = w->cfg.cn_bu_ack ? MH_BU_A : 0,
        .lifetime = 0,
        .has_nonce_indices = true,
        .home_nonce_index = c->cr.home_nonce_index,
        .coa_nonce_index = 0,
        .has_bad = true,
    };
    pkt_desc_t d = {.src = h->hoa};
    mob_host_peer_target(w, c, &d);
    uint8_t kbm[RR_KBM_LEN];
    compute_kbm(c, kbm);
    mob_host_send_mh(w, h, &m, &d, c->peer, false, kbm, &h->hoa, &p->hoa);
    cn_bu_sent(w, c); /* a de-registration needs no refresh */
}
