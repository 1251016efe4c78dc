/* models/flow.h - the CBR data flows: each host sends to each of its peers
 * at the pair's rate (or the scenario's traffic), route-optimized once
 * bindings allow, and measures what it receives (delays, gaps, route
 * optimization). */
#ifndef MOBSIM_MODELS_FLOW_H
#define MOBSIM_MODELS_FLOW_H

#include "models/host.h"

typedef struct mob_pkt mob_pkt_t;

/* Starts every flow (of a pair, the lower host index at 0, the other half
 * a period later). */
void mob_flow_start(mob_world_t *w);
/* Frees what a flow keeps for its packets (its template); the entry can
 * send again after. */
void mob_flow_fini(mob_corr_t *c);
/* A data packet for h; takes pkt. */
void mob_flow_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                      bool via_tunnel);

#endif /* MOBSIM_MODELS_FLOW_H */
