/* models/world.h - one episode: the network, the two mobile hosts, their
 * home agents, the scheme, the data flows, built from a mob_config_t inside
 * one sim_t.
 *
 *   sim_t *sim = sim_create((sim_stream_id_t){cfg.seed, point, rep});
 *   mob_world_t *w;
 *   if (mob_world_create(&cfg, sim, &w, &err) == 0) {
 *       mob_world_run(w);                    // to cfg.horizon
 *       const mob_metrics_t *m = mob_world_metrics(w);
 *       ...
 *       mob_world_destroy(w);
 *   }
 *   sim_destroy(sim);
 *
 * Trace records (packets with their bytes, drops with reasons, bindings,
 * handoff phases, scheme actions) go to sim's bus: subscribe before
 * mob_world_run(). Node ids in records are indices for mob_world_node_name().
 */
#ifndef MOBSIM_MODELS_WORLD_H
#define MOBSIM_MODELS_WORLD_H

#include "models/config.h"
#include "models/metrics.h"
#include "sim/err.h"
#include <stdbool.h>

#include "sim/sim.h"

typedef struct mob_world mob_world_t;

/* The model's own bounds on the processes that make events, behind the
 * loader's tighter ones (docs/model.md, "Bounds"). */
#define MOB_MAX_TRAFFIC_RATE   1e6       /* data packets per second each way */
#define MOB_MAX_HANDOFF_RATE   1e6       /* Poisson handoffs per second */
#define MOB_MIN_DWELL_MEAN     SIM_US(1) /* mean of a dwell-time distribution */
#define MOB_MAX_PROCESS_EVENTS 1e10      /* data packets + handoffs over the horizon */

/* Builds the world in sim (borrowed; must outlive the world). cfg is copied.
 * Returns 0 and *out, or -SIM_EINVAL with a message in err when the config
 * is inconsistent or implies an absurd number of events (a traffic rate
 * above MOB_MAX_TRAFFIC_RATE or a NaN one, a Poisson rate above
 * MOB_MAX_HANDOFF_RATE, a mean dwell below MOB_MIN_DWELL_MEAN, more than
 * MOB_MAX_PROCESS_EVENTS packets and handoffs), -SIM_ENOMEM. */
int mob_world_create(const mob_config_t *cfg, sim_t *sim, mob_world_t **out, sim_err_t *err);
void mob_world_destroy(mob_world_t *w); /* NULL is a no-op */

/* Runs to the horizon and finalises the metrics. Returns 0, or a negative
 * SIM_E code on an internal failure (out of memory). */
int mob_world_run(mob_world_t *w);

/* Called by mob_world_run_sliced() after each slice of simulated time, with
 * the clock and the horizon; returning false stops the run early (the
 * metrics are then those of a run cut at `now`). ctx is borrowed. */
typedef bool mob_world_tick_fn(void *ctx, sim_time_t now, sim_time_t horizon);

/* mob_world_run() in slices of `slice` simulated time (> 0), calling tick
 * (may be NULL) between slices: a progress line, a stop request. The events
 * and results are exactly those of mob_world_run(): slicing adds no event.
 * Returns 0, -SIM_ESTATE when tick stopped the run, or -SIM_ENOMEM. */
int mob_world_run_sliced(mob_world_t *w, sim_time_t slice, mob_world_tick_fn *tick, void *ctx);

const mob_metrics_t *mob_world_metrics(const mob_world_t *w);

/* Turns on the handoff records (docs/model.md, "Handoff records"): one row
 * per (handoff, correspondent), the pair states, home agent and access
 * router load, in m->handoffs after the run. Call after mob_world_create()
 * and before the run; a config with has_population records from creation.
 * Off, they cost one branch per hook. Returns 0 or -SIM_ENOMEM. */
int mob_world_record_handoffs(mob_world_t *w);
const mob_config_t *mob_world_config(const mob_world_t *w);

/* Name of a node id used in trace records ("A", "HA_A", "AR_B1"); "?" when
 * out of range. */
const char *mob_world_node_name(const mob_world_t *w, int node);
int mob_world_n_nodes(const mob_world_t *w);

/* Schedules raw bytes to be put on the network by node `from` (a host or a
 * router) at time `at` (>= now): a crafted or replayed packet, for
 * regression tests and experiments. The bytes are copied; receivers parse
 * them like any other packet (malformed ones are dropped as "malformed").
 * Returns 0, or -SIM_EINVAL (unknown node, empty or oversized packet),
 * -SIM_ENOMEM. Call before or during mob_world_run(). */
int mob_world_inject(mob_world_t *w, sim_time_t at, int from, const uint8_t *bytes, size_t len);

/* Node id of a name ("A", "HA_B", "AR_B1"), or -1. */
int mob_world_node_id(const mob_world_t *w, const char *name);

/* A short label for a packet as it is on the wire, for charts and logs:
 * "HoTI", "CoT", "BU seq 7", "BA seq 7 status 0", "BE status 1", "data",
 * "ICMP unreachable", "FWD-INSTALL", "PROXY-QUERY"...; a tunneled packet is
 * labelled by its inner packet. Writes into buf (cap >= 48) and returns it;
 * "?" for bytes that do not parse. Never reads past len. */
const char *mob_packet_label(const uint8_t *bytes, size_t len, char *buf, size_t cap);

/* true when the packet (or its tunneled inner packet) is a data packet. */
bool mob_packet_is_data(const uint8_t *bytes, size_t len);

/* The protocol state of the world at this instant, for teaching views: the
 * first MOB_VIEW_MAX hosts and home agents, and per host its first
 * MOB_VIEW_MAX correspondents (a panel of more stops being readable);
 * n_* are those shown, *_total all of them. */
#define MOB_VIEW_MAX 8

/* One correspondent of a host (RFC 6275 §9.1 / §11.1): the CN role's
 * binding cache entry for the peer's home address and the MN role's binding
 * update list entry toward the peer. */
typedef struct mob_corr_view {
    char peer[MOB_NAME_MAX]; /* the correspondent's name */
    bool peer_stationary;    /* a stationary correspondent: never sends BUs */
    /* CN role: binding cache entry for the peer's home address */
    bool bce_valid;
    net_addr_t bce_coa;
    sim_time_t bce_expires;
    /* MN role: binding update list entry toward the peer (a stationary
     * host has none: cr_state NULL) */
    const char *cr_state; /* "idle", "RR", "BU wait", "BU sent", "bound", "failed" */
    bool have_home_token, have_coa_token;
    uint16_t bu_seq;
    /* added for `run --state-at` (the panels above do not show them) */
    net_addr_t peer_hoa; /* the key of the binding cache entry */
    uint16_t bce_seq;    /* the sequence number the entry was made with */
    net_addr_t bul_coa;  /* MN role: the CoA being registered / registered */
    bool bu_acked;       /* MN role: the peer acknowledged bul_coa */
    bool ro_fallback;    /* MN role: route optimization given up until the next move */
} mob_corr_view_t;

typedef struct mob_host_view {
    char name[MOB_NAME_MAX];
    bool stationary;        /* MOB_HOST_CORRESPONDENT: CN role only, no home registration */
    bool attached;          /* has a usable CoA */
    char net[MOB_NAME_MAX]; /* network it is on or moving to */
    net_addr_t hoa, coa;    /* a stationary host: both its fixed address */
    /* MN role: home registration (never for a stationary host) */
    bool home_registered;
    uint16_t home_seq;
    /* its home agent's binding cache entry for hoa (the home binding):
     * home_agent "" for a stationary host */
    char home_agent[MOB_NAME_MAX];
    bool home_bce_valid;
    net_addr_t home_bce_coa;
    uint16_t home_bce_seq;
    sim_time_t home_bce_expires;
    /* its correspondents, in the order the world keeps them (cfg.peers) */
    int n_corr, n_corr_total;
    mob_corr_view_t corr[MOB_VIEW_MAX];
} mob_host_view_t;

typedef struct mob_ha_view {
    char name[MOB_NAME_MAX];
    int n_bindings; /* shown (at most MOB_VIEW_MAX) */
    struct {
        char host[MOB_NAME_MAX];
        net_addr_t hoa, coa;
        uint16_t seq;
    } bind[MOB_VIEW_MAX];
    int copies_held; /* scheme copies (hoa-signaling, proxies) held now */
} mob_ha_view_t;

typedef struct mob_world_view {
    sim_time_t now;
    int n_hosts, n_has;
    int n_hosts_total, n_has_total;
    mob_host_view_t host[MOB_VIEW_MAX];
    mob_ha_view_t ha[MOB_VIEW_MAX];
} mob_world_view_t;

/* The same state without the MOB_VIEW_MAX caps, one host, correspondent or
 * home agent at a time (`mobsim run --state-at` prints every one of them).
 * Hosts are 0 .. mob_world_n_hosts() - 1 (host i is node id i). */
int mob_world_n_hosts(const mob_world_t *w);

/* Host `host` as in mob_world_view(), its first MOB_VIEW_MAX correspondents
 * in hv->corr (hv->n_corr_total counts all). host out of range: a zeroed
 * view with name "?". */
void mob_world_host_view(const mob_world_t *w, int host, mob_host_view_t *hv);

/* Correspondent k (0 <= k < n_corr_total) of host, in the world's order.
 * Out of range: a zeroed view with peer "?". */
void mob_world_corr_view(const mob_world_t *w, int host, int k, mob_corr_view_t *cv);

/* Home agents, in network order: 0 .. mob_world_n_home_agents() - 1. The
 * name ("HA_A") is borrowed for the world's life; "?" when out of range.
 * A home agent's bindings are the home_bce_* of the hosts whose
 * home_agent is its name. */
int mob_world_n_home_agents(const mob_world_t *w);
const char *mob_world_home_agent_name(const mob_world_t *w, int k);
/* Copies of control messages home agent k holds now for its scheme
 * (hoa-signaling's T_b copies, the proxies' T_h copies); 0 otherwise. */
int mob_world_home_agent_copies(const mob_world_t *w, int k);

/* Fills *v with the current state (cheap: about 10 KB copied, no allocation). */
void mob_world_view(const mob_world_t *w, mob_world_view_t *v);

#endif /* MOBSIM_MODELS_WORLD_H */
