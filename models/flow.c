/* models/flow.c - the CBR data flows between the hosts, one per
 * correspondent entry at its own rate and size: sending (route-optimized
 * when the bindings allow, else through the home agents) and what the
 * receiver measures. */
#include "models/flow.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "models/cn.h"
#include "models/handoff.h"
#include "models/net.h"
#include "models/output.h"
#include "models/packet.h"
#include "models/wire.h"

#define DATA_PORT_BASE 7000 /* UDP ports 7001, 7002 (5000/5001 look like TAPA to Wireshark) */

void mob_flow_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                      bool via_tunnel)
{
    /* the sender: by its Home Address option, else by the (inner) source */
    mob_corr_t *c = mob_corr_from(w, h, v->has_hao ? &v->hao : &v->src);
    if (!c) {
        mob_pkt_drop(w, pkt, h->index, "no-correspondent");
        return;
    }
    if (v->has_hao) {
        /* §9.3.1: a HAO must match a binding: home address and this CoA */
        if (!c->bce.valid || !net_addr_eq(&c->bce.hoa, &v->hao) ||
            !net_addr_eq(&c->bce.coa, &v->src)) {
            mob_cn_send_be(w, h, c->peer, v, MH_BE_UNKNOWN_HAO, &v->hao);
            mob_pkt_drop(w, pkt, h->index, "no-binding-for-hao");
            return;
        }
    }
    sim_time_t now = sim_now(w->sim);
    sim_time_t gap = now - c->last_rx;
    if (gap > c->max_gap)
        c->max_gap = gap;
    c->last_rx = now;
    c->last_rx_ro = !via_tunnel && v->has_rh2;
    if (c->last_rx_ro)
        c->first_ro_rx_after_restore = now;
    mob_handoff_data(w, c);
    w->m.data_received++;
    sim_time_t delay = now - pkt->created;
    w->delay_sum += delay;
    if (mob_q_add(&w->delays, delay) < 0) {
        w->oom = 1;
        mob_pkt_free(w, pkt);
        return;
    }
    mob_trace_received(w, pkt, h->index);
    mob_pkt_free(w, pkt);
}

/* Up to this many hosts a flow keeps its packets' template; in a bigger
 * world (a population of 10^4 hosts sending once a second) the template
 * is out of the caches by a flow's next packet, and its cold lines cost
 * more than building the packet from the entry at hand (measured: 7-10 %
 * more CPU time at 10^4 hosts, bench/RESULTS.md, "pkt18"). */
#ifndef MOB_FLOW_TPL_MAX_HOSTS
#define MOB_FLOW_TPL_MAX_HOSTS 256
#endif

/* What of a flow's data packets changes during a run: the destination
 * (the peer's CoA under a binding, else its home address), whether our CoA
 * is in them (as the source with a HAO, or as the reverse tunnel's source)
 * and which headers they carry. The rest is fixed for the world's life:
 * our home address (the HAO's, or the source), the peer's home address
 * (the RH2's), our home agent's address, the ports and the size (kept in
 * the key all the same). */
#define FLOW_RH2    1u
#define FLOW_HAO    2u
#define FLOW_TUNNEL 4u
typedef struct mob_flow_key {
    net_addr_t dst;
    net_addr_t coa; /* ours, when the packets carry it; else zero */
    uint32_t size;
    uint32_t mode; /* FLOW_* */
} mob_flow_key_t;

static inline bool key_eq(const mob_flow_key_t *a, const mob_flow_key_t *b)
{
    return a->mode == b->mode && a->size == b->size && net_addr_eq(&a->dst, &b->dst) &&
           net_addr_eq(&a->coa, &b->coa);
}

/* A flow's data packet as pkt_build() writes it, but for the sequence
 * number and UDP checksum (pkt_udp_tpl_fill patches those): written when
 * the key changes (a move, a binding made or lost), copied per packet. */
struct mob_flow_tpl {
    mob_flow_key_t key;
    pkt_udp_tpl_t t;
    size_t cap;
    uint8_t bytes[];
};

void mob_flow_fini(mob_corr_t *c)
{
    free(c->tpl);
    c->tpl = NULL;
}

/* The UDP packet of key k from c's host with this payload (k->size bytes):
 * what a template is built from and what a world too big for templates
 * builds per packet. */
static pkt_desc_t data_desc(const mob_corr_t *c, const mob_flow_key_t *k, const uint8_t *payload)
{
    const struct mob_mn *h = c->host;
    uint16_t port = (uint16_t)(DATA_PORT_BASE + 1 + h->index);
    return (pkt_desc_t){.src = k->mode & FLOW_HAO ? k->coa : h->hoa,
                        .dst = k->dst,
                        .has_hao = k->mode & FLOW_HAO,
                        .hao = h->hoa,
                        .has_rh2 = k->mode & FLOW_RH2,
                        .rh2_home = c->peer_hoa,
                        .proto = PKT_PROTO_UDP,
                        .payload = payload,
                        .payload_len = k->size,
                        .sport = port,
                        .dport = port};
}

/* The template for key k, rebuilt (the flow's is for another key). NULL
 * when it cannot be built (w->oom set: what a failed pkt_build was). */
static __attribute__((noinline)) const struct mob_flow_tpl *
flow_tpl_build(mob_world_t *w, mob_corr_t *c, const mob_flow_key_t *k)
{
    static const uint8_t zeros[PKT_MAX_LEN];
    struct mob_mn *h = c->host;
    struct mob_flow_tpl *t = c->tpl;
    pkt_desc_t d = data_desc(c, k, zeros);
    /* reverse tunnel (RFC 6275 §11.3.1): inner from the home address,
     * outer from the CoA to the home agent */
    pkt_desc_t outer = {.src = k->coa, .proto = PKT_PROTO_IPV6};
    if (k->mode & FLOW_TUNNEL)
        outer.dst = mob_host_ha_addr(w, h);
    uint8_t buf[PKT_MAX_LEN];
    pkt_udp_tpl_t ut;
    if (pkt_udp_tpl_build(&d, k->mode & FLOW_TUNNEL ? &outer : NULL, buf, sizeof(buf), &ut) < 0) {
        w->oom = 1;
        return NULL;
    }
    if (!t || t->cap < ut.head_len) {
        free(t);
        c->tpl = t = malloc(sizeof(*t) + ut.head_len);
        if (!t) {
            w->oom = 1;
            return NULL;
        }
        t->cap = ut.head_len;
    }
    t->key = *k;
    t->t = ut;
    memcpy(t->bytes, buf, ut.head_len); /* the zero payload past it is not kept */
    return t;
}

/* The template for key k: the flow's when it is for k. */
static inline const struct mob_flow_tpl *flow_tpl(mob_world_t *w, mob_corr_t *c,
                                                  const mob_flow_key_t *k)
{
    if (c->tpl && key_eq(&c->tpl->key, k))
        return c->tpl;
    return flow_tpl_build(w, c, k);
}

/* The packet of key k built afresh (the payload: the sequence number,
 * zeros), for a world too big for templates (MOB_FLOW_TPL_MAX_HOSTS). */
static void flow_send_built(mob_world_t *w, mob_corr_t *c, const mob_flow_key_t *k, uint32_t seq)
{
    uint8_t payload[PKT_MAX_LEN];
    memset(payload, 0, k->size);
    uint8_t b[4];
    put_be32(b, seq);
    memcpy(payload, b, k->size < 4 ? k->size : 4);
    pkt_desc_t d = data_desc(c, k, payload);
    mob_host_output(w, c->host, &d, MOB_PK_DATA, c->peer, k->mode & FLOW_TUNNEL);
}

static void flow_send(mob_world_t *w, mob_corr_t *c)
{
    struct mob_mn *h = c->host;
    size_t size = c->size > 0 ? (size_t)c->size : 0;
    if (size > PKT_MAX_LEN)
        size = PKT_MAX_LEN;
    uint32_t seq = ++c->data_seq; /* the payload's first bytes, big-endian; zeros after */
    mob_flow_key_t k = {.size = (uint32_t)size};
    /* to the peer's CoA when we hold a binding (RH2), else its home
     * address; a pair in bidirectional tunneling (location privacy, or
     * route optimization given up, RFC 6275 §5.2.9) always to the home
     * address: the binding may name a CoA the peer has left, which is what
     * made the RR fail (§9.3.2 makes using the binding a SHOULD) */
    bool tunnel_only = !h->stationary && (c->no_ro || c->cr.ro_fallback);
    if (c->bce.valid && !tunnel_only) {
        k.dst = c->bce.coa;
        k.mode |= FLOW_RH2;
    } else {
        k.dst = c->peer_hoa;
    }
    /* from our CoA with a HAO once the peer holds our binding; otherwise
     * through the reverse tunnel. A stationary correspondent sends from
     * its one address, never tunneled; nor does a mobile host at home
     * (§11.5.5: from its home address, no HAO, no tunnel). */
    bool at_home = mob_host_at_home(h);
    bool ro_out =
        !h->stationary && !at_home && c->cr.bu_acked && net_addr_eq(&c->cr.for_coa, &h->coa);
    if (ro_out) {
        k.coa = h->coa;
        k.mode |= FLOW_HAO;
    } else if (!h->stationary && !at_home) {
        k.coa = h->coa;
        k.mode |= FLOW_TUNNEL;
    }
    w->m.data_sent++;
    if (w->cfg.n_hosts > MOB_FLOW_TPL_MAX_HOSTS) {
        flow_send_built(w, c, &k, seq);
        return;
    }
    const struct mob_flow_tpl *t = flow_tpl(w, c, &k);
    if (!t)
        return;
    mob_pkt_t *pkt = mob_pkt_new(w, t->t.len, MOB_PK_DATA, h->index, c->peer, &k.dst);
    if (!pkt)
        return;
    pkt_udp_tpl_fill(&t->t, t->bytes, pkt->bytes, seq);
    pkt->lay[0] = t->t.lay[0]; /* what a parse of these bytes would find */
    pkt->lay[1] = t->t.lay[1];
    pkt->inner_at = (uint16_t)t->t.inner_off;
    /* its UDP checksum is right by construction (pkt_udp_tpl_fill) */
    pkt->csum_known = k.mode & FLOW_TUNNEL ? MOB_PKT_CSUM_INNER : MOB_PKT_CSUM_OUTER;
    /* mob_host_output_pkt() with the entry at hand: the pair's accounting,
     * then out on h's link */
    pkt->pair = c->pair;
    w->pm[c->pair].data_sent++;
    if (!h->attached) {
        mob_pkt_drop(w, pkt, h->index, "no-link");
        return;
    }
    mob_net_send(w, h->index, h->net, pkt);
}

/* The CBR interval for `rate` packets per second (> 0): 1e9 / rate ns,
 * truncated, at least 1 ns, and SIM_TIME_MAX (never again) when it does not
 * fit in sim_time_t. A cast of 1e9 / 1e-10 = 1e19 to int64 is undefined (on
 * x86 it gave INT64_MIN: every tick at t = 0, forever). */
static sim_time_t traffic_period(double rate)
{
    assert(rate > 0);
    double ns = 1e9 / rate;
    if (!(ns < 9.2e18))
        return SIM_TIME_MAX;
    if (ns < 1)
        return 1;
    return (sim_time_t)ns;
}

static void data_tick(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_corr_t *c = arg;
    c->data_timer = SIM_HANDLE_NONE;
    flow_send(w, c);
    sim_time_t period = traffic_period(c->rate);
    assert(period >= 1);
    if (period <= w->cfg.horizon - sim_now(w->sim) &&
        sim_after(w->sim, period, data_tick, w, c, &c->data_timer) < 0)
        w->oom = 1;
}

void mob_flow_start(mob_world_t *w)
{
    const mob_config_t *c = &w->cfg;
    /* each flow at its own rate (the pair's, or the traffic defaults): of
     * a pair, the host with the lower index at 0, the other half its
     * period later; a first packet past the horizon is never sent. The
     * ticks are scheduled host by host, entry by entry. */
    for (int i = 0; i < c->n_hosts; i++) {
        struct mob_mn *h = &w->hosts[i];
        for (int k = 0; k < h->n_corr; k++) {
            mob_corr_t *f = &h->corr[k];
            if (!(f->rate > 0))
                continue;
            sim_time_t period = traffic_period(f->rate);
            sim_time_t first = f->peer < i ? period / 2 : 0;
            if (first <= c->horizon &&
                sim_after(w->sim, first, data_tick, w, f, &f->data_timer) < 0)
                w->oom = 1;
        }
    }
}
