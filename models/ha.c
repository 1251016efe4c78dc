/* models/ha.c - the home agent: home registrations (RFC 6275 §10.3), the
 * home binding cache, interception of packets for its mobile nodes' home
 * addresses and tunneling to the registered CoA (§10.4.1-2), and the
 * reverse tunnel, accepted only from the registered CoA (§10.4.5).
 */
#include "models/ha.h"

#include <stdlib.h>
#include <string.h>

#include "models/handoff.h"
#include "models/host.h"
#include "models/icmp.h"
#include "models/mh.h"
#include "models/net.h"
#include "models/packet.h"
#include "models/scheme.h"

static void ha_binding_expired(sim_t *sim, void *ctx, void *arg);
/* index of the host whose home address is a and whose HA this is; -1 */
int mob_ha_served_host(mob_world_t *w, const mob_ha_t *ha, const net_addr_t *a)
{
    int i = mob_addrmap_get(&w->homes, a);
    return i >= 0 && w->hosts[i].home_net == ha->net ? i : -1;
}

static void send_home_ba(mob_world_t *w, mob_ha_t *ha, const net_addr_t *coa, const net_addr_t *hoa,
                         uint8_t status, uint16_t seq, uint16_t lifetime, int host)
{
    mh_msg_t m = {.type = MH_BA, .ba_status = status, .seq = seq, .lifetime = lifetime};
    /* to the care-of address with a RH2 (§10.3.1); to a mobile node back
     * home (§11.5.5, its care-of address its home address) directly: §6.4
     * puts a RH2 only on packets to a care-of address */
    bool rh2 = !net_addr_eq(coa, hoa);
    uint8_t mh[MH_MAX_LEN];
    size_t len;
    if (mh_encode(&m, mh, sizeof(mh), &len) < 0) {
        w->oom = 1;
        return;
    }
    pkt_desc_t d = {.src = ha->addr,
                    .dst = *coa,
                    .has_rh2 = rh2,
                    .rh2_home = *hoa,
                    .proto = PKT_PROTO_MH,
                    .payload = mh,
                    .payload_len = len};
    mob_pkt_t *pkt = mob_pkt_make(w, &d, MOB_PK_SIGNALING, ha->node, host);
    if (pkt)
        mob_net_send(w, ha->node, ha->net, pkt);
}

/* Makes b (host's entry, filled from the accepted BU, its old CoA already
 * unmapped) the binding in use: packets for the home address are tunneled
 * to b->coa from now on. */
static void home_binding_commit(mob_world_t *w, mob_ha_t *ha, int host, mob_bce_t *b, bool moved)
{
    sim_cancel(w->sim, &b->expiry);
    if (mob_addrmap_put(&ha->by_coa, &b->coa, host) < 0)
        w->oom = 1;
    b->valid = true;
    b->set_at = sim_now(w->sim);
    sim_time_t left = b->expires > b->set_at ? b->expires - b->set_at : 0;
    if (sim_after(w->sim, left, ha_binding_expired, w, &w->hosts[host], &b->expiry) < 0)
        w->oom = 1;
    mob_binding_changed(w, ha->node, host, "home-updated");
    if (moved && w->ops->home_registered)
        w->ops->home_registered(w, ha, host, &b->coa);
}

/* §10.3.1: DAD for the home address ended (no duplicate is modelled): the
 * tentative entry becomes the binding, and the latest BU (its sequence
 * number, CoA and lifetime) gets the first BA. */
static void home_dad_done(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    mob_bce_t *b = &h->home_bce;
    mob_ha_t *ha = &w->ha[h->home_net];
    b->dad = SIM_HANDLE_NONE;
    home_binding_commit(w, ha, h->index, b, true);
    send_home_ba(w, ha, &b->coa, &b->hoa, MH_BA_ACCEPTED, b->seq, b->dad_life, h->index);
}

static void on_home_bu(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v)
{
    const mh_msg_t *bu = &v->mh;
    /* the home address: the HAO's, or the source's when there is none (a
     * mobile node back home de-registers from its home address, §11.5.5) */
    const net_addr_t *hoa = v->has_hao ? &v->hao : &v->src;
    int host = mob_ha_served_host(w, ha, hoa);
    if (host < 0 || !(bu->bu_flags & MH_BU_H)) {
        /* not one of ours: "not home agent for this mobile node" */
        if (v->has_hao)
            send_home_ba(w, ha, &v->src, &v->hao, MH_BA_NOT_HOME_AGENT, bu->seq, 0, -1);
        return;
    }
    (void)pkt;
    mob_bce_t *b = mob_ha_binding(w, host);
    net_addr_t coa = bu->has_alt_coa ? bu->alt_coa : v->src;
    bool in_dad = sim_pending(w->sim, b->dad);
    /* §9.5.1 / §10.3.1: the sequence number is checked against the entry,
     * a tentative one (DAD in progress) included */
    if ((b->valid || in_dad) && !mh_seq_newer(bu->seq, b->seq)) {
        send_home_ba(w, ha, &coa, hoa, MH_BA_SEQ_OUT_OF_WINDOW, b->seq, 0, host);
        return;
    }
    sim_time_t life = (sim_time_t)bu->lifetime * SIM_S(4);
    if (bu->lifetime == 0 || net_addr_eq(&coa, hoa)) {
        /* de-registration (§10.3.2), also of a registration still in DAD:
         * the HA stops defending the home address (proxy ND, which mobsim
         * models as interception: mob_ha_gateway finds no binding) and
         * tunneling to the CoA; a node back home holds its home address
         * itself (node table) and receives on it directly (§11.5.5) */
        sim_cancel(w->sim, &b->dad);
        sim_cancel(w->sim, &b->expiry);
        mob_ha_set_coa(ha, host, b, NULL);
        b->valid = false;
        mob_binding_changed(w, ha->node, host, "home-deleted");
        send_home_ba(w, ha, &coa, hoa, MH_BA_ACCEPTED, bu->seq, 0, host);
        return;
    }
    bool first = !b->valid && !in_dad;
    bool moved = !b->valid || !net_addr_eq(&b->coa, &coa);
    mob_ha_set_coa(ha, host, b, NULL); /* the old CoA's entry; the new one at commit */
    b->hoa = *hoa;
    b->coa = coa;
    b->seq = bu->seq;
    b->expires = sim_time_add(sim_now(w->sim), life);
    b->dad_life = bu->lifetime;
    /* §10.3.1: a first registration of the home address waits for DAD on
     * the home link: the entry is not used (packets for the home address
     * find no binding) and no BA is sent until DAD ends, whatever the A bit
     * says; a BU that arrives meanwhile (the MN's 1.5 s retransmission,
     * InitialBindackTimeoutFirstReg, §13) updates the tentative entry and
     * is answered then, not at once */
    if (in_dad)
        return;
    if (first && w->cfg.ha_dad > 0) {
        if (sim_after(w->sim, w->cfg.ha_dad, home_dad_done, w, &w->hosts[host], &b->dad) < 0)
            w->oom = 1;
        return;
    }
    home_binding_commit(w, ha, host, b, moved);
    send_home_ba(w, ha, &coa, hoa, MH_BA_ACCEPTED, bu->seq, bu->lifetime, host);
}

static void ha_binding_expired(sim_t *sim, void *ctx, void *arg)
{
    (void)sim;
    mob_world_t *w = ctx;
    struct mob_mn *h = arg;
    mob_bce_t *b = &h->home_bce;
    b->expiry = SIM_HANDLE_NONE;
    mob_ha_set_coa(&w->ha[h->home_net], h->index, b, NULL);
    b->valid = false;
}

int mob_ha_set_coa(mob_ha_t *ha, int host, const mob_bce_t *old, const net_addr_t *coa)
{
    if (old->valid && mob_addrmap_get(&ha->by_coa, &old->coa) == host)
        mob_addrmap_del(&ha->by_coa, &old->coa);
    return coa ? mob_addrmap_put(&ha->by_coa, coa, host) : 0;
}

/* Reverse tunnel from a mobile node: forward the inner packet from home. */
static void on_reverse_tunnel(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v)
{
    mob_addrmap_prefetch(&ha->by_coa, &v->src); /* looked up after the parse below */
    pkt_view_t inner;
    net_addr_t inner_src;
    /* a home agent forwards the inner packet as a router does: it reads its
     * headers but not its upper-layer checksum, which the final receiver
     * verifies (net.c); the outer packet's was never there (IPv6 has none).
     * Of them it needs the source only, unless a scheme looks at the
     * packet: when a parse of these bytes already passed (their layout is
     * known), the source is read without building the view again. */
    bool parsed = pkt->lay[1].ok && pkt->inner_at == (size_t)(v->upper - pkt->bytes);
    if (!parsed || w->ops->ha_relay) {
        if (mob_pkt_parse(pkt, v->upper, v->upper_len, &inner, NULL, 0) < 0) {
            mob_pkt_drop(w, pkt, ha->node, "malformed");
            return;
        }
        inner_src = inner.src;
    } else {
        memcpy(inner_src.b, v->upper + 8, 16); /* the IPv6 Source Address */
    }
    /* §10.4.5: only from the registered CoA of the MN whose home address
     * is the inner source (proxies: or whose CoA it is, relayed signaling) */
    int host = mob_addrmap_get(&ha->by_coa, &v->src);
    if (host >= 0 && (w->hosts[host].home_net != ha->net || !mob_ha_binding(w, host)->valid ||
                      !net_addr_eq(&mob_ha_binding(w, host)->coa, &v->src)))
        host = -1;
    bool inner_ok = host >= 0 && (net_addr_eq(&inner_src, &w->hosts[host].hoa) ||
                                  (w->ops->ha_relays_from_coa && net_addr_eq(&inner_src, &v->src)));
    if (!inner_ok) {
        mob_pkt_drop(w, pkt, ha->node, "reverse-tunnel-unregistered-coa");
        return;
    }
    if (w->ops->ha_relay && w->ops->ha_relay(w, ha, pkt, v->upper, v->upper_len, &inner))
        return;
    mob_trace_received(w, pkt, ha->node);
    /* decapsulated in place: the inner packet moves to the front */
    mob_net_send(w, ha->node, ha->net, mob_pkt_decap(w, pkt, v->upper, v->upper_len));
}

/* Intercepted packet for a mobile node's home address: tunnel it. */
static void intercept(mob_world_t *w, mob_ha_t *ha, int host, mob_pkt_t *pkt, const pkt_view_t *v)
{
    mob_bce_t *b = mob_ha_binding(w, host);
    if (!b->valid) {
        mob_pkt_drop(w, pkt, ha->node, "no-home-binding");
        return;
    }
    size_t len;
    pkt_desc_t d = {.src = ha->addr,
                    .dst = b->coa,
                    .proto = PKT_PROTO_IPV6,
                    .payload = pkt->bytes,
                    .payload_len = pkt->len};
    if (pkt_build_len(&d, &len) < 0 || len > PKT_MAX_LEN) {
        mob_pkt_drop(w, pkt, ha->node, "too-big-to-tunnel");
        return;
    }
    mob_trace_received(w, pkt, ha->node);
    if (w->ops->ha_tunneled) /* hoa-signaling keeps a copy */
        w->ops->ha_tunneled(w, ha, host, pkt, v, &b->coa);
    mob_pkt_t *t = mob_pkt_derive_build(w, pkt, &d, len); /* the tunnel, built in place */
    mob_pkt_free(w, pkt);
    if (t)
        mob_net_send(w, ha->node, ha->net, t);
}

/* RFC 2473 §8: an ICMP error from inside a tunnel this HA entered (its
 * invoking packet is a tunnel packet from the HA's address) is reported to
 * the source of the original packet: an unreachable tunnel exit point as
 * Destination Unreachable code 3 (§8.1), quoting the original packet. An
 * original that is itself an ICMP error gets none (RFC 4443 §2.4 (e)). */
static void relay_tunnel_error(mob_world_t *w, mob_ha_t *ha, const pkt_view_t *v)
{
    pkt_view_t tun, orig;
    if (v->icmp_type != PKT_ICMP_DEST_UNREACH ||
        pkt_parse_flags(v->icmp_body, v->icmp_body_len, &tun, PKT_PARSE_NO_CSUM, NULL, 0) < 0 ||
        tun.proto != PKT_PROTO_IPV6 || !net_addr_eq(&tun.src, &ha->addr) ||
        pkt_parse_flags(tun.upper, tun.upper_len, &orig, PKT_PARSE_NO_CSUM, NULL, 0) < 0)
        return; /* not about a packet of our tunnel: nothing to relay */
    if (orig.proto == PKT_PROTO_ICMPV6 && orig.icmp_type < 128)
        return;
    mob_icmp_send_unreach(w, ha->net, &orig.src, tun.upper, tun.upper_len);
}

/* RFC 6275 §9.2: a Mobility Header of an unknown MH Type sent to the home
 * agent is answered with Binding Error status 2 to its source (Home Address
 * field: the HAO's, if any), rate-limited as a host's are (§9.3.1, one per
 * be_min_interval). */
static void unknown_mh_type(mob_world_t *w, mob_ha_t *ha, mob_pkt_t *pkt, const pkt_view_t *v)
{
    mob_trace_received(w, pkt, ha->node);
    mob_pkt_free(w, pkt);
    sim_time_t now = sim_now(w->sim);
    if (ha->be_sent && w->cfg.be_min_interval > 0 && now - ha->last_be < w->cfg.be_min_interval) {
        mob_trace_note(w, SIM_TR_NOTE, ha->node, -1, MH_BE, "binding error rate-limited");
        return;
    }
    ha->be_sent = true;
    ha->last_be = now;
    mob_trace_note(w, SIM_TR_NOTE, ha->node, -1, v->mh.type, "unknown MH type");
    mh_msg_t m = {.type = MH_BE, .be_status = MH_BE_UNKNOWN_MH_TYPE};
    if (v->has_hao)
        m.be_home = v->hao;
    uint8_t mh[MH_MAX_LEN];
    size_t len;
    if (mh_encode(&m, mh, sizeof(mh), &len) < 0) {
        w->oom = 1;
        return;
    }
    pkt_desc_t d = {
        .src = ha->addr, .dst = v->src, .proto = PKT_PROTO_MH, .payload = mh, .payload_len = len};
    int to = mob_addrmap_get(&w->homes, v->has_hao ? &v->hao : &v->src);
    mob_pkt_t *out = mob_pkt_make(w, &d, MOB_PK_SIGNALING, ha->node, to);
    if (out)
        mob_net_send(w, ha->node, ha->net, out);
}

static bool known_mh_type(uint8_t type)
{
    return type <= MH_BE || type == MH_EXPERIMENTAL;
}

/* A packet for the HA's own address (checksum checked by net.c). */
void mob_ha_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    mob_ha_t *ha = w->nodes.node[node].state;
    mob_handoff_ha_rx(w, ha->net, pkt->kind == MOB_PK_SIGNALING || pkt->kind == MOB_PK_SCHEME);
    if (v->proto == PKT_PROTO_MH && v->mh.type == MH_BU) {
        mob_trace_received(w, pkt, ha->node);
        on_home_bu(w, ha, pkt, v);
        mob_pkt_free(w, pkt);
    } else if (v->proto == PKT_PROTO_MH && !known_mh_type(v->mh.type)) {
        unknown_mh_type(w, ha, pkt, v);
    } else if (v->proto == PKT_PROTO_IPV6) {
        on_reverse_tunnel(w, ha, pkt, v);
    } else if (v->proto == PKT_PROTO_MH && v->mh.type == MH_EXPERIMENTAL) {
        int st = mob_scheme_msg_subtype(v);
        if (st < 0 || st == MOB_SMSG_FWD_INSTALL)
            mob_pkt_drop(w, pkt, ha->node, "unexpected-at-home-agent");
        else if (!w->ops->ha_message || !w->ops->ha_message(w, ha, pkt, v))
            mob_pkt_drop(w, pkt, ha->node, "scheme-not-deployed");
    } else if (v->proto == PKT_PROTO_ICMPV6) {
        mob_trace_received(w, pkt, ha->node);
        if (w->cfg.icmp_unreachable)
            relay_tunnel_error(w, ha, v);
        mob_pkt_free(w, pkt);
    } else {
        mob_pkt_drop(w, pkt, ha->node, "unexpected-at-home-agent");
    }
}

/* A packet for another address of the home prefix: a home address of one
 * of the HA's mobile nodes is intercepted. */
void mob_ha_gateway(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    mob_ha_t *ha = w->nodes.node[node].state;
    mob_handoff_ha_rx(w, ha->net, pkt->kind == MOB_PK_SIGNALING || pkt->kind == MOB_PK_SCHEME);
    int host = mob_ha_served_host(w, ha, &v->dst);
    if (host >= 0) {
        intercept(w, ha, host, pkt, v);
        return;
    }
    mob_pkt_drop(w, pkt, ha->node, "no-such-address");
}
