/* models/metrics.h - what one run (episode) measured.
 *
 * Filled by the models as the run goes (never scripted): analysis/ turns it
 * into the JSON object and the human summary of `mobsim run`, and aggregates
 * many of them in sweeps. Times are nanoseconds; converted to seconds only on
 * output.
 */
#ifndef MOBSIM_MODELS_METRICS_H
#define MOBSIM_MODELS_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/addr.h"
#include "sim/time.h"

#define MOB_LOST_MAX 256 /* lost control messages listed (all are counted) */

/* One lost control message. */
typedef struct mob_lost {
    char type[16];      /* "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE", "BRR", scheme names */
    char from[32];      /* sending node ("A", "HA_B", "AR_B1") */
    char to[32];        /* the node it was meant for ("B") */
    net_addr_t to_addr; /* the address it was sent to */
    char where[32];     /* node or network where it died ("AR_B1", "link") */
    sim_time_t sent_at;
    sim_time_t died_at;
    char why[32]; /* "stale-address", "link-loss", "no-binding", "malformed", ... */
} mob_lost_t;

/* One pair of correspondents (cfg.peers, or the two hosts of a two-host
 * world), with the same meanings as the top-level fields for A and B. A
 * direction x -> y is "restored" when x's binding cache holds y's current
 * CoA and route-optimized data from x reached y after that; for a pair
 * with a stationary correspondent only the direction toward the mobile
 * host exists (has_ab / has_ba say which: docs/model.md). */
typedef struct mob_pair_metrics {
    int a, b;            /* host indices */
    bool has_ab, has_ba; /* the direction applies */
    bool restored_ab, restored_ba;
    sim_time_t restored_at_ab, restored_at_ba; /* absolute; -1 if never */
    bool has_restore_time;
    /* restore_time: from the later L2 detach of the two until every direction
     * that applies is restored; sig_*: correspondent signaling between the
     * two, either way (HoTI/HoT relayed by a home agent count) */
    sim_time_t restore_time;
    uint64_t sig_sent, sig_lost;
    uint64_t data_sent, data_lost;           /* data between the two, both ways */
    sim_time_t disruption_ab, disruption_ba; /* longest gap in delivery a -> b, b -> a */
    /* route optimization given up (RFC 6275 §5.2.9, params.max_ro_failure)
     * by a or b toward the other: the first time (absolute; -1 never) and
     * how many times */
    bool ro_fallback;
    sim_time_t ro_fallback_at;
    uint64_t ro_fallbacks;
} mob_pair_metrics_t;

/* One handoff record (docs/model.md, "Handoff records"): a handoff of
 * mobile host `host` (its L2 detach at `time`) seen from one correspondent
 * `peer`. Networks and hosts are indices into the config. */
typedef struct mob_handoff_row {
    sim_time_t time;          /* host's L2 detach (absolute) */
    int host, from, to, peer; /* host, networks left and moved to, the correspondent */
    bool has_peer_offset;     /* false when the peer never hands off */
    sim_time_t peer_offset;   /* the peer's nearest detach minus time (signed) */
    bool episode;             /* a loss of the pair addressed to a departed CoA of the two */
    uint64_t lost;            /* control messages of the pair lost while the row was open */
    bool restored;            /* every direction of the pair restored before the row closed */
    sim_time_t restore_time;  /* that instant minus time (valid when restored) */
    bool fallback;            /* route optimization given up by either while open */
    bool broken_before;       /* the pair was already broken at the detach (an earlier handoff
                               * of either not yet restored, or a fallback) */
} mob_handoff_row_t;

/* Load of one home agent over the run (recorded handoffs only). */
typedef struct mob_ha_load {
    int net;                /* the home network (cfg.nets index) */
    int node;               /* its node id (mob_world_node_name) */
    uint64_t msgs;          /* control messages it received */
    double msgs_per_s_mean; /* msgs / horizon (s) */
    double msgs_per_s_p99;  /* p99 over 1 s bins, empty bins included */
    uint64_t peak_copies;   /* most scheme copies held at once */
    uint64_t peak_bytes;    /* most bytes of scheme copies held at once */
} mob_ha_load_t;

/* What mob_world_record_handoffs() adds to a run (docs/model.md, "Handoff
 * records"): the rows in detach order (ties: host order, then the host's
 * correspondents' order) and the pair-state figures. Fractions are NaN when
 * their denominator is 0. Borrowed from the world like pairs. */
typedef struct mob_handoff_metrics {
    const mob_handoff_row_t *rows;
    size_t n_rows;
    uint64_t handoffs;       /* L2 detaches of mobile hosts */
    uint64_t episode_rows;   /* rows with episode */
    uint64_t episodes;       /* broken intervals with a departed-address loss */
    uint64_t outages;        /* broken intervals */
    double broken_ro_frac;   /* broken pair-time / (pairs x horizon) */
    double no_delivery_frac; /* gap time above 2 / rate / (directions with data x horizon) */
    sim_time_t outage_p50, outage_p95, outage_p99; /* nearest rank; 0 without outages */
    const mob_ha_load_t *ha;                       /* one per home agent, in network order */
    size_t n_ha;
    uint64_t ar_fwd_max; /* peak forwarding entries at one access router */
    double ar_fwd_mean;  /* mean over access routers of their peak (NaN: none) */
    sim_time_t horizon;  /* the time the figures cover */
} mob_handoff_metrics_t;

typedef struct mob_metrics {
    /* per direction: A_to_B = A's binding cache holds B's current CoA and
     * route-optimized data flows A -> B */
    bool restored_ab, restored_ba;
    sim_time_t restored_at_ab, restored_at_ba; /* absolute; -1 if never */
    bool has_restore_time;
    sim_time_t restore_time; /* from the later L2 detach until both restored */
    sim_time_t last_detach;  /* the later of the first pair's last L2 detach; -1 none */

    uint64_t sig_sent, sig_lost, sig_reforwarded;
    uint64_t sig_bytes;      /* bytes of control messages put on the network */
    uint64_t scheme_msgs;    /* messages of the scheme itself (queries, updates, fwd installs) */
    uint64_t ha_peak_copies; /* most control-message copies an HA held at once */
    sim_time_t sig_latency_mean; /* mean one-way latency of delivered control messages */
    mob_lost_t lost[MOB_LOST_MAX];
    size_t n_lost; /* entries in lost[] (<= MOB_LOST_MAX; sig_lost counts all) */

    uint64_t data_sent, data_lost, data_received;
    sim_time_t data_delay_mean, data_delay_p95;
    sim_time_t disruption_ab, disruption_ba; /* longest gap in data delivery */

    bool consecutive_mobility; /* a host moved again before its signaling finished */
    uint64_t events;           /* events the run processed */

    /* per pair of correspondents, in cfg.peers order. Borrowed from the
     * world: valid until mob_world_destroy(); a copy of the struct must not
     * read them after that. The fields above are those of the first pair
     * (A and B in a two-host world) plus totals over the world. */
    const mob_pair_metrics_t *pairs;
    size_t n_pairs;

    /* a host gave up route optimization with a correspondent (any pair):
     * the first time (absolute; -1 never), and how many times */
    bool ro_fallback;
    sim_time_t ro_fallback_at;
    uint64_t ro_fallbacks;

    /* handoff records (mob_world_record_handoffs), borrowed from the world
     * like pairs; NULL when not recorded */
    const mob_handoff_metrics_t *handoffs;
} mob_metrics_t;

#endif /* MOBSIM_MODELS_METRICS_H */
