/* models/net.c - the network: addresses to networks, path delays and loss,
 * delivery to whoever holds an address at the instant a packet arrives.
 *
 * A packet from a node on network N to address D (the outer IPv6
 * destination as it is in the bytes) takes access(N) + core(N, M) +
 * access(M), M the network owning D's /64. On arrival the router of M
 * decides: the home agent for a home network (ha.c), for a foreign network
 * the node that holds D at that instant, and when nobody does the packet
 * dies there with reason "stale-address" - where simultaneous mobility loses
 * its signaling.
 */
#include "models/internal.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int mob_net_of_addr(const mob_world_t *w, const net_addr_t *a)
{
    for (int i = 0; i < w->cfg.n_nets; i++)
        if (net_addr_same_64(&w->cfg.nets[i].prefix, a))
            return i;
    return -1;
}

int mob_router_node(const mob_world_t *w, int net)
{
    return w->cfg.n_hosts + net;
}

static sim_time_t ns_from_double(double ns)
{
    if (!(ns > 0))
        return 0;
    if (ns > 9e18)
        return SIM_TIME_MAX / 4;
    return (sim_time_t)llround(ns);
}

sim_time_t mob_draw_delay(mob_world_t *w, const mob_delay_t *d, gsl_rng *rng)
{
    (void)w;
    switch (d->kind) {
    case MOB_DIST_CONST:
        return d->a;
    case MOB_DIST_UNIFORM:
        return d->a + ns_from_double(gsl_rng_uniform(rng) * (double)(d->b - d->a));
    case MOB_DIST_EXP:
        return ns_from_double(gsl_ran_exponential(rng, (double)d->a));
    case MOB_DIST_LOGNORMAL:
        return ns_from_double((double)d->a * exp(d->sigma * gsl_ran_ugaussian(rng)));
    case MOB_DIST_NORMAL:
        return ns_from_double((double)d->a + gsl_ran_gaussian(rng, (double)d->b));
    }
    return d->a;
}

static const mob_delay_t *access_of(const mob_world_t *w, int net)
{
    return w->cfg.nets[net].has_access ? &w->cfg.nets[net].access : &w->cfg.access_default;
}

static const mob_delay_t *core_of(const mob_world_t *w, int a, int b)
{
    for (int i = 0; i < w->cfg.n_pairs; i++) {
        const mob_core_pair_t *p = &w->cfg.pairs[i];
        if ((p->a == a && p->b == b) || (p->a == b && p->b == a))
            return &p->delay;
    }
    return &w->cfg.core_default;
}

static sim_time_t path_delay(mob_world_t *w, int from_net, int to_net)
{
    sim_time_t d = mob_draw_delay(w, access_of(w, from_net), w->rng_delay);
    if (from_net != to_net)
        d = sim_time_add(d, mob_draw_delay(w, core_of(w, from_net, to_net), w->rng_delay));
    return sim_time_add(d, mob_draw_delay(w, access_of(w, to_net), w->rng_delay));
}

static mob_pkt_t *pkt_alloc(mob_world_t *w, size_t len)
{
    mob_pkt_t *p = malloc(sizeof(*p) + len);
    if (!p) {
        w->oom = 1;
        return NULL;
    }
    p->len = len;
    p->id = ++w->next_pkt_id;
    return p;
}

mob_pkt_t *mob_pkt_make(mob_world_t *w, const pkt_desc_t *d, mob_pkt_kind_t kind, int origin,
                        int intended)
{
    uint8_t buf[PKT_MAX_LEN];
    size_t len = 0;
    if (pkt_build(d, buf, sizeof(buf), &len) < 0) {
        w->oom = 1; /* a packet mobsim cannot build is an internal failure */
        return NULL;
    }
    mob_pkt_t *p = pkt_alloc(w, len);
    if (!p)
        return NULL;
    memcpy(p->bytes, buf, len);
    p->msg_id = ++w->next_msg_id;
    p->origin = origin;
    p->intended = intended;
    p->kind = (uint8_t)kind;
    p->mh_type = d->proto == PKT_PROTO_MH && d->payload_len > 2 ? d->payload[2] : 0xff;
    p->subtype = 0;
    p->orig_dst = d->dst;
    p->created = sim_now(w->sim);
    p->lost = false;
    if (kind == MOB_PK_SIGNALING || kind == MOB_PK_SCHEME) {
        w->m.sig_sent++;
        w->m.sig_bytes += len;
        if (kind == MOB_PK_SCHEME)
            w->m.scheme_msgs++;
    }
    return p;
}

mob_pkt_t *mob_pkt_derive(mob_world_t *w, const mob_pkt_t *from, const uint8_t *bytes, size_t len)
{
    mob_pkt_t *p = pkt_alloc(w, len);
    if (!p)
        return NULL;
    uint64_t id = p->id;
    memcpy(p, from, sizeof(*p));
    p->id = id;
    p->len = len;
    p->lost = false;
    memcpy(p->bytes, bytes, len);
    return p;
}

static void trace_pkt(mob_world_t *w, sim_trace_kind_t kind, const mob_pkt_t *pkt, int node,
                      const char *what)
{
    if (!sim_trace_on(w->sim, kind))
        return;
    sim_trace_rec_t rec = {
        .kind = kind,
        .node = node,
        .peer = pkt->intended,
        .code = pkt->kind == MOB_PK_DATA ? -1 : pkt->mh_type,
        .id = pkt->id,
        .what = what,
        .bytes = pkt->bytes,
        .len = pkt->len,
        .detail = pkt,
    };
    sim_emit(w->sim, &rec);
}

void mob_trace_received(mob_world_t *w, const mob_pkt_t *pkt, int node)
{
    trace_pkt(w, SIM_TR_PKT_RECEIVED, pkt, node, NULL);
}

void mob_trace_note(mob_world_t *w, sim_trace_kind_t kind, int node, int peer, int code,
                    const char *what)
{
    if (!sim_trace_on(w->sim, kind))
        return;
    sim_trace_rec_t rec = {.kind = kind, .node = node, .peer = peer, .code = code, .what = what};
    sim_emit(w->sim, &rec);
}

void mob_pkt_drop(mob_world_t *w, mob_pkt_t *pkt, int where, const char *why)
{
    trace_pkt(w, SIM_TR_PKT_DROPPED, pkt, where, why);
    mob_metrics_lost(w, pkt, where, why);
    free(pkt);
}

static void arrive(sim_t *sim, void *ctx, void *arg);

void mob_net_send(mob_world_t *w, int from, int from_net, mob_pkt_t *pkt)
{
    trace_pkt(w, SIM_TR_PKT_SENT, pkt, from, NULL);
    net_addr_t dst;
    memcpy(dst.b, pkt->bytes + 24, 16);
    int to_net = mob_net_of_addr(w, &dst);
    if (to_net < 0) {
        mob_pkt_drop(w, pkt, from, "no-route");
        return;
    }
    sim_time_t d = path_delay(w, from_net, to_net);
    /* The loss draw is made for every packet, lossy or not, only when loss
     * is configured: a run without loss leaves the loss stream untouched. */
    if (w->cfg.loss > 0 && gsl_rng_uniform(w->rng_loss) < w->cfg.loss)
        pkt->lost = true;
    if (sim_after_owned(w->sim, d, arrive, w, pkt, free, NULL) < 0) {
        w->oom = 1;
        free(pkt);
    }
}

static struct mob_mn *holder_of(mob_world_t *w, int net, const net_addr_t *a)
{
    for (int i = 0; i < w->cfg.n_hosts; i++) {
        struct mob_mn *h = &w->hosts[i];
        if (h->attached && h->net == net && net_addr_eq(&h->coa, a))
            return h;
    }
    return NULL;
}

static void send_icmp_unreachable(mob_world_t *w, int net, const mob_pkt_t *pkt,
                                  const pkt_view_t *v)
{
    pkt_desc_t d = {
        .src = w->router_addr[net],
        .dst = v->src,
        .proto = PKT_PROTO_ICMPV6,
        .icmp_type = PKT_ICMP_DEST_UNREACH,
        .icmp_code = PKT_ICMP_CODE_ADDR_UNREACH,
        .payload = pkt->bytes,
        .payload_len = pkt->len,
    };
    mob_pkt_t *icmp = mob_pkt_make(w, &d, MOB_PK_ICMP, mob_router_node(w, net), -1);
    if (icmp)
        mob_net_send(w, mob_router_node(w, net), net, icmp);
}

/* A packet for an address of a foreign network that nobody holds. */
static void foreign_unclaimed(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v)
{
    int router = mob_router_node(w, net);
    bool is_icmp = v->proto == PKT_PROTO_ICMPV6;
    if (mob_scheme_ar_unclaimed(w, net, pkt, v))
        return;
    if (w->cfg.icmp_unreachable && !is_icmp)
        send_icmp_unreachable(w, net, pkt, v);
    mob_pkt_drop(w, pkt, router, "stale-address");
}

static void arrive(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_pkt_t *pkt = arg;
    pkt_view_t v;
    char why[128];
    net_addr_t dst;
    memcpy(dst.b, pkt->bytes + 24, 16);
    int net = mob_net_of_addr(w, &dst);
    int router = mob_router_node(w, net);
    if (pkt->lost) {
        mob_pkt_drop(w, pkt, router, "link-loss");
        return;
    }
    /* routers read headers; the node a packet ends at checks its checksum */
    if (pkt_parse_flags(pkt->bytes, pkt->len, &v, PKT_PARSE_NO_CSUM, why, sizeof(why)) < 0) {
        mob_pkt_drop(w, pkt, router, "malformed");
        return;
    }
    if (w->cfg.nets[net].is_home) {
        mob_ha_receive(w, &w->ha[net], pkt, &v);
        return;
    }
    if (net_addr_eq(&v.dst, &w->router_addr[net])) {
        if (!pkt_checksum_ok(&v)) {
            mob_pkt_drop(w, pkt, router, "malformed");
            return;
        }
        mob_scheme_ar_receive(w, net, pkt, &v);
        return;
    }
    struct mob_mn *h = holder_of(w, net, &v.dst);
    if (h) {
        if (!pkt_checksum_ok(&v)) {
            mob_pkt_drop(w, pkt, h->index, "malformed");
            return;
        }
        mob_host_receive(w, h, pkt, &v, false);
        return;
    }
    foreign_unclaimed(w, net, pkt, &v);
}
