/* models/config.h - the description of one world, as the models take it.
 *
 * Plain data, filled by scenarios/ from a scenario file (every key of
 * SCENARIOS.md maps to a field here) or by a test in C. models/ never reads
 * files: it receives this struct. All times are sim_time_t nanoseconds;
 * indices refer into the arrays of the same struct. mob_config_defaults()
 * sets every default of SCENARIOS.md.
 */
#ifndef MOBSIM_MODELS_CONFIG_H
#define MOBSIM_MODELS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "models/addr.h"
#include "sim/time.h"

#define MOB_MAX_NETS 32
#define MOB_MAX_HOSTS 2 /* the paper's two mobile hosts, A and B */
#define MOB_MAX_MOVES 64
#define MOB_MAX_PAIRS 64
#define MOB_NAME_MAX 32

typedef enum mob_dist_kind {
    MOB_DIST_CONST = 0, /* a */
    MOB_DIST_UNIFORM,   /* a = min, b = max */
    MOB_DIST_EXP,       /* a = mean */
    MOB_DIST_LOGNORMAL, /* a = median, sigma */
    MOB_DIST_NORMAL,    /* a = mean, b = sd; truncated at 0 */
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
    net_addr_t prefix;           /* a /64: only the first 8 bytes count */
    bool is_home;                /* has a home agent */
    char home_agent[MOB_NAME_MAX]; /* the HA's name ("HA_A"); "" for foreign nets */
    bool has_access;             /* per-network access delay given */
    mob_delay_t access;
    bool deploy;                 /* scheme deployed here (HA of a home net, AR of a foreign net) */
} mob_net_t;

typedef struct mob_core_pair {
    int a, b; /* network indices, unordered */
    mob_delay_t delay;
} mob_core_pair_t;

typedef struct mob_host {
    char name[MOB_NAME_MAX];
    int home;  /* network index of the home network */
    int start; /* network index where it is at t = 0 */
    uint64_t iid; /* interface identifier; default 0x100 * (index + 1) */
} mob_host_t;

typedef struct mob_move {
    int host;      /* host index */
    sim_time_t at; /* L2 detach */
    int to;        /* network index */
} mob_move_t;

typedef struct mob_mobility {
    bool enabled;      /* handoffs by a process replace scripted moves for this host */
    double rate;       /* Poisson: handoffs per second (exponential dwell times) */
    bool has_dwell;    /* dwell times drawn from `dwell` instead (a renewal process) */
    mob_delay_t dwell; /* time on a network before the next handoff; mean above 0 */
    int nets[MOB_MAX_NETS];
    int n_nets;        /* networks to pick from (never the current one) */
} mob_mobility_t;

typedef enum mob_mh_routing {
    MOB_MH_BINDING_CACHE = 0, /* paper model: HoTI/CoTI/BU follow the binding cache */
    MOB_MH_RFC6275,           /* strict RFC 6275 §6.1: to the peer's home address */
} mob_mh_routing_t;

typedef struct mob_config {
    char name[64];
    char description[256];
    uint64_t seed;
    sim_time_t horizon;
    mob_scheme_t scheme;

    /* params */
    sim_time_t T_b, T_h, T_p, fwd_lifetime, fwd_buffer;

    bool rr_expedited;         /* "rr": "expedited" */
    sim_time_t bu_lifetime;    /* requested lifetime of BUs */
    bool icmp_unreachable;

    mob_net_t nets[MOB_MAX_NETS];
    int n_nets;

    mob_delay_t access_default;
    mob_delay_t core_default;
    mob_core_pair_t pairs[MOB_MAX_PAIRS];
    int n_pairs;
    double loss; /* per-packet loss probability on every path, [0, 1] */

    mob_host_t hosts[MOB_MAX_HOSTS];
    int n_hosts;

    mob_delay_t l2, movement_detection, dad;

    mob_move_t moves[MOB_MAX_MOVES];
    int n_moves;
    mob_mobility_t mobility[MOB_MAX_HOSTS];

    double traffic_rate; /* packets per second each way; 0 = no data */
    int traffic_size;    /* UDP payload bytes */

    bool initial_cold;   /* "initial": "cold" */

    /* protocol switches (SCENARIOS.md) */
    mob_mh_routing_t mh_routing;
    bool cn_bu_after_home_ba;
    bool rr_after_home_ba; /* "rr_start": "after-home-ba" */
    bool cn_bu_ack;
    sim_time_t ha_dad;
} mob_config_t;

/* Every default of SCENARIOS.md, no networks or hosts. */
void mob_config_defaults(mob_config_t *c);

/* Names for the enums, as the scenario files spell them. */
const char *mob_scheme_name(mob_scheme_t s);
int mob_scheme_from_name(const char *name); /* -1 when unknown */

#endif /* MOBSIM_MODELS_CONFIG_H */
