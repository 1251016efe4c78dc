/* models/node.h - the node table: every host, home agent and access router
 * of a world is a node with an id, a name, a kind and receive handlers
 * registered when it is created; the table maps every address a node holds
 * at this instant to the node (a hash: models/addrmap.h).
 *
 * net.c delivers with nothing but this table: a packet for address D goes
 * to receive() of the node holding D at the arrival instant, or, when
 * nobody holds it, to gateway() of the router of D's network (the home
 * agent intercepts its mobile nodes' home addresses there, an access router
 * reports a stale address). Adding a kind of node is registering handlers,
 * not teaching net.c a new name.
 *
 * Ownership: a receive or gateway handler takes the packet: it frees it
 * (mob_pkt_drop(), free()) or passes it on (mob_net_send()). The view v
 * describes pkt's bytes and lives only during the call. Node ids are dense,
 * 0 .. n-1, and never reused within a world.
 */
#ifndef MOBSIM_MODELS_NODE_H
#define MOBSIM_MODELS_NODE_H

#include "models/addrmap.h"
#include "models/config.h"
#include "models/pkt.h"

typedef struct mob_world mob_world_t; /* models/world.h */

typedef struct mob_pkt mob_pkt_t;

typedef enum mob_node_kind {
    MOB_NODE_HOST = 0, /* a mobile host: MN and CN roles, data flows */
    MOB_NODE_HA,       /* the router of a home network: home agent */
    MOB_NODE_AR,       /* the router of a foreign network: access router */
    MOB_NODE_PASSIVE,  /* no role: a passive host or an attacker (cfg.pnodes, script.c) */
} mob_node_kind_t;

/* A packet for node `node`; takes pkt (see above). */
typedef void mob_receive_fn(mob_world_t *w, int node, mob_pkt_t *pkt, const pkt_view_t *v);

typedef struct mob_node {
    char name[MOB_NAME_MAX + 4];
    uint8_t kind;            /* mob_node_kind_t */
    int net;                 /* routers: their network; hosts: -1 (they move) */
    mob_receive_fn *receive; /* packets for an address it holds (checksum checked) */
    mob_receive_fn *gateway; /* routers: packets for their prefix that nobody holds */
    void *state;             /* the kind's state: struct mob_mn, struct mob_ha; borrowed */
} mob_node_t;

typedef struct mob_node_table {
    mob_node_t *node;
    int n, cap;
    mob_addrmap_t by_addr; /* address -> node holding it now */
} mob_node_table_t;

/* Adds a node; returns its id, or -1 when out of memory. */
int mob_nodes_add(mob_node_table_t *t, const char *name, mob_node_kind_t kind, int net,
                  mob_receive_fn *receive, mob_receive_fn *gateway, void *state);

/* Node `id` holds address a from now on (an address held by another node
 * stays with that one: duplicate address detection fails for the newcomer).
 * 0, or -1 when out of memory. */
int mob_nodes_bind(mob_node_table_t *t, const net_addr_t *a, int id);

/* Node `id` gives a up (no-op when it does not hold it). */
void mob_nodes_unbind(mob_node_table_t *t, const net_addr_t *a, int id);

/* The node holding a now, or -1. O(1). */
static inline int mob_nodes_holder(const mob_node_table_t *t, const net_addr_t *a)
{
    return mob_addrmap_get(&t->by_addr, a);
}

/* Node id of a name, or -1 (a scan: for setup and tools, not the packet path). */
int mob_nodes_find(const mob_node_table_t *t, const char *name);

void mob_nodes_fini(mob_node_table_t *t);

#endif /* MOBSIM_MODELS_NODE_H */
