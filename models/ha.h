/* models/ha.h - the home agent node (router of a home network): home
 * registrations (RFC 6275 §10.3), the home binding cache, interception of
 * its mobile nodes' home addresses and tunneling to the CoA, the reverse
 * tunnel. Its handlers (node.h) take the packet. */
#ifndef MOBSIM_MODELS_HA_H
#define MOBSIM_MODELS_HA_H

#include "models/binding.h"
#include "models/host.h"
#include "models/node.h"
#include "models/state.h"

typedef struct mob_ha {
    int net;
    int node;
    net_addr_t addr;
    bool deployed;        /* scheme deployed here */
    mob_addrmap_t by_coa; /* registered CoA -> host (reverse tunnel checks) */
    bool be_sent;         /* a Binding Error left; when (rate limit, §9.3.1) */
    sim_time_t last_be;
} mob_ha_t;

/* receive: packets for the HA's own address; gateway: packets for other
 * addresses of the home prefix (home addresses: intercepted). */
void mob_ha_receive(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);
void mob_ha_gateway(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);

/* The home binding of host (an index whose home is this HA's network). */
static inline mob_bce_t *mob_ha_binding(mob_world_t *w, int host)
{
    return &w->hosts[host].home_bce;
}

/* Records that host's registered CoA is now coa (valid) or none. */
int mob_ha_set_coa(mob_ha_t *ha, int host, const mob_bce_t *old, const net_addr_t *coa);

/* The host whose home address is a and whose HA ha is; -1. O(1). */
int mob_ha_served_host(mob_world_t *w, const mob_ha_t *ha, const net_addr_t *a);

#endif /* MOBSIM_MODELS_HA_H */
