/* models/ar.h - the access router node (router of a foreign network):
 * messages for its own address go to the scheme (forwarding installs),
 * packets for an address of its prefix that nobody holds die here as
 * "stale-address" unless the scheme takes them (with icmp_unreachable,
 * after a failed address resolution and an ICMP unreachable: icmp.h). Its handlers (node.h) take
 * the packet. */
#ifndef MOBSIM_MODELS_AR_H
#define MOBSIM_MODELS_AR_H

#include "models/node.h"

void mob_ar_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);
void mob_ar_gateway(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);

#endif /* MOBSIM_MODELS_AR_H */
