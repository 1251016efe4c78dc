/* models/state.h - struct mob_world: the state every module of models/
 * shares, and the protocol constants. Not for use outside models/:
 * everything callers need is in models/world.h.
 *
 * Who owns what: the world owns its node table, its hosts' and home
 * agents' state (arrays sized at creation), the scheme's state and every
 * packet not yet handed to an event or a receive handler. The roles (mn.c,
 * cn.c, ha.c, ar.c, flow.c) own nothing of their own: they work on these
 * records. Node ids: hosts first (0 .. n_hosts-1), then one router per
 * network in network order; the router of network i is node n_hosts + i.
 */
#ifndef MOBSIM_MODELS_STATE_H
#define MOBSIM_MODELS_STATE_H

#include <gsl/gsl_rng.h>

#include "models/addrmap.h"
#include "models/config.h"
#include "models/metrics.h"
#include "models/node.h"
#include "models/quantile.h"
#include "sim/sim.h"

typedef struct mob_world mob_world_t; /* models/world.h */

/* RNG stream purposes (sim_rng): separate uses stay independent. */
enum {
    MOB_RNG_DELAY = SIM_RNG_MODEL, /* path delays */
    MOB_RNG_LOSS,                  /* link losses */
    MOB_RNG_CRYPTO,                /* Kcn, nonces, cookies */
    MOB_RNG_MOBILITY,              /* unused since host processes moved (below) */
    MOB_RNG_HANDOFF,               /* handoff phase delays */
};
/* Host i's mobility process (and a vehicle member's jitter draws) and
 * vehicle g's process: purposes MOB_RNG_HOST_MOBILITY + i and
 * MOB_RNG_VEHICLE + g (mobility.h), ranges disjoint from the enum above
 * and from each other (at most 2^32 hosts or vehicles). MOB_RNG_MOBILITY + i
 * collided with MOB_RNG_HANDOFF for host 1. */
#define MOB_RNG_HOST_MOBILITY (1ull << 32)
#define MOB_RNG_VEHICLE       (2ull << 32)

/* RFC 6275 §12, §13 */
#define MOB_INITIAL_BINDACK_TIMEOUT       SIM_S(1)
#define MOB_INITIAL_BINDACK_TIMEOUT_FIRST SIM_MS(1500)
#define MOB_MAX_BINDACK_TIMEOUT           SIM_S(32)
#define MOB_MAX_RR_BINDING_LIFETIME       SIM_S(420)
#define MOB_ICMP_PERSISTENT_THRESHOLD     3         /* delete after more than 3 (UMIP) */
#define MOB_BRR_RECENT_USE                SIM_S(60) /* UMIP: BRR only for bindings used lately */

struct mob_mn;           /* host.h */
struct mob_ha;           /* ha.h */
struct mob_scheme_ops;   /* scheme.h */
struct mob_scheme_state; /* scheme_int.h */
struct rr_crypto;        /* rr.h */
struct mob_icmp_router;  /* icmp.c */
struct mob_proc;         /* mobility.c */
struct mob_handoff_log;  /* handoff.h */
struct mob_script;       /* script.c */

struct mob_world {
    mob_config_t cfg;
    sim_t *sim;
    mob_node_table_t nodes;           /* every node; addresses -> holder */
    mob_addrmap_t prefixes;           /* /64 prefix -> network */
    mob_addrmap_t homes;              /* home address -> host index */
    mob_addrmap_t departed;           /* previous CoA (left by the last handoff) -> host */
    mob_addrmap_t core_pairs;         /* {net a, net b} -> index in cfg.pairs (net.c) */
    sim_time_t *path_const;           /* n_nets^2 constant path delays, -1: drawn (net.c) */
    net_addr_t *router_addr;          /* cfg.n_nets: the router (HA or AR) of each network */
    struct mob_mn *hosts;             /* cfg.n_hosts of them */
    struct mob_ha *ha;                /* cfg.n_nets, indexed by network; valid where is_home */
    const struct mob_scheme_ops *ops; /* the scheme's hooks (baseline: none) */
    struct mob_scheme_state *ss;      /* the scheme's held items and entries */
    mob_metrics_t m;
    mob_pair_metrics_t *pm; /* one per pair of correspondents, in cfg.peers order (m.pairs) */
    int n_pm;
    uint64_t next_pkt_id, next_msg_id;
    struct mob_pkt *pkt_pool[2]; /* packets freed for reuse, by room class (packet.c) */
    int n_pkt_pool[2];
    mob_q_t delays; /* data delays for p95, bounded memory (quantile.h) */
    sim_time_t delay_sum;
    sim_time_t sig_latency_sum;
    uint64_t n_sig_delivered;
    int oom; /* set when an allocation failed mid-run */
    gsl_rng *rng_delay, *rng_loss, *rng_crypto, *rng_handoff;
    struct rr_crypto *crypto;     /* OpenSSL contexts every host's CN role shares */
    struct mob_icmp_router *icmp; /* cfg.n_nets with icmp_unreachable, else NULL (icmp.c) */
    /* mobility (mobility.c): one process record per host, then per vehicle;
     * the cell graph in CSR form (network n's neighbours are
     * adj[adj_off[n] .. adj_off[n + 1]), each edge both ways); vehicle g's
     * members members[member_off[g] .. member_off[g + 1]) */
    struct mob_proc *procs;
    int *adj_off, *adj;
    int *member_off, *members;
    struct mob_handoff_log *hl; /* handoff records, NULL when off (handoff.c) */
    struct mob_script *script;  /* cfg.steps at work, NULL without a script (script.c) */
    /* script.c's rules, called by net.c for every packet sent while set */
    sim_time_t (*script_on_send)(mob_world_t *w, int from, int from_net, struct mob_pkt *pkt,
                                 sim_time_t d);
};

#endif /* MOBSIM_MODELS_STATE_H */
