/* models/net.c - the network: addresses to networks (a hash of /64
 * prefixes), path delays and loss, and delivery by the node table to whoever
 * holds an address at the instant a packet arrives - or, when nobody does,
 * to the gateway of the destination's network (node.h). It calls no role. */
#include "models/net.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/packet.h"
#include "models/state.h"

int mob_net_of_addr(const mob_world_t *w, const net_addr_t *a)
{
    uint64_t hi; /* the /64 prefix; the map's keys have their last 8 bytes 0 */
    memcpy(&hi, a->b, 8);
    return mob_addrmap_get_words(&w->prefixes, hi, 0);
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
    case MOB_DIST_PARETO: /* gsl: (shape, scale) */
        return ns_from_double(gsl_ran_pareto(rng, d->sigma, (double)d->a));
    case MOB_DIST_WEIBULL: /* gsl: (scale, shape) */
        return ns_from_double(gsl_ran_weibull(rng, (double)d->a, d->sigma));
    }
    return d->a;
}

static const mob_delay_t *access_of(const mob_world_t *w, int net)
{
    return w->cfg.nets[net].has_access ? &w->cfg.nets[net].access : &w->cfg.access_default;
}

/* The key of the unordered network pair {a, b} in w->core_pairs. */
static net_addr_t pair_key(int a, int b)
{
    uint32_t lo = (uint32_t)(a < b ? a : b), hi = (uint32_t)(a < b ? b : a);
    net_addr_t k = {{0}};
    memcpy(k.b, &lo, 4);
    memcpy(k.b + 4, &hi, 4);
    return k;
}

static int tabulate_paths(mob_world_t *w);

int mob_net_index_core_pairs(mob_world_t *w)
{
    if (w->cfg.n_pairs <= MOB_NET_SCAN_PAIRS)
        return tabulate_paths(w);
    for (int i = 0; i < w->cfg.n_pairs; i++) {
        net_addr_t k = pair_key(w->cfg.pairs[i].a, w->cfg.pairs[i].b);
        /* a pair listed twice: the first counts, as the scan found it */
        if (mob_addrmap_get(&w->core_pairs, &k) < 0 && mob_addrmap_put(&w->core_pairs, &k, i) < 0)
            return -1;
    }
    return tabulate_paths(w);
}

/* Per packet: a scan of a few pairs, else the index (10^3 networks may list
 * 10^5 pairs). */
static const mob_delay_t *core_of(const mob_world_t *w, int a, int b)
{
    if (w->cfg.n_pairs > MOB_NET_SCAN_PAIRS) {
        net_addr_t k = pair_key(a, b);
        int i = mob_addrmap_get(&w->core_pairs, &k);
        return i >= 0 ? &w->cfg.pairs[i].delay : &w->cfg.core_default;
    }
    for (int i = 0; i < w->cfg.n_pairs; i++) {
        const mob_core_pair_t *p = &w->cfg.pairs[i];
        if ((p->a == a && p->b == b) || (p->a == b && p->b == a))
            return &p->delay;
    }
    return &w->cfg.core_default;
}

/* mob_draw_delay() with a constant taken inline: three per packet sent */
static inline sim_time_t draw(mob_world_t *w, const mob_delay_t *d)
{
    return d->kind == MOB_DIST_CONST ? d->a : mob_draw_delay(w, d, w->rng_delay);
}

static sim_time_t path_delay(mob_world_t *w, int from_net, int to_net)
{
    if (w->path_const && (unsigned)from_net < (unsigned)w->cfg.n_nets) {
        sim_time_t c = w->path_const[(size_t)from_net * (size_t)w->cfg.n_nets + (size_t)to_net];
        if (c >= 0) /* a constant path (tabulate_paths) */
            return c;
    }
    sim_time_t d = draw(w, access_of(w, from_net));
    if (from_net != to_net)
        d = sim_time_add(d, draw(w, core_of(w, from_net, to_net)));
    return sim_time_add(d, draw(w, access_of(w, to_net)));
}

/* w->path_const: each constant path's delay as path_delay() sums it */
static int tabulate_paths(mob_world_t *w)
{
    int n = w->cfg.n_nets;
    if (n <= 0 || n > MOB_NET_PATH_MATRIX)
        return 0;
    w->path_const = malloc((size_t)n * (size_t)n * sizeof(*w->path_const));
    if (!w->path_const)
        return -1;
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            const mob_delay_t *da = access_of(w, a), *db = access_of(w, b);
            const mob_delay_t *dc = a != b ? core_of(w, a, b) : NULL;
            sim_time_t d = -1;
            if (da->kind == MOB_DIST_CONST && db->kind == MOB_DIST_CONST &&
                (!dc || dc->kind == MOB_DIST_CONST)) {
                d = da->a;
                if (dc)
                    d = sim_time_add(d, dc->a);
                d = sim_time_add(d, db->a);
                if (d < 0)
                    d = -1; /* not representable as "constant": drawn as before */
            }
            w->path_const[(size_t)a * (size_t)n + (size_t)b] = d;
        }
    return 0;
}

static void arrive(sim_t *sim, void *ctx, void *arg);

void mob_net_send(mob_world_t *w, int from, int from_net, mob_pkt_t *pkt)
{
    mob_trace_pkt(w, SIM_TR_PKT_SENT, pkt, from, NULL);
    net_addr_t dst;
    memcpy(dst.b, pkt->bytes + 24, 16);
    int to_net = mob_net_of_addr(w, &dst);
    if (to_net < 0) {
        mob_pkt_drop(w, pkt, from, "no-route");
        return;
    }
    pkt->to_net = to_net;
    sim_time_t d = path_delay(w, from_net, to_net);
    /* The loss draw is made for every packet, lossy or not, only when loss
     * is configured: a run without loss leaves the loss stream untouched. */
    if (w->cfg.loss > 0 && gsl_rng_uniform(w->rng_loss) < w->cfg.loss)
        pkt->lost = true;
    if (w->script_on_send)
        d = w->script_on_send(w, from, from_net, pkt, d);
    if (sim_after_owned(w->sim, d, arrive, w, pkt, free, NULL) < 0) {
        w->oom = 1;
        mob_pkt_free(w, pkt);
    }
}

static void arrive(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_pkt_t *pkt = arg;
    pkt_view_t v;
    char why[128];
    int router = mob_router_node(w, pkt->to_net);
    /* the holder of the destination is looked up after the parse: start
     * loading its slot now (node table of 10^4 hosts: a cache miss) */
    net_addr_t dst;
    memcpy(dst.b, pkt->bytes + 24, 16);
    mob_addrmap_prefetch(&w->nodes.by_addr, &dst);
    if (pkt->lost) {
        mob_pkt_drop(w, pkt, router, "link-loss");
        return;
    }
    if (pkt->script & MOB_PKT_SCRIPT_DROP) {
        mob_pkt_drop(w, pkt, router, "scripted");
        return;
    }
    /* routers read headers; the node a packet ends at checks its checksum */
    if (mob_pkt_parse(pkt, pkt->bytes, pkt->len, &v, why, sizeof(why)) < 0) {
        mob_pkt_drop(w, pkt, router, "malformed");
        return;
    }
    int node = mob_nodes_holder(&w->nodes, &v.dst);
    if (node >= 0) {
        /* a checksum written by mobsim into bytes unchanged since is
         * right: summing it again would give the same answer */
        if (!(pkt->csum_known & MOB_PKT_CSUM_OUTER) && !pkt_checksum_ok(&v)) {
            mob_pkt_drop(w, pkt, node, "malformed");
            return;
        }
        w->nodes.node[node].receive(w, node, pkt, &v);
        return;
    }
    w->nodes.node[router].gateway(w, router, pkt, &v);
}
