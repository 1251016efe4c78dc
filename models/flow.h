/* models/flow.h - the CBR data flows: each host sends `traffic` to its peer,
 * route-optimized once bindings allow, and measures what it receives
 * (delays, gaps, route optimization). */
#ifndef MOBSIM_MODELS_FLOW_H
#define MOBSIM_MODELS_FLOW_H

#include "models/host.h"

typedef struct mob_pkt mob_pkt_t;

/* Starts every host's flow (A at 0, B half a period later). */
void mob_flow_start(mob_world_t *w);
/* A data packet for h; takes pkt. */
void mob_flow_receive(mob_world_t *w, struct mob_mn *h, mob_pkt_t *pkt, const pkt_view_t *v,
                      bool via_tunnel);

#endif /* MOBSIM_MODELS_FLOW_H */
