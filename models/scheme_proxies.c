/* models/scheme_proxies.c - proxies (paper Fig. 5): the MN sends HoTI,
 * CoTI and BU through its HA, which forwards them, keeps a copy for T_h and
 * queries the peer's HA (PROXY_QUERY); the peer's HA answers with its
 * binding (PROXY_ANSWER) and, for T_p, sends PROXY_UPDATE when its MN
 * registers a new CoA. The sender's HA re-sends its copy to any newer
 * address. */
#include "models/scheme_int.h"

#include <stdlib.h>

#include "models/ha.h"
#include "models/host.h"
#include "models/net.h"

static bool proxy_relay_via_ha(const mob_world_t *w, const struct mob_mn *h)
{
    return h->home_net >= 0 && w->ha[h->home_net].deployed;
}

/* The home address a control message is meant for. */
static net_addr_t target_hoa(const pkt_view_t *v)
{
    return v->has_rh2 ? v->rh2_home : v->dst;
}

/* Sends the kept copy of a relayed control message to `to` (the peer's
 * newer CoA) with a type 2 routing header for the peer's home address: the
 * MH bytes, and so the BU's authenticator, are unchanged; pkt_build()
 * recomputes the checksum for the new header. */
static void proxy_resend(mob_world_t *w, mob_ha_t *ha, mob_held_t *h, const net_addr_t *to)
{
    pkt_view_t v;
    if (pkt_parse(h->pkt->bytes, h->pkt->len, &v, NULL, 0) < 0)
        return;
    uint8_t buf[PKT_MAX_LEN];
    size_t len;
    pkt_desc_t d = {.src = v.src,
                    .dst = *to,
                    .has_hao = v.has_hao,
                    .hao = v.hao,
                    .has_rh2 = true,
                    .rh2_home = h->hoa,
                    .proto = PKT_PROTO_MH,
                    .payload = v.upper,
                    .payload_len = v.upper_len};
    if (pkt_build(&d, buf, sizeof(buf), &len) < 0)
        return;
    mob_pkt_t *p = mob_pkt_derive(w, h->pkt, buf, len);
    if (!p)
        return;
    p->orig_dst = *to;
    h->addr = *to;
    w->m.sig_reforwarded++;
    mob_scheme_note(w, ha->node, h->host, h->pkt->mh_type, "proxy re-sent");
    mob_net_send(w, ha->node, ha->net, p);
}

static bool proxy_ha_relay(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const uint8_t *inner_bytes,
                           size_t inner_len, const pkt_view_t *inner)
{
    if (!ha->deployed || !mob_scheme_is_control(inner))
        return false;
    net_addr_t peer_hoa = target_hoa(inner);
    int peer_net = mob_net_of_addr(w, &peer_hoa);
    if (peer_net < 0 || !w->cfg.nets[peer_net].is_home)
        return false;
    mob_trace_received(w, pkt, ha->node);
    /* step 2: forward the message as addressed */
    mob_pkt_t *fwd = mob_pkt_derive(w, pkt, inner_bytes, inner_len);
    mob_pkt_t *copy = mob_pkt_derive(w, pkt, inner_bytes, inner_len);
    free(pkt);
    if (!fwd || !copy) {
        free(fwd);
        free(copy);
        return true;
    }
    mob_net_send(w, ha->node, ha->net, fwd);
    /* keep a copy for T_h and ask the peer's HA (B's stationary location
     * proxy) where the peer is */
    mob_held_t *h = mob_held_add(w, MOB_HELD_PROXY_COPY, ha->node, w->cfg.T_h);
    if (!h) {
        free(copy);
        return true;
    }
    h->pkt = copy;
    h->host = copy->intended;
    h->hoa = peer_hoa;
    h->addr = inner->dst;
    h->id = ++w->ss->next_query_id;
    mob_held_link(w, h);
    mob_scheme_note(w, ha->node, h->host, inner->mh.type, "proxy kept a copy");
    smsg_t q = {.subtype = MOB_SMSG_PROXY_QUERY, .id = h->id, .a1 = peer_hoa};
    mob_smsg_send(w, ha->node, ha->net, &ha->addr, &w->router_addr[peer_net], &q,
                  mob_router_node(w, peer_net), true);
    return true;
}

static void on_query(mob_world_t *w, mob_ha_t *ha, const smsg_t *s, const net_addr_t *querier)
{
    int host = mob_ha_served_host(w, ha, &s->a1);
    if (host < 0)
        return;
    smsg_t a = {.subtype = MOB_SMSG_PROXY_ANSWER, .id = s->id, .a1 = s->a1};
    if (mob_ha_binding(w, host)->valid)
        a.a2 = mob_ha_binding(w, host)->coa;
    int qnet = mob_net_of_addr(w, querier);
    mob_smsg_send(w, ha->node, ha->net, &ha->addr, querier, &a,
                  qnet >= 0 ? mob_router_node(w, qnet) : -1, true);
    /* watch for T_p: a new registration in that time is passed on */
    mob_held_t *h = mob_held_add(w, MOB_HELD_WATCH, ha->node, w->cfg.T_p);
    if (!h)
        return;
    h->host = host;
    h->id = s->id;
    h->addr = *querier;
    h->hoa = s->a1;
    mob_held_link(w, h);
}

static void on_location(mob_world_t *w, mob_ha_t *ha, const smsg_t *s)
{
    net_addr_t key = mob_held_key_of(MOB_HELD_PROXY_COPY, ha->node, s->id);
    for (int i = mob_held_chain(w, &key); i >= 0; i = w->ss->held[i].next) {
        mob_held_t *h = &w->ss->held[i];
        if (!h->used || h->role != MOB_HELD_PROXY_COPY || h->node != ha->node || h->id != s->id)
            continue;
        if (!net_addr_is_zero(&s->a2) && !net_addr_eq(&s->a2, &h->addr))
            proxy_resend(w, ha, h, &s->a2);
        return;
    }
    /* T_h <= T_p: the copy is gone when the news arrives (paper, IV.B) */
    mob_scheme_note(w, ha->node, -1, s->subtype,
                    s->subtype == MOB_SMSG_PROXY_UPDATE ? "proxy update too late: copy gone"
                                                        : "proxy answer too late: copy gone");
}

/* A PROXY_* message at a HA (ha.c checked the subtype). */
static bool proxy_ha_message(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v)
{
    smsg_t s;
    if (!ha->deployed || !mob_smsg_decode(v, &s))
        return false;
    mob_trace_received(w, pkt, ha->node);
    net_addr_t from = v->src;
    free(pkt);
    if (s.subtype == MOB_SMSG_PROXY_QUERY)
        on_query(w, ha, &s, &from);
    else
        on_location(w, ha, &s);
    return true;
}

static void proxy_registered(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    net_addr_t key = mob_held_key_of(MOB_HELD_WATCH, ha->node, host);
    for (int i = mob_held_chain(w, &key); i >= 0; i = w->ss->held[i].next) {
        mob_held_t *h = &w->ss->held[i];
        if (!h->used || h->role != MOB_HELD_WATCH || h->node != ha->node || h->host != host)
            continue;
        smsg_t u = {.subtype = MOB_SMSG_PROXY_UPDATE, .id = h->id, .a1 = h->hoa, .a2 = *coa};
        int qnet = mob_net_of_addr(w, &h->addr);
        net_addr_t to = h->addr;
        mob_smsg_send(w, ha->node, ha->net, &ha->addr, &to, &u,
                      qnet >= 0 ? mob_router_node(w, qnet) : -1, true);
    }
}

static void proxy_home_registered(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    if (ha->deployed)
        proxy_registered(w, ha, host, coa);
}

const mob_scheme_ops_t mob_scheme_proxies_ops = {
    .ha_relay = proxy_ha_relay,
    .ha_message = proxy_ha_message,
    .home_registered = proxy_home_registered,
    .relay_via_ha = proxy_relay_via_ha,
    .ha_relays_from_coa = true,
};
