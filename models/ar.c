/* models/ar.c - the access router of a foreign network (ar.h). */
#include "models/ar.h"

#include <stdlib.h>

#include "models/icmp.h"
#include "models/net.h"
#include "models/packet.h"
#include "models/scheme.h"
#include "models/state.h"

/* A packet for an address of this foreign network that nobody holds. */
void mob_ar_gateway(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    int net = w->nodes.node[node].net, router = node;
    if (w->ops->ar_unclaimed && w->ops->ar_unclaimed(w, net, pkt, v))
        return;
    /* RFC 4861 §7.2.2: the router does not know at once that the address
     * left the link; it resolves it, and only a failed resolution returns
     * Destination Unreachable code 3 (icmp.h) */
    if (w->cfg.icmp_unreachable) {
        mob_icmp_await_resolution(w, net, pkt, &v->dst);
        return;
    }
    mob_pkt_drop(w, pkt, router, "stale-address");
}

/* A packet for the AR's own address: only a scheme's FWD_INSTALL is
 * expected. */
void mob_ar_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    if (mob_scheme_msg_subtype(v) != MOB_SMSG_FWD_INSTALL) {
        mob_pkt_drop(w, pkt, node, "unexpected-at-router");
        return;
    }
    if (!w->ops->ar_message || !w->ops->ar_message(w, w->nodes.node[node].net, pkt, v))
        mob_pkt_drop(w, pkt, node, "scheme-not-deployed");
}
