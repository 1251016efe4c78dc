/* models/icmp.c - routers' ICMPv6 errors: the access router's address
 * resolution wait and every router's error rate limit (icmp.h). */
#include "models/icmp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/net.h"
#include "models/packet.h"
#include "models/state.h"

/* An address whose resolution is under way, and the packets that wait for
 * it: a ring of cap, oldest at head. */
typedef struct nd_wait {
    struct nd_wait *next;
    mob_world_t *w;
    int net;
    net_addr_t addr;
    int n, head, cap;
    mob_pkt_t *q[];
} nd_wait_t;

struct mob_icmp_router {
    /* RFC 4443 §2.4 (f) token bucket in its GCRA form: tokens are the
     * time the bucket is ahead of the clock (integer nanoseconds: exact) */
    sim_time_t tat;
    nd_wait_t *waits; /* access router: resolutions under way (few: a scan) */
};

int mob_icmp_init(mob_world_t *w)
{
    if (!w->cfg.icmp_unreachable)
        return 0;
    w->icmp = calloc((size_t)(w->cfg.n_nets > 0 ? w->cfg.n_nets : 1), sizeof(*w->icmp));
    return w->icmp ? 0 : -1;
}

void mob_icmp_fini(mob_world_t *w)
{
    free(w->icmp); /* the waits went with their events */
    w->icmp = NULL;
}

/* The cost of one token, 1/rate seconds; 0 when there is no limit. */
static sim_time_t token_cost(const mob_world_t *w)
{
    double r = w->cfg.icmp_rate;
    if (!(r > 0))
        return 0;
    double ns = 1e9 / r;
    return ns >= 9e18 ? SIM_TIME_MAX / 4 : (sim_time_t)llround(ns);
}

/* RFC 4443 §2.4 (f): an error may be sent when the bucket (cfg.icmp_burst
 * tokens, cfg.icmp_rate per second) holds a token; sending takes it. */
static bool bucket_take(mob_world_t *w, struct mob_icmp_router *r)
{
    sim_time_t cost = token_cost(w), now = sim_now(w->sim);
    if (cost == 0)
        return true;
    int burst = w->cfg.icmp_burst > 0 ? w->cfg.icmp_burst : 1;
    sim_time_t tat = r->tat > now ? r->tat : now;
    /* a full bucket lets `burst` errors through at one instant */
    if (tat - now > (sim_time_t)(burst - 1) * cost)
        return false;
    r->tat = tat + cost;
    return true;
}

bool mob_icmp_send_unreach(mob_world_t *w, int net, const net_addr_t *dst, const uint8_t *invoking,
                           size_t len)
{
    int router = mob_router_node(w, net);
    if (!w->icmp || !bucket_take(w, &w->icmp[net])) {
        mob_trace_note(w, SIM_TR_NOTE, router, -1, 0, "icmp-rate-limited");
        return false;
    }
    /* RFC 4443 §3.1: code 3, address unreachable; the invoking packet as
     * far as the minimum MTU allows (pkt_build cuts it) */
    pkt_desc_t d = {
        .src = w->router_addr[net],
        .dst = *dst,
        .proto = PKT_PROTO_ICMPV6,
        .icmp_type = PKT_ICMP_DEST_UNREACH,
        .icmp_code = PKT_ICMP_CODE_ADDR_UNREACH,
        .payload = invoking,
        .payload_len = len,
    };
    mob_pkt_t *icmp = mob_pkt_make(w, &d, MOB_PK_ICMP, router, -1);
    if (!icmp)
        return false;
    mob_net_send(w, router, net, icmp);
    return true;
}

static void unlink_wait(nd_wait_t *wt)
{
    nd_wait_t **p = &wt->w->icmp[wt->net].waits;
    while (*p && *p != wt)
        p = &(*p)->next;
    if (*p)
        *p = wt->next;
}

/* The finalizer: the world ends while the resolution runs. */
static void wait_free(void *arg)
{
    nd_wait_t *wt = arg;
    unlink_wait(wt);
    for (int i = 0; i < wt->n; i++)
        free(wt->q[(wt->head + i) % wt->cap]);
    free(wt);
}

/* RFC 4443 §2.4 (e): no error message about an error message. */
static bool is_icmp_error(const mob_pkt_t *pkt)
{
    pkt_view_t v;
    if (pkt_parse_flags(pkt->bytes, pkt->len, &v, PKT_PARSE_NO_CSUM, NULL, 0) < 0)
        return true; /* nothing to quote sensibly */
    return v.proto == PKT_PROTO_ICMPV6 && v.icmp_type < 128;
}

/* RFC 4861 §7.3.3: no answer after MAX_MULTICAST_SOLICIT solicitations,
 * resolution failed; §7.2.2: an ICMP Destination Unreachable code 3 for
 * each queued packet, and the entry is deleted. */
static void resolution_failed(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    nd_wait_t *wt = arg;
    int router = mob_router_node(w, wt->net);
    unlink_wait(wt);
    for (int i = 0; i < wt->n; i++) {
        mob_pkt_t *pkt = wt->q[(wt->head + i) % wt->cap];
        if (!is_icmp_error(pkt)) {
            net_addr_t src;
            memcpy(src.b, pkt->bytes + 8, 16);
            mob_icmp_send_unreach(w, wt->net, &src, pkt->bytes, pkt->len);
        }
        mob_pkt_drop(w, pkt, router, "stale-address");
    }
    free(wt);
}

void mob_icmp_await_resolution(mob_world_t *w, int net, mob_pkt_t *pkt, const net_addr_t *dst)
{
    int router = mob_router_node(w, net);
    if (!w->icmp) {
        mob_pkt_drop(w, pkt, router, "stale-address");
        return;
    }
    nd_wait_t *wt = w->icmp[net].waits;
    while (wt && !net_addr_eq(&wt->addr, dst))
        wt = wt->next;
    if (!wt) {
        /* RFC 4861 §7.2.2: at least one packet per address waits */
        int cap = w->cfg.icmp_queue > 0 ? w->cfg.icmp_queue : 1;
        wt = malloc(sizeof(*wt) + (size_t)cap * sizeof(wt->q[0]));
        if (!wt) {
            w->oom = 1;
            mob_pkt_drop(w, pkt, router, "stale-address");
            return;
        }
        *wt = (nd_wait_t){.w = w, .net = net, .addr = *dst, .cap = cap};
        if (sim_after_owned(w->sim, w->cfg.icmp_resolution_delay, resolution_failed, w, wt,
                            wait_free, NULL) < 0) {
            free(wt);
            w->oom = 1;
            mob_pkt_drop(w, pkt, router, "stale-address");
            return;
        }
        wt->next = w->icmp[net].waits;
        w->icmp[net].waits = wt;
        mob_trace_note(w, SIM_TR_NOTE, router, -1, 0, "address-resolution-started");
    }
    if (wt->n == wt->cap) {
        /* §7.2.2: when the queue overflows, the new arrival replaces the
         * oldest entry (which dies without an error) */
        mob_pkt_t *old = wt->q[wt->head];
        wt->head = (wt->head + 1) % wt->cap;
        wt->n--;
        mob_pkt_drop(w, old, router, "stale-address");
    }
    wt->q[(wt->head + wt->n) % wt->cap] = pkt;
    wt->n++;
}
