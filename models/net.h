/* models/net.h - the network: carries bytes from a node to whoever holds
 * the destination address when they arrive (node.h), with path delays and
 * link loss. It knows no role: delivery is by the node table alone.
 *
 * A packet from a node on network N to address D (the outer IPv6
 * destination as it is in the bytes) takes access(N) + core(N, M) +
 * access(M), M the network owning D's /64 (a hash from prefix to network).
 */
#ifndef MOBSIM_MODELS_NET_H
#define MOBSIM_MODELS_NET_H

#include <gsl/gsl_rng.h>

#include "models/addr.h"
#include "models/config.h"
#include "sim/time.h"

typedef struct mob_world mob_world_t; /* models/world.h */

typedef struct mob_pkt mob_pkt_t;

int mob_net_of_addr(const mob_world_t *w, const net_addr_t *a); /* -1 none; O(1) */
int mob_router_node(const mob_world_t *w, int net);
sim_time_t mob_draw_delay(mob_world_t *w, const mob_delay_t *d, gsl_rng *rng);

/* Indexes the core delays of cfg.pairs by their two networks, so a
 * packet's delay costs O(1) however many pairs the config lists (a scan
 * of them below MOB_NET_SCAN_PAIRS). 0, or -1 when out of memory. The map
 * lives in w->core_pairs; mob_world_destroy() frees it. */
#define MOB_NET_SCAN_PAIRS 8
int mob_net_index_core_pairs(mob_world_t *w);

/* With at most MOB_NET_PATH_MATRIX networks, mob_net_index_core_pairs()
 * also tabulates the delay of every path whose three parts are constants
 * (w->path_const, freed by mob_world_destroy()): a send looks it up instead
 * of finding and adding the parts; a path with a drawn part draws as
 * before, in the same order. */
#define MOB_NET_PATH_MATRIX 64

/* Puts pkt on the network from node `from` sitting on network `from_net`;
 * takes ownership of pkt (it travels in an event that owns it). */
void mob_net_send(mob_world_t *w, int from, int from_net, mob_pkt_t *pkt);

#endif /* MOBSIM_MODELS_NET_H */
