/* models/host_node.h - the mobile host as a node: its receive handler
 * (decapsulation of tunnels from the home agent, or from the old AR when the
 * scheme allows, then dispatch to the MN role, the CN role or the flow) and
 * its initial state.
 *
 * Ownership: mob_host_receive() takes the packet; the roles it dispatches to
 * get the parsed view only and never free anything, except the flow's
 * receive, which takes the data packet.
 */
#ifndef MOBSIM_MODELS_HOST_NODE_H
#define MOBSIM_MODELS_HOST_NODE_H

#include "models/host.h"

/* The node's receive handler (node.h): packets for its CoA. */
void mob_host_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);
/* Initial state at t = 0: attached at the start network; unless cold,
 * registered with the HA and bound with the peer. */
void mob_host_init_state(mob_world_t *w, struct mob_mn *h, bool cold);
void mob_host_fini(struct mob_mn *h);

#endif /* MOBSIM_MODELS_HOST_NODE_H */
