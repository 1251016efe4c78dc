/* models/scheme_hoa.c - hoa-signaling (paper Fig. 6): HoTI, CoTI and BU go
 * to the peer's home address; the peer's HA keeps a copy of each it
 * tunnels for T_b and re-forwards the copies to the new CoA when its MN's
 * home BU arrives; with params.resend_on_peer_bu (default) a host that
 * sees its peer's BU from a new CoA re-sends what its own registration
 * waits for at once. */
#include "models/scheme_int.h"

#include <stdlib.h>

#include "models/ha.h"
#include "models/mn.h"
#include "models/net.h"

/* The HA keeps a copy of each control message it tunnels, for T_b. */
static void hoa_ha_tunneled(mob_world_t *w, mob_ha_t *ha, int host, const mob_pkt_t *pkt,
                            const pkt_view_t *v, const net_addr_t *to)
{
    if (!ha->deployed || !mob_scheme_is_control(v))
        return;
    mob_pkt_t *copy = mob_pkt_derive(w, pkt, pkt->bytes, pkt->len);
    if (!copy)
        return;
    copy->id = pkt->id;
    mob_held_t *h = mob_held_add(w, MOB_HELD_HA_COPY, ha->node, w->cfg.T_b);
    if (!h) {
        free(copy);
        return;
    }
    h->host = host;
    h->addr = *to;
    h->hoa = v->dst;
    h->pkt = copy;
    mob_held_link(w, h);
    mob_scheme_note(w, ha->node, host, v->mh.type, "HA buffered");
}

static void hoa_reforward(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    net_addr_t key = mob_held_key_of(MOB_HELD_HA_COPY, ha->node, host);
    for (int i = mob_held_chain(w, &key), next; i >= 0; i = next) {
        mob_held_t *h = &w->ss->held[i];
        next = h->next;
        if (!h->used || h->role != MOB_HELD_HA_COPY || h->node != ha->node || h->host != host ||
            net_addr_eq(&h->addr, coa))
            continue;
        mob_scheme_note(w, ha->node, host, h->pkt->mh_type, "HA re-forwarded");
        w->m.sig_reforwarded++;
        mob_scheme_tunnel_copy(w, ha->node, ha->net, &ha->addr, h->pkt, coa);
        mob_held_release(w, h);
    }
}

static void hoa_home_registered(mob_world_t *w, mob_ha_t *ha, int host, const net_addr_t *coa)
{
    if (ha->deployed)
        hoa_reforward(w, ha, host, coa);
}

/* The CN role saw its peer's BU from a new CoA: the paper's remark (end of
 * IV.C) that the host then re-sends what its own registration waits for at
 * once, instead of at the next retransmission (RFC 6275 §11.8 timers).
 * params.resend_on_peer_bu: off, the scheme is the HA's copies alone. */
static void hoa_peer_moved(mob_world_t *w, struct mob_corr *c)
{
    if (w->cfg.resend_on_peer_bu)
        mob_mn_resend_pending_now(w, c);
}

const mob_scheme_ops_t mob_scheme_hoa_ops = {
    .ha_tunneled = hoa_ha_tunneled,
    .home_registered = hoa_home_registered,
    .signal_to_home = true,
    .peer_moved = hoa_peer_moved,
};
