/* models/config.h - the description of one world, as the models take it.
 *
 * Data, filled by scenarios/ from a scenario file (every key of
 * SCENARIOS.md maps to a field here) or by a test in C. models/ never reads
 * files: it receives this struct. All times are sim_time_t nanoseconds;
 * indices refer into the arrays of the same struct. mob_config_defaults()
 * sets every default of SCENARIOS.md.
 *
 * Ownership: the arrays (nets, hosts with their mobility, moves, core
 * pairs, peers, each mobility's network list) have any length and belong
 * to the struct. Grow them only with mob_config_add_*(); copy a config with
 * mob_config_copy() (a plain struct assignment shares the arrays), and
 * release it with mob_config_free(). Reading c->hosts[i] etc. is as before.
 *
 *   mob_config_t c;
 *   mob_config_defaults(&c);
 *   mob_net_t *n = mob_config_add_net(&c);    // NULL: out of memory
 *   ...
 *   mob_config_free(&c);
 */
#ifndef MOBSIM_MODELS_CONFIG_H
#define MOBSIM_MODELS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "models/addr.h"
#include "sim/time.h"

#define MOB_NAME_MAX         32
#define MOB_CONFIG_MAX_ITEMS (1 << 24) /* per array: beyond memory anyway */

typedef enum mob_dist_kind {
    MOB_DIST_CONST = 0, /* a */
    MOB_DIST_UNIFORM,   /* a = min, b = max */
    MOB_DIST_EXP,       /* a = mean */
    MOB_DIST_LOGNORMAL, /* a = median, sigma */
    MOB_DIST_NORMAL,    /* a = mean, b = sd; truncated at 0 */
    MOB_DIST_PARETO,    /* a = min (the scale x_m), sigma = shape */
    MOB_DIST_WEIBULL,   /* a = scale, sigma = shape */
} mob_dist_kind_t;

/* A delay: a constant or a distribution drawn per use from the run's stream. */
typedef struct mob_delay {
    mob_dist_kind_t kind;
    sim_time_t a, b;
    double sigma;
} mob_delay_t;

#define MOB_DELAY_CONST(t) ((mob_delay_t){MOB_DIST_CONST, (t), 0, 0.0})

typedef enum mob_scheme {
    MOB_SCHEME_BASELINE = 0,
    MOB_SCHEME_FORWARDING,
    MOB_SCHEME_PROXIES,
    MOB_SCHEME_HOA_SIGNALING,
    MOB_N_SCHEMES
} mob_scheme_t;

typedef struct mob_net {
    char name[MOB_NAME_MAX];
    net_addr_t prefix;             /* a /64: only the first 8 bytes count */
    bool is_home;                  /* has a home agent */
    char home_agent[MOB_NAME_MAX]; /* the HA's name ("HA_A"); "" for foreign nets */
    bool has_access;               /* per-network access delay given */
    mob_delay_t access;
    bool deploy; /* scheme deployed here (HA of a home net, AR of a foreign net) */
} mob_net_t;

typedef struct mob_core_pair {
    int a, b; /* network indices, unordered */
    mob_delay_t delay;
} mob_core_pair_t;

typedef enum mob_host_kind {
    MOB_HOST_MOBILE = 0,    /* MN and CN roles, a home network and moves */
    MOB_HOST_CORRESPONDENT, /* stationary: CN role only (RFC 6275 §9), no home, no moves */
} mob_host_kind_t;

typedef struct mob_host {
    char name[MOB_NAME_MAX];
    mob_host_kind_t kind;
    int home;     /* network index of the home network; -1 for a correspondent */
    int start;    /* network index where it is at t = 0 (a correspondent: its network) */
    uint64_t iid; /* interface identifier; default 0x100 * (index + 1) */
    int cls;      /* index into cfg.classes; -1 (mob_config_add_host): none.
                   * Metadata for analysis/: the world ignores it */
} mob_host_t;

/* Two hosts that talk (unordered; each pair once). Each keeps correspondent
 * state for the other; data flows both ways at the scenario's traffic
 * unless the pair overrides it. */
typedef struct mob_peer {
    int a, b;       /* host indices, a != b */
    bool has_flow;  /* the pair's own data flow instead of the traffic defaults */
    double rate_ab; /* packets per second a -> b (0: none) */
    double rate_ba; /* packets per second b -> a */
    int size;       /* UDP payload bytes */
} mob_peer_t;

typedef struct mob_move {
    int host;      /* host index */
    sim_time_t at; /* L2 detach */
    int to;        /* network index */
} mob_move_t;

/* How a moving host (or vehicle) picks the network of its next handoff. */
typedef enum mob_next {
    MOB_NEXT_UNIFORM = 0, /* uniform over `nets` without the current one */
    MOB_NEXT_WALK,        /* a random walk: uniform over the current network's
                           * neighbours in the cell graph (cfg.edges); `nets` unused */
    MOB_NEXT_SEQUENCE,    /* the entry after the current one in `nets`, cyclic
                           * (a train along its line); not in `nets`: nets[0] */
} mob_next_t;

typedef struct mob_mobility {
    bool enabled;      /* handoffs by a process replace scripted moves for this host */
    double rate;       /* Poisson: handoffs per second (exponential dwell times) */
    bool has_dwell;    /* dwell times drawn from `dwell` instead (a renewal process) */
    mob_delay_t dwell; /* time on a network before the next handoff; mean above 0 */
    int *nets;         /* owned: networks to pick from (never the current one) */
    int n_nets;
    mob_next_t next; /* how the next network is picked */
    bool has_first;  /* the first handoff at `first` instead of one dwell after 0 */
    sim_time_t first;
    /* the host rides vehicle cfg.groups[group] and hands off when it does
     * (each time after its own jitter draw); the fields above are then
     * unused (enabled false) */
    bool grouped;
    int group;
} mob_mobility_t;

/* An edge of the cell graph (unordered network indices); a random walk
 * (MOB_NEXT_WALK) moves along edges. */
typedef struct mob_edge {
    int a, b;
} mob_edge_t;

/* A vehicle (group mobility): its members hand off together, member i's
 * L2 detach `jitter` (drawn per member and move) after the vehicle's move.
 * Two passengers of one train talking to each other are the paper's worst
 * case. Members start on `start`. */
typedef struct mob_group {
    char name[MOB_NAME_MAX];
    mob_mobility_t mobility; /* the vehicle's process (enabled true), owns its nets */
    int start;               /* network index at t = 0 */
    mob_delay_t jitter;
} mob_group_t;

/* A class of hosts (population.classes): its name, for the report's per
 * class pair figures. Hosts carry the index (mob_host_t.cls). */
typedef struct mob_class {
    char name[MOB_NAME_MAX];
} mob_class_t;

/* Location privacy (RFC 6275 §5.2.9 leaves route optimization to the MN;
 * the paper's step 4 exception): `host` does no RR/BU with `peer` (a host
 * index), or with any correspondent (peer -1): hosts[].route_optimization
 * false and hosts[].no_route_optimization_with. That host's data to the
 * peer goes through its reverse tunnel to the peer's home address. */
typedef struct mob_no_ro {
    int host;
    int peer; /* -1: every correspondent of host */
} mob_no_ro_t;

typedef enum mob_mh_routing {
    MOB_MH_BINDING_CACHE = 0, /* paper model: HoTI/CoTI/BU follow the binding cache */
    MOB_MH_RFC6275,           /* strict RFC 6275 §6.1: to the peer's home address */
} mob_mh_routing_t;

/* ------------------------------------------------------------------ */
/* Scripts (scenario key "script", docs/check.md): steps at given times  */
/* that drop, delay, duplicate or inject messages and check the state.   */
/* Plain data: names as the scenario writes them, resolved by the world. */

#define MOB_STEP_NAME_MAX 48
#define MOB_STEP_RAW_MAX  1024 /* bytes of an injected "hex" packet */

typedef enum mob_step_kind {
    MOB_STEP_DROP = 0,
    MOB_STEP_DELAY,
    MOB_STEP_DUPLICATE,
    MOB_STEP_INJECT,
    MOB_STEP_EXPECT,
} mob_step_kind_t;

/* A message type as scripts name it: an MH type (0..7), data, or a scheme
 * message (MOB_MT_SCHEME + enum mob_scheme_msg); MOB_MT_ANY matches all. */
#define MOB_MT_ANY    (-1)
#define MOB_MT_DATA   64
#define MOB_MT_SCHEME 100

/* An address: a literal, a host's home address, its current care-of
 * address (at the instant it is used), its address on a network
 * ("A@B2"), or a router's address ("HA_A", "AR_B1"). */
typedef enum mob_aref_kind {
    MOB_AREF_NONE = 0,
    MOB_AREF_LITERAL,
    MOB_AREF_HOA,
    MOB_AREF_COA,
    MOB_AREF_ON_NET,
    MOB_AREF_ROUTER,
    MOB_AREF_PNODE, /* a passive node's address ("M"): host is its cfg.pnodes index */
} mob_aref_kind_t;

typedef struct mob_aref {
    uint8_t kind; /* mob_aref_kind_t */
    int host, net;
    net_addr_t addr; /* MOB_AREF_LITERAL */
} mob_aref_t;

/* Which packets a drop/delay/duplicate rule (or a received/lost
 * expectation) matches; "" and -1 match anything. */
typedef struct mob_match {
    int type;                    /* MOB_MT_* or an MH type */
    char from[MOB_NAME_MAX + 4]; /* the node that made the message */
    char to[MOB_NAME_MAX + 4];   /* the node it is meant for */
    int status;                  /* BA/BE status, -1 any */
    int seq;                     /* BU/BA sequence number, -1 any */
    int nth;                     /* 0: every match; n: only the nth (1-based) */
    char why[32];                /* lost: the reason ("" any) */
} mob_match_t;

typedef enum mob_expect_kind {
    MOB_EXP_BINDING = 0, /* a correspondent's binding cache entry */
    MOB_EXP_HOME_BINDING,
    MOB_EXP_BUL, /* a mobile node's Binding Update List entry */
    MOB_EXP_RECEIVED,
    MOB_EXP_LOST,
    MOB_EXP_RO,    /* route optimization between two hosts, both ways */
    MOB_EXP_NOTED, /* a node's trace note ("BU with a wrong authenticator dropped") */
} mob_expect_kind_t;

typedef struct mob_expect {
    uint8_t kind;                /* mob_expect_kind_t */
    char node[MOB_NAME_MAX + 4]; /* where the state is ("" for lost) */
    bool present;                /* bindings, BUL: the entry exists (default true) */
    mob_aref_t hoa, coa;         /* NONE: not checked */
    int seq;                     /* -1: not checked */
    char peer[MOB_NAME_MAX + 4]; /* BUL: the correspondent or home agent */
    char state[16];              /* BUL state ("" not checked) */
    mob_match_t match;           /* received, lost */
    int count;                   /* received, lost: exactly this many; -1 at least one */
    sim_time_t since;            /* received, lost, noted: counted from this time on */
    char note[64];               /* noted: the note's text */
    char a[MOB_NAME_MAX + 4], b[MOB_NAME_MAX + 4]; /* route_optimized */
} mob_expect_t;

typedef enum mob_auth {
    MOB_AUTH_NONE = 0, /* no Binding Authorization Data option */
    MOB_AUTH_WRONG,    /* a BAD option with an authenticator nobody computed */
    MOB_AUTH_SNIFFED,  /* from keygen tokens the node observed (docs/check.md) */
} mob_auth_t;

typedef struct mob_inject {
    char from[MOB_NAME_MAX + 4];
    int type; /* an MH type 0..7 */
    mob_aref_t src, dst, hao, rh2, alt_coa, be_home;
    uint16_t seq, flags, lifetime; /* lifetime in 4 s units (wire) */
    bool has_nonce_indices, has_home_ni, has_coa_ni;
    uint16_t home_ni, coa_ni;
    uint64_t cookie;
    uint8_t status; /* BA, BE */
    uint16_t refresh;
    bool has_refresh;
    uint8_t auth; /* mob_auth_t */
    uint8_t raw[MOB_STEP_RAW_MAX];
    size_t raw_len; /* "hex": these bytes instead of the fields */
} mob_inject_t;

typedef struct mob_step {
    uint8_t kind; /* mob_step_kind_t */
    sim_time_t at;
    bool has_by; /* expect: first instant in [at, by] where it holds */
    sim_time_t by;
    sim_time_t until;             /* drop/delay/duplicate: rule active in [at, until] */
    sim_time_t delay;             /* delay: extra delay; duplicate: the copy's lag */
    mob_match_t match;            /* drop/delay/duplicate */
    mob_expect_t exp;             /* expect */
    mob_inject_t inj;             /* inject */
    char path[32];                /* "$.script[3]", for reports */
    char name[MOB_STEP_NAME_MAX]; /* the step's "name", "" none */
} mob_step_t;

/* A node with no protocol role ("nodes", "kind": "node"): a passive host
 * or an attacker on a network; it holds one address (the network's prefix
 * and its iid), takes what is sent to it and observes what its taps copy
 * to it, and sends what a script injects from it (docs/check.md). */
typedef struct mob_pnode {
    char name[MOB_NAME_MAX];
    int net;
    uint64_t iid;
} mob_pnode_t;

/* A tap: every packet whose path starts or ends on network `net` is
 * copied to passive node `node` (an index into cfg.pnodes), which keeps
 * the keygen tokens it sees in HoT and CoT messages that are not inside a
 * home agent tunnel (RFC 6275 §5.2.6: that tunnel is protected). */
typedef struct mob_tap {
    int net;
    int node;
} mob_tap_t;

typedef struct mob_config {
    char name[64];
    char description[256];
    uint64_t seed;
    sim_time_t horizon;
    mob_scheme_t scheme;

    /* params */
    sim_time_t T_b, T_h, T_p, fwd_lifetime, fwd_buffer;

    bool rr_expedited;      /* "rr": "expedited" */
    sim_time_t bu_lifetime; /* requested lifetime of BUs */
    bool icmp_unreachable;

    mob_net_t *nets;
    int n_nets;

    mob_delay_t access_default;
    mob_delay_t core_default;
    mob_core_pair_t *pairs; /* core delays between two networks */
    int n_pairs;
    double loss; /* per-packet loss probability on every path, [0, 1] */

    mob_host_t *hosts;
    mob_mobility_t *mobility; /* one per host, parallel to hosts */
    int n_hosts;

    /* who talks to whom; none with exactly two hosts means the two */
    mob_peer_t *peers;
    int n_peers;

    mob_delay_t l2, movement_detection, dad;

    mob_move_t *moves;
    int n_moves;

    double traffic_rate; /* packets per second each way; 0 = no data */
    int traffic_size;    /* UDP payload bytes */

    bool initial_cold; /* "initial": "cold" */

    /* protocol switches (SCENARIOS.md) */
    mob_mh_routing_t mh_routing;
    bool cn_bu_after_home_ba;
    bool rr_after_home_ba; /* "rr_start": "after-home-ba" */
    bool cn_bu_ack;
    sim_time_t ha_dad;
    /* the least time between two Binding Errors a host sends (RFC 6275
     * §9.3.1: rate-limited as ICMPv6 errors are, RFC 4443 §2.4); 0: none */
    sim_time_t be_min_interval;

    /* capacities of the arrays above (mob_config_add_*) */
    int cap_nets, cap_pairs, cap_hosts, cap_peers, cap_moves;

    /* params.resend_on_peer_bu (hoa-signaling): a host that receives its
     * peer's BU from a new CoA re-sends what its own registration waits for
     * at once (the paper's partial-deployment remark); false: only the
     * RFC 6275 retransmission timers re-send */
    bool resend_on_peer_bu;
    /* "icmp": how routers send ICMP errors, used only with icmp_unreachable
     * (models/icmp.h) */
    sim_time_t icmp_resolution_delay; /* RFC 4861 §7.3.3: 3 x 1 s = 3 s */
    int icmp_queue;                   /* packets held per address (RFC 4861 §7.2.2: >= 1) */
    double icmp_rate;                 /* RFC 4443 §2.4 (f) tokens per second; 0 = no limit */
    int icmp_burst;                   /* the bucket's size */
    /* params.max_ro_failure: after this many failed RR/BU attempts with one
     * correspondent the MN gives up route optimization with it until its
     * next move (RFC 6275 §5.2.9, §11.6; an implementation constant, not
     * in §12); 0: never give up (the default, today's behaviour) */
    int max_ro_failure;
    /* who does no route optimization with whom (owned:
     * mob_config_add_no_ro) */
    mob_no_ro_t *no_ro;
    int n_no_ro, cap_no_ro;
    /* the cell graph, vehicles and host classes (owned: mob_config_add_*) */
    mob_edge_t *edges;
    int n_edges, cap_edges;
    mob_group_t *groups;
    int n_groups, cap_groups;
    mob_class_t *classes;
    int n_classes, cap_classes;
    /* the scenario had a `population` block (its networks, hosts, pairs and
     * classes are generated into the arrays above): the report adds its
     * population figures */
    bool has_population;
    /* "script" (owned: mob_config_add_step), in file order */
    mob_step_t *steps;
    int n_steps, cap_steps;
    /* "nodes" and "taps" (owned: mob_config_add_pnode, _add_tap) */
    mob_pnode_t *pnodes;
    int n_pnodes, cap_pnodes;
    mob_tap_t *taps;
    int n_taps, cap_taps;
} mob_config_t;

/* Every default of SCENARIOS.md, no networks or hosts. c is overwritten:
 * call it on a fresh struct or after mob_config_free(). */
void mob_config_defaults(mob_config_t *c);

/* Frees the arrays; c is then a config with no networks, hosts, moves,
 * pairs or peers (the scalars are kept). NULL is a no-op. */
void mob_config_free(mob_config_t *c);

/* A deep copy of src into dst (overwritten, as by mob_config_defaults).
 * 0, or -1 when out of memory (dst is then empty, free-able). */
int mob_config_copy(mob_config_t *dst, const mob_config_t *src);

/* Appends a zeroed entry and returns it, or NULL when out of memory (or
 * beyond MOB_CONFIG_MAX_ITEMS). Pointers into the array are invalidated.
 * A host gets a disabled mobility entry; its home and start are -1. */
mob_net_t *mob_config_add_net(mob_config_t *c);
mob_host_t *mob_config_add_host(mob_config_t *c);
mob_move_t *mob_config_add_move(mob_config_t *c);
mob_core_pair_t *mob_config_add_pair(mob_config_t *c);
mob_peer_t *mob_config_add_peer(mob_config_t *c);
mob_no_ro_t *mob_config_add_no_ro(mob_config_t *c);
mob_edge_t *mob_config_add_edge(mob_config_t *c);
mob_group_t *mob_config_add_group(mob_config_t *c); /* start -1, mobility enabled */
mob_class_t *mob_config_add_class(mob_config_t *c);
mob_step_t *mob_config_add_step(mob_config_t *c);
mob_pnode_t *mob_config_add_pnode(mob_config_t *c);
mob_tap_t *mob_config_add_tap(mob_config_t *c);

/* Sets host's mobility network list to a copy of nets[0..n). 0 or -1. */
int mob_config_set_mobility_nets(mob_config_t *c, int host, const int *nets, int n);
/* The same for vehicle `group`'s network list. 0 or -1. */
int mob_config_set_group_nets(mob_config_t *c, int group, const int *nets, int n);

/* Names for the enums, as the scenario files spell them. */
const char *mob_scheme_name(mob_scheme_t s);
int mob_scheme_from_name(const char *name); /* -1 when unknown */

#endif /* MOBSIM_MODELS_CONFIG_H */
