/* models/scheme_proxies.c - proxies (paper Fig. 5): the MN sends HoTI,
 * CoTI and BU through its HA, which forwards them, keeps a copy for T_h and
 * queries the peer's HA (PROXY_QUERY); the peer's HA answers with its
 * binding (PROXY_ANSWER) and, for T_p, sends PROXY_UPDATE when its MN
 * registers a new CoA. The sender's HA re-sends its copy to any newer
 * address. What the HA sends on with the node's care-of address as source
 * (CoTI, BU) it tunnels from its own address (ingress filtering). */
#include "models/scheme_int.h"

#include <stdlib.h>
#include <string.h>

#include "models/ha.h"
#include "models/host.h"
#include "models/net.h"

static bool proxy_relay_via_ha(const mob_world_t *w, const struct mob_mn *h)
{
    return h->home_net >= 0 && w->ha[h->home_net].deployed;
}

/* Ingress filtering (RFC 2827, RFC 3704) lets the HA send only from an
 * address of its own home prefix: a relayed HoTI (from the home address)
 * leaves as addressed; a relayed CoTI or BU, whose source is the node's
 * care-of address, would be a spoofed packet there. */
static bool from_home_prefix(const mob_world_t *w, const mob_ha_t *ha, const net_addr_t *src)
{
    return memcmp(src->b, w->cfg.nets[ha->net].prefix.b, 8) == 0;
}

/* Sends the relayed message `bytes` (its own IPv6 header first: source
 * src, destination dst) on from the HA: as it is when src is of the home
 * prefix, else tunneled (IPv6-in-IPv6, RFC 2473) from the HA's own address
 * to dst, so that no packet leaves the home network with the care-of
 * address as source; the peer decapsulates it (host_node.c, the
 * relay_tunnel_from hook below) and sees the message unchanged. orig is
 * borrowed. */
static void proxy_send(mob_world_t *w, mob_ha_t *ha, const mob_pkt_t *orig, const uint8_t *bytes,
                       size_t len, const net_addr_t *src, const net_addr_t *dst)
{
    mob_pkt_t *p;
    if (from_home_prefix(w, ha, src)) {
        p = mob_pkt_derive(w, orig, bytes, len);
    } else {
        uint8_t buf[PKT_MAX_LEN];
        size_t blen;
        pkt_desc_t d = {.src = ha->addr,
                        .dst = *dst,
                        .proto = PKT_PROTO_IPV6,
                        .payload = bytes,
                        .payload_len = len};
        if (pkt_build(&d, buf, sizeof(buf), &blen) < 0)
            return;
        p = mob_pkt_derive(w, orig, buf, blen);
    }
    if (p) {
        p->orig_dst = *dst;
        mob_net_send(w, ha->node, ha->net, p);
    }
}

/* A tunnel to host h from src carries signaling a proxy relayed: src is a
 * deployed home agent (not h's own, whose tunnels ha.c sends). */
static bool proxy_relay_tunnel_from(const mob_world_t *w, const struct mob_mn *h,
                                    const net_addr_t *src)
{
    int n = mob_net_of_addr(w, src);
    (void)h; /* h's own HA too: it is the proxy of every peer whose home it shares */
    return n >= 0 && w->cfg.nets[n].is_home && w->ha[n].deployed &&
           net_addr_eq(src, &w->router_addr[n]);
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
    h->addr = *to;
    w->m.sig_reforwarded++;
    mob_scheme_note(w, ha->node, h->host, h->pkt->mh_type, "proxy re-sent");
    proxy_send(w, ha, h->pkt, buf, len, &v.src, to);
}

static bool proxy_ha_relay(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const uint8_t *inner_bytes,
                           size_t inner_len, const pkt_view_t *inner)
{
    if (!ha->deployed)
        return false;
    net_addr_t peer_hoa = target_hoa(inner);
    int peer_net = mob_net_of_addr(w, &peer_hoa);
    if (!mob_scheme_is_control(inner) || peer_net < 0 || !w->cfg.nets[peer_net].is_home) {
        /* not for a mobile peer (a stationary correspondent): no proxy
         * state, but still never sent on from the CoA as source */
        if (from_home_prefix(w, ha, &inner->src))
            return false;
        mob_trace_received(w, pkt, ha->node);
        proxy_send(w, ha, pkt, inner_bytes, inner_len, &inner->src, &inner->dst);
        free(pkt);
        return true;
    }
    mob_trace_received(w, pkt, ha->node);
    /* step 2: forward the message as addressed (tunneled when its source is
     * the care-of address: proxy_send) */
    proxy_send(w, ha, pkt, inner_bytes, inner_len, &inner->src, &inner->dst);
    mob_pkt_t *copy = mob_pkt_derive(w, pkt, inner_bytes, inner_len);
    free(pkt);
    if (!copy)
        return true;
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
    .relay_tunnel_from = proxy_relay_tunnel_from,
    .ha_relays_from_coa = true,
};
