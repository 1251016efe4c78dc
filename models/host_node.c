/* models/host_node.c - the host node: its receive handler (decapsulation
 * of tunnels from the home agent, or from the old AR when the scheme allows,
 * then dispatch to the MN role, the CN role or the flow; a stationary
 * correspondent has the CN role only) and its initial state. */
#include "models/host_node.h"

#include <stdlib.h>
#include <string.h>

#include "models/cn.h"
#include "models/flow.h"
#include "models/mn.h"
#include "models/packet.h"
#include "models/scheme.h"

static void dispatch(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                     bool via_tunnel);
static void mob_host_receive_inner(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt,
                                   const pkt_view_t *v);
static void on_mh(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel);

static void host_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                         bool via_tunnel)
{
    if (v->proto == PKT_PROTO_IPV6) {
        /* tunnel from the home agent: decapsulate (§10.4.2) */
        pkt_view_t inner;
        char why[128];
        bool from_ha = !h->stationary && net_addr_eq(&v->src, &w->router_addr[h->home_net]);
        bool from_old_ar = w->ops->tunnel_from && w->ops->tunnel_from(w, h, &v->src);
        /* relayed signaling tunneled by another node (RFC 2473), to the CoA
         * or, through the home agent's tunnel, to the home address. The
         * relaying node may be this host's own home agent (a peer sharing
         * it): its tunnel is a relay when it carries a packet for the CoA
         * (an HA's own tunnel carries packets for the home address). */
        bool relay_src = w->ops->relay_tunnel_from && w->ops->relay_tunnel_from(w, h, &v->src);
        bool relayed = relay_src && !from_ha;
        if ((via_tunnel && !relay_src) || (!from_ha && !from_old_ar && !relayed)) {
            mob_pkt_drop(w, pkt, h->index, "unexpected-tunnel");
            return;
        }
        if (pkt_parse(v->upper, v->upper_len, &inner, why, sizeof(why)) < 0) {
            mob_pkt_drop(w, pkt, h->index, "malformed");
            return;
        }
        if (relay_src && from_ha)
            relayed = via_tunnel
                          ? inner.proto != PKT_PROTO_IPV6
                          : inner.proto != PKT_PROTO_IPV6 && net_addr_eq(&inner.dst, &h->coa);
        if (via_tunnel && !relayed) {
            mob_pkt_drop(w, pkt, h->index, "unexpected-tunnel");
            return;
        }
        if (relayed) {
            const net_addr_t *mine = via_tunnel ? &h->hoa : &h->coa;
            if (inner.proto == PKT_PROTO_IPV6 || !net_addr_eq(&inner.dst, mine)) {
                mob_pkt_drop(w, pkt, h->index, "not-for-this-address");
                return;
            }
            /* as if the relayed message had reached that address itself */
            if (via_tunnel)
                dispatch(w, h, pkt, &inner, true);
            else
                mob_host_receive_inner(w, h, pkt, &inner);
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
        host_receive(w, h, pkt, &inner, true);
        return;
    }
    dispatch(w, h, pkt, v, via_tunnel);
}

void mob_host_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    host_receive(w, w->nodes.node[node].state, pkt, v, false);
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
        mob_pkt_free(w, pkt);
        break;
    case PKT_PROTO_UDP:
        mob_flow_receive(w, h, pkt, v, via_tunnel);
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
                    mob_cn_icmp_error(w, h, &in2);
            } else {
                mob_cn_icmp_error(w, h, &inner);
            }
        }
        mob_pkt_free(w, pkt);
        break;
    }
    default:
        mob_pkt_drop(w, pkt, h->index, "unknown-protocol");
        break;
    }
}

/* RFC 6275 §9.2: a Mobility Header of an unknown MH Type is answered with
 * Binding Error status 2 to its source (Home Address field: the HAO's, if
 * any), rate-limited (cn.c) */
static void unknown_mh_type(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v)
{
    const mob_corr_t *c = mob_corr_from(w, h, v->has_hao ? &v->hao : &v->src);
    net_addr_t home = {{0}};
    if (v->has_hao)
        home = v->hao;
    mob_trace_note(w, SIM_TR_NOTE, h->index, c ? c->peer : -1, v->mh.type, "unknown MH type");
    mob_cn_send_be(w, h, c ? c->peer : -1, v, MH_BE_UNKNOWN_MH_TYPE, &home);
}

static bool known_mh_type(uint8_t type)
{
    return type <= MH_BE || type == MH_EXPERIMENTAL;
}

static void on_mh(mob_world_t *w, struct mob_mn *h, const pkt_view_t *v, bool via_tunnel)
{
    if (!known_mh_type(v->mh.type)) {
        unknown_mh_type(w, h, v);
        return;
    }
    if (h->stationary) {
        /* a stationary correspondent has the CN role only (RFC 6275 §9):
         * HoTI, CoTI and BUs; what only a mobile node acts on is ignored */
        if (v->mh.type == MH_HOTI || v->mh.type == MH_COTI)
            mob_cn_on_test_init(w, h, v, via_tunnel);
        else if (v->mh.type == MH_BU)
            mob_cn_on_bu(w, h, v, via_tunnel);
        else
            mob_trace_note(w, SIM_TR_NOTE, h->index, -1, v->mh.type,
                           "ignored: a correspondent has no mobile node role");
        return;
    }
    bool from_ha = net_addr_eq(&v->src, &w->router_addr[h->home_net]);
    switch (v->mh.type) {
    case MH_HOTI:
    case MH_COTI:
        mob_cn_on_test_init(w, h, v, via_tunnel);
        break;
    case MH_HOT:
    case MH_COT:
        mob_mn_on_test(w, h, v, via_tunnel);
        break;
    case MH_BU:
        mob_cn_on_bu(w, h, v, via_tunnel);
        break;
    case MH_BA:
        if (from_ha)
            mob_mn_on_home_ba(w, h, v, via_tunnel);
        else
            mob_mn_on_cn_ba(w, h, v);
        break;
    case MH_BE:
        /* §11.3.6: status 1, the peer has no binding for our home address:
         * register again; status 2 (it does not know an MH Type we sent):
         * nothing to do, mobsim sends only the types of §6.1 */
        if (v->mh.be_status == MH_BE_UNKNOWN_HAO)
            mob_mn_reregister(w, h, v, "binding error: peer has no binding for our home address");
        break;
    case MH_BRR:
        mob_mn_reregister(w, h, v, "binding refresh request"); /* §11.7.4 */
        break;
    default:
        break;
    }
}

/* Route-optimized start of h's registration with correspondent c: tokens
 * from an RR completed at t = 0, the peer's binding cache holding our CoA.
 * 0, or -1 (memory). */
static int init_bound(mob_world_t *w, struct mob_mn *h, mob_corr_t *c)
{
    struct mob_mn *p = mob_peer_of(w, c);
    mob_cr_t *cr = &c->cr;
    if (c->no_ro)
        return 0; /* location privacy: the peer never learns our CoA (world.c) */
    cr->state = MOB_CR_BOUND;
    cr->for_coa = h->coa;
    cr->bu_acked = true;
    cr->bu_seq = 1;
    uint8_t tok[RR_TOKEN_LEN];
    sim_time_t now = sim_now(w->sim);
    if (rr_cn_issue_token(p->rr, now, &h->hoa, RR_HOME_TOKEN, &cr->home_nonce_index, tok) < 0 ||
        rr_cn_issue_token(p->rr, now, &h->coa, RR_CAREOF_TOKEN, &cr->coa_nonce_index,
                          cr->coa_token) < 0)
        return -1;
    memcpy(cr->home_token, tok, RR_TOKEN_LEN);
    cr->have_home_token = cr->have_coa_token = true;
    cr->home_token_at = now;
    mob_corr_t *back = mob_corr_for(w, p, h->index);
    if (back)
        mob_cn_init_binding(w, back, &h->hoa, &h->coa);
    sim_time_t life = w->cfg.bu_lifetime;
    if (life > MOB_MAX_RR_BINDING_LIFETIME)
        life = MOB_MAX_RR_BINDING_LIFETIME;
    mob_mn_arm_cn_refresh(w, c, life); /* §11.7.2 */
    return 0;
}

void mob_host_init_state(mob_world_t *w, struct mob_mn *h, bool cold)
{
    h->attached = true;
    h->coa = net_addr_make(&w->cfg.nets[h->net].prefix, w->cfg.hosts[h->index].iid);
    if (mob_nodes_bind(&w->nodes, &h->coa, h->index) < 0)
        w->oom = 1;
    h->last_detach = -1;
    if (h->stationary)
        return; /* its one address (hoa == coa); no home registration, no BUs of its own */
    if (mob_host_at_home(h)) {
        /* RFC 6275 §11.5.5: a host starting at home (its CoA its home
         * address, bound above) needs no registration; its first move away
         * is a first registration at the HA (§11.7.1: 1.5 s, DAD) */
        h->home_first = true;
        return;
    }
    if (cold) {
        h->home_first = true;
        return; /* world.c starts the home registration at t = 0 */
    }
    /* route-optimized start: registered with the HA, bound with the peers,
     * lifetimes from 0 */
    h->home_registered = true;
    h->home_first = false;
    h->home_seq = 1;
    for (int i = 0; i < h->n_corr; i++)
        if (init_bound(w, h, &h->corr[i]) < 0) {
            w->oom = 1;
            return;
        }
    sim_time_t home_life = w->cfg.bu_lifetime;
    mob_mn_arm_home_refresh(w, h, home_life - home_life / 10);
}

void mob_host_fini(struct mob_mn *h)
{
    rr_cn_destroy(h->rr);
    h->rr = NULL;
    for (int i = 0; i < h->n_corr; i++)
        mob_flow_fini(&h->corr[i]);
    free(h->corr);
    h->corr = NULL;
    h->n_corr = h->cap_corr = 0;
    mob_addrmap_fini(&h->corr_by_hoa);
}
