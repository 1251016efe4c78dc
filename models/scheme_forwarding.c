/* models/scheme_forwarding.c - forwarding (paper Fig. 4): the previous
 * network's access router keeps an entry old CoA -> new CoA, installed by
 * the MN from its new network with an Experimental MH message
 * (FWD_INSTALL), and tunnels packets for the old CoA there for
 * fwd_lifetime; packets that arrive before the entry are buffered for
 * fwd_buffer (0: dropped). */
#include "models/scheme_int.h"

#include <stdlib.h>
#include <string.h>

#include "models/handoff.h"
#include "models/host.h"
#include "models/net.h"

/* The entry of net's AR for old, or NULL: O(1). */
static mob_fwd_t *fwd_lookup(mob_world_t *w, int net, const net_addr_t *old)
{
    int i = mob_addrmap_get(&w->ss->fwd_by_old, old);
    if (i < 0 || !w->ss->fwd[i].used || w->ss->fwd[i].net != net)
        return NULL;
    return &w->ss->fwd[i];
}

/* A free entry (the lowest freed one, else a new one), or NULL (memory).
 * O(log n): a world of 10^4 pairs holds 2 * 10^4 entries at once. */
static mob_fwd_t *fwd_free_entry(mob_world_t *w)
{
    struct mob_scheme_state *ss = w->ss;
    size_t i;
    if (mob_free_heap_pop(&ss->free_fwd, &i))
        return &ss->fwd[i];
    if (ss->n_fwd == ss->cap_fwd) {
        size_t cap = ss->cap_fwd ? 2 * ss->cap_fwd : 16;
        mob_fwd_t *f = realloc(ss->fwd, cap * sizeof(*f));
        if (!f)
            return NULL;
        ss->fwd = f;
        ss->cap_fwd = cap;
    }
    mob_fwd_t *f = &ss->fwd[ss->n_fwd++];
    memset(f, 0, sizeof(*f));
    return f;
}

static void fwd_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    mob_fwd_t *f = &w->ss->fwd[(uintptr_t)arg - 1];
    f->timer = SIM_HANDLE_NONE;
    f->used = false;
    mob_handoff_fwd(w, f->net, -1);
    if (mob_free_heap_push(&w->ss->free_fwd, (size_t)(f - w->ss->fwd)) < 0)
        w->oom = 1; /* the entry is never reused */
    if (mob_addrmap_get(&w->ss->fwd_by_old, &f->old_coa) == (int)(f - w->ss->fwd))
        mob_addrmap_del(&w->ss->fwd_by_old, &f->old_coa);
    mob_scheme_note(w, mob_router_node(w, f->net), -1, MOB_SMSG_FWD_INSTALL,
                    "forwarding entry expired");
}

static void fwd_forward(mob_world_t *w, int net, const mob_fwd_t *f, mob_pkt_t *pkt)
{
    int ar = mob_router_node(w, net);
    mob_scheme_note(w, ar, pkt->intended, pkt->kind == MOB_PK_DATA ? -1 : pkt->mh_type,
                    "AR forwarded");
    if (pkt->kind != MOB_PK_DATA)
        w->m.sig_reforwarded++;
    mob_trace_received(w, pkt, ar);
    mob_scheme_tunnel_copy(w, ar, net, &w->router_addr[net], pkt, &f->new_coa);
    free(pkt);
}

static void fwd_coa_ready(mob_world_t *w, struct mob_mn *h)
{
    if (h->prev_net < 0)
        return;
    sim_time_t life = w->cfg.fwd_lifetime;
    smsg_t s = {.subtype = MOB_SMSG_FWD_INSTALL,
                .lifetime_ms =
                    (uint32_t)(life / SIM_MS(1) > UINT32_MAX ? UINT32_MAX : life / SIM_MS(1)),
                .a1 = h->prev_coa,
                .a2 = h->coa};
    mob_smsg_send(w, h->index, h->net, &h->coa, &w->router_addr[h->prev_net], &s,
                  mob_router_node(w, h->prev_net), h->attached);
}

/* A FWD_INSTALL at the AR of net (ar.c checked the subtype). */
static bool fwd_ar_message(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v)
{
    int ar = mob_router_node(w, net);
    smsg_t s;
    if (!w->cfg.nets[net].deploy || !mob_smsg_decode(v, &s))
        return false;
    /* the old CoA must be one of this network's addresses, and the request
     * must come from the new one (a real deployment would authenticate it) */
    if (mob_net_of_addr(w, &s.a1) != net || !net_addr_eq(&s.a2, &v->src)) {
        mob_pkt_drop(w, pkt, ar, "bad-forwarding-request");
        return true;
    }
    mob_trace_received(w, pkt, ar);
    free(pkt);
    mob_fwd_t *f = fwd_lookup(w, net, &s.a1);
    bool fresh = !f; /* a new entry at this AR (the handoff log counts them) */
    if (!f)
        f = fwd_free_entry(w);
    if (!f || mob_addrmap_put(&w->ss->fwd_by_old, &s.a1, (int)(f - w->ss->fwd)) < 0) {
        w->oom = 1;
        return true;
    }
    sim_cancel(w->sim, &f->timer);
    *f = (mob_fwd_t){.used = true, .net = net, .old_coa = s.a1, .new_coa = s.a2};
    if (fresh)
        mob_handoff_fwd(w, net, +1);
    sim_time_t life = (sim_time_t)s.lifetime_ms * SIM_MS(1);
    if (sim_after(w->sim, life, fwd_expired, w, (void *)(uintptr_t)(f - w->ss->fwd + 1),
                  &f->timer) < 0)
        w->oom = 1;
    mob_scheme_note(w, ar, -1, MOB_SMSG_FWD_INSTALL, "forwarding entry installed");
    /* flush what was buffered for the old CoA */
    for (int i = mob_held_chain(w, &s.a1), next; i >= 0; i = next) {
        mob_held_t *h = &w->ss->held[i];
        next = h->next;
        if (h->used && h->role == MOB_HELD_AR_BUFFER && h->node == ar &&
            net_addr_eq(&h->addr, &s.a1)) {
            mob_pkt_t *p = h->pkt;
            h->pkt = NULL;
            mob_held_release(w, h);
            fwd_forward(w, net, f, p);
        }
    }
    return true;
}

static bool fwd_ar_unclaimed(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v)
{
    if (!w->cfg.nets[net].deploy)
        return false;
    mob_fwd_t *f = fwd_lookup(w, net, &v->dst);
    if (f) {
        fwd_forward(w, net, f, pkt);
        return true;
    }
    if (w->cfg.fwd_buffer <= 0)
        return false;
    /* buffer only for addresses a host held here (a departed address) */
    int i = mob_addrmap_get(&w->departed, &v->dst);
    bool departed =
        i >= 0 && w->hosts[i].prev_net == net && net_addr_eq(&w->hosts[i].prev_coa, &v->dst);
    if (!departed)
        return false;
    int ar = mob_router_node(w, net);
    mob_held_t *h = mob_held_add(w, MOB_HELD_AR_BUFFER, ar, w->cfg.fwd_buffer);
    if (!h)
        return false;
    h->addr = v->dst;
    h->host = pkt->intended;
    h->pkt = pkt;
    mob_held_link(w, h);
    mob_scheme_note(w, ar, pkt->intended, pkt->kind == MOB_PK_DATA ? -1 : pkt->mh_type,
                    "AR buffered");
    return true;
}

/* The MN accepts tunnels from the AR of the network it left. */
static bool fwd_tunnel_from(const mob_world_t *w, const struct mob_mn *h, const net_addr_t *src)
{
    return h->prev_net >= 0 && net_addr_eq(src, &w->router_addr[h->prev_net]);
}

const mob_scheme_ops_t mob_scheme_forwarding_ops = {
    .ar_message = fwd_ar_message,
    .ar_unclaimed = fwd_ar_unclaimed,
    .coa_ready = fwd_coa_ready,
    .tunnel_from = fwd_tunnel_from,
};
