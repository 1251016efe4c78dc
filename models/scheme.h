/* models/scheme.h - the paper's three fixes behind one table of hooks.
 * world.c picks the table from cfg.scheme (mob_scheme_ops_for); baseline is
 * the empty table. A new scheme is one new file defining a table and one
 * line in mob_scheme_ops_for(). Every hook may be NULL (nothing to do).
 *
 * Ownership: hooks that take a `mob_pkt_t *pkt` and return bool take the
 * packet when they return true; on false the caller still owns it. Hooks
 * with a const packet only look (and may copy it).
 */
#ifndef MOBSIM_MODELS_SCHEME_H
#define MOBSIM_MODELS_SCHEME_H

#include "models/config.h"
#include "models/pkt.h"
#include "models/smsg.h"

typedef struct mob_world mob_world_t; /* models/world.h */

typedef struct mob_pkt mob_pkt_t;
struct mob_mn;
struct mob_corr;
struct mob_ha;

typedef struct mob_scheme_ops {
    /* A scheme message for an AR's own address (subtype FWD_INSTALL):
     * false when the scheme is not deployed there (the AR drops it). */
    bool (*ar_message)(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v);
    /* A packet for an address of foreign network net that nobody holds:
     * true when the scheme took it (forwarded or buffered). */
    bool (*ar_unclaimed)(mob_world_t *w, int net, mob_pkt_t *pkt, const pkt_view_t *v);
    /* A host's new CoA is usable. */
    void (*coa_ready)(mob_world_t *w, struct mob_mn *h);
    /* The HA tunnels pkt (for host's home address) to `to`. */
    void (*ha_tunneled)(mob_world_t *w, struct mob_ha *ha, int host, const mob_pkt_t *pkt,
                        const pkt_view_t *v, const net_addr_t *to);
    /* The HA accepted a home registration of host at a new CoA. */
    void (*home_registered)(mob_world_t *w, struct mob_ha *ha, int host, const net_addr_t *coa);
    /* The HA got a reverse-tunneled control message: true when the scheme
     * relayed it (and took pkt). */
    bool (*ha_relay)(mob_world_t *w, struct mob_ha *ha, mob_pkt_t *pkt, const uint8_t *inner_bytes,
                     size_t inner_len, const pkt_view_t *inner);
    /* A scheme message (not FWD_INSTALL) for a HA's own address: false
     * when the scheme is not deployed there (the HA drops it). */
    bool (*ha_message)(mob_world_t *w, struct mob_ha *ha, mob_pkt_t *pkt, const pkt_view_t *v);
    /* The MN sends CoTI and BU through its HA. */
    bool (*relay_via_ha)(const mob_world_t *w, const struct mob_mn *h);
    /* A tunnel to host h from src is acceptable besides its HA's
     * (forwarding: from the previous network's AR). */
    bool (*tunnel_from)(const mob_world_t *w, const struct mob_mn *h, const net_addr_t *src);
    /* A tunnel to host h from src carries signaling another node relayed
     * for h's current CoA or home address (proxies: from the peer's HA,
     * which may not send with the peer's CoA as source). */
    bool (*relay_tunnel_from)(const mob_world_t *w, const struct mob_mn *h, const net_addr_t *src);
    /* The HA accepts a reverse-tunneled packet whose inner source is the
     * outer one (proxies: relayed signaling from the CoA). */
    bool ha_relays_from_coa;
    /* RR and BUs go to the peer's home address, never its CoA. */
    bool signal_to_home;
    /* The CN role saw the peer's BU from a new CoA (hoa-signaling). */
    void (*peer_moved)(mob_world_t *w, struct mob_corr *c);
} mob_scheme_ops_t;

extern const mob_scheme_ops_t mob_scheme_baseline_ops;   /* scheme.c: no hooks */
extern const mob_scheme_ops_t mob_scheme_forwarding_ops; /* scheme_forwarding.c */
extern const mob_scheme_ops_t mob_scheme_proxies_ops;    /* scheme_proxies.c */
extern const mob_scheme_ops_t mob_scheme_hoa_ops;        /* scheme_hoa.c */

const mob_scheme_ops_t *mob_scheme_ops_for(mob_scheme_t scheme);

/* The subtype of a scheme message, or -1 when v is none. */
int mob_scheme_msg_subtype(const pkt_view_t *v);

/* The scheme's state in the world (held items, entries): 0 or -1 (memory). */
int mob_scheme_init(mob_world_t *w);
void mob_scheme_fini(mob_world_t *w);
/* Copies held at node now (hoa-signaling, proxies). */
int mob_scheme_copies_at(const mob_world_t *w, int node);

#endif /* MOBSIM_MODELS_SCHEME_H */
