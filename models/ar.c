/* models/ar.c - the access router of a foreign network (ar.h). */
#include "models/ar.h"

#include <stdlib.h>

#include "models/net.h"
#include "models/packet.h"
#include "models/scheme.h"
#include "models/state.h"

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

/* A packet for an address of this foreign network that nobody holds. */
void mob_ar_gateway(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v)
{
    int net = w->nodes.node[node].net, router = node;
    bool is_icmp = v->proto == PKT_PROTO_ICMPV6;
    if (w->ops->ar_unclaimed && w->ops->ar_unclaimed(w, net, pkt, v))
        return;
    if (w->cfg.icmp_unreachable && !is_icmp)
        send_icmp_unreachable(w, net, pkt, v);
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
