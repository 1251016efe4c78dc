/* analysis/msc.h - message sequence charts of one run, drawn from its trace.
 *
 * A recorder subscribes to a world's trace bus before the run and keeps what
 * a chart needs, copied out of the records (a record is only valid during
 * its callback):
 *   - hops: one per transmission (trace id). A hop starts where a node sent a
 *     packet and ends where it was received or died; a hop that a home agent
 *     or access router passed on is linked to the hop it continues (`parent`)
 *     so every hop knows the host that first sent the message (`origin`);
 *   - marks: handoff phases, binding changes, scheme actions and notes, each
 *     on the lifeline of the node where it happened;
 *   - holds: intervals during which a node kept a copy of a message (an AR
 *     buffering a packet for a departed address, a home agent's T_b copy, a
 *     proxy's T_h copy);
 *   - handoffs: per host, L2 detach .. CoA usable;
 *   - steps: every non-data record in order, with a sentence saying what
 *     happened and (optionally) the protocol state after it (mob_world_view),
 *     for the teaching demos.
 * Nothing is scripted: whatever the writers draw comes from these records.
 *
 * Writers: SVG (lifelines, arrows at simulated send and receive times, red
 * crosses with the reason where messages died, shaded handoffs, scheme
 * marks, a time axis with idle stretches cut out), mscgen text, and a compact
 * ASCII chart of the steps so far for terminals. Writers take a FILE* and
 * report write errors; writing to a temporary file and renaming it is the
 * caller's business (cli/).
 *
 * Lifetimes: msc_create() borrows sim and w; the recorder must be finished
 * (msc_finish()) or destroyed before either of them is destroyed. After
 * msc_finish() the recorder needs neither. One recorder per world, one thread.
 */
#ifndef MOBSIM_ANALYSIS_MSC_H
#define MOBSIM_ANALYSIS_MSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "models/world.h"
#include "sim/sim.h"

typedef struct msc msc_t;

enum msc_flags {
    MSC_KEEP_DATA = 1u << 0,  /* keep data packets too (many: the CBR flows) */
    MSC_KEEP_VIEWS = 1u << 1, /* keep the protocol state after every step */
};

typedef enum msc_fate {
    MSC_IN_FLIGHT = 0, /* not yet arrived (or still in flight at the horizon) */
    MSC_DELIVERED,     /* received by `to` */
    MSC_LOST,          /* died at `to` (`why`) */
    MSC_HELD,          /* arrived at `to`, kept there (AR buffer), fate pending */
} msc_fate_t;

/* One hop of a message. Node ids are the world's (msc_node_name()). */
typedef struct msc_hop {
    uint64_t id;  /* the trace id of the transmission */
    int from, to; /* sender; where it arrived or died (-1 in flight) */
    int intended; /* the node the message is meant for */
    int origin;   /* the node that first sent the message */
    int parent;   /* index of the hop this one continues, -1 */
    int code;     /* MH type (models/mh.h), -1 for data */
    sim_time_t sent_at;
    sim_time_t end_at;     /* arrival or death; -1 in flight */
    sim_time_t held_until; /* MSC_HELD/buffered hops: when the buffer let go; -1 */
    msc_fate_t fate;
    bool is_data, is_tunnel;
    char label[48];             /* mob_packet_label(): "HoTI", "BU seq 7", "BA seq 7 status 0" */
    char dst[48];               /* where the hop was sent (a tunnel: its outer address) */
    char why[32];               /* reason of death ("stale-address") */
    uint64_t seq_sent, seq_end; /* record sequence numbers (layout order) */
    size_t step_sent, step_end; /* steps at which it left and arrived/died */
    int n_next;                 /* hops that continue this one */
} msc_hop_t;

typedef enum msc_mark_kind {
    MSC_MARK_HANDOFF = 0, /* code: 0 L2 detach, 1 L2 attach, 2 movement detected, 3 CoA usable */
    MSC_MARK_BINDING,     /* what: "updated", "home-updated", "deleted-icmp", ... */
    MSC_MARK_SCHEME,      /* what: "HA buffered", "HA re-forwarded", "AR forwarded", ... */
    MSC_MARK_NOTE,
} msc_mark_kind_t;

typedef struct msc_mark {
    msc_mark_kind_t kind;
    int node, peer, code;
    sim_time_t at;
    char what[64];
    char text[96]; /* short text for the chart ("home binding A -> A2") */
    bool is_data;  /* about a data packet (an AR buffering data) */
    uint64_t seq;
    size_t step;
} msc_mark_t;

/* A copy or buffered packet kept at a node. */
typedef struct msc_hold {
    int node;
    int hop;                /* the hop whose packet is kept, -1 unknown */
    int code, peer;         /* message type and the node it is meant for */
    sim_time_t from, until; /* until -1: still kept at the end of the run */
    char what[32];          /* "AR buffer", "HA copy (T_b)", "proxy copy (T_h)" */
    char end[32];           /* "forwarded", "re-forwarded", "discarded (T_b)", "dropped" */
    int n_resent;           /* times the kept copy was sent on (re-forwarded, re-sent) */
    bool is_data;
    uint64_t seq_from, seq_until;
    size_t step_from, step_until;
} msc_hold_t;

/* A handoff of a host: L2 detach .. CoA usable (until -1: not finished). */
typedef struct msc_handoff {
    int host;
    sim_time_t from, until;
    char from_net[32], to_net[32]; /* network names, "" when unknown */
    uint64_t seq_from, seq_until;
    size_t step_from, step_until;
} msc_handoff_t;

/* What a step refers to. */
typedef enum msc_step_ref { MSC_REF_HOP_SENT, MSC_REF_HOP_END, MSC_REF_MARK } msc_step_ref_t;

typedef struct msc_step {
    sim_time_t at;
    sim_trace_kind_t kind;
    msc_step_ref_t ref;
    int item;       /* hop or mark index */
    bool is_loss;   /* a message died here */
    uint64_t seq;   /* record sequence number */
    char text[200]; /* "AR_B1: A's CoTI for B died: stale-address (sent at 1.100000 s)" */
} msc_step_t;

/* Creates a recorder on sim's bus for world w (both borrowed). flags:
 * MSC_KEEP_DATA, MSC_KEEP_VIEWS. Returns 0 and *out, or -SIM_ENOMEM. */
int msc_create(sim_t *sim, const mob_world_t *w, unsigned flags, msc_t **out);

/* Stops recording: unsubscribes and copies what the writers need from the
 * world (its metrics for the default window). Call after mob_world_run();
 * afterwards sim and w may be destroyed. Idempotent. Returns 0, or
 * -SIM_ENOMEM if recording ran out of memory at some point (the chart would
 * be incomplete: do not draw it). */
int msc_finish(msc_t *m);

/* Finishes if needed (so sim and w must still exist then) and frees. NULL
 * is a no-op. */
void msc_destroy(msc_t *m);

/* What was recorded. Pointers are valid until msc_destroy() (and, while
 * recording, until the next record). Indices out of range give NULL. */
size_t msc_n_hops(const msc_t *m);
const msc_hop_t *msc_hop(const msc_t *m, size_t i);
size_t msc_n_marks(const msc_t *m);
const msc_mark_t *msc_mark(const msc_t *m, size_t i);
size_t msc_n_holds(const msc_t *m);
const msc_hold_t *msc_hold(const msc_t *m, size_t i);
size_t msc_n_handoffs(const msc_t *m);
const msc_handoff_t *msc_handoff(const msc_t *m, size_t i);
size_t msc_n_steps(const msc_t *m);
const msc_step_t *msc_step(const msc_t *m, size_t i);
/* The state after step i (MSC_KEEP_VIEWS), or NULL. */
const mob_world_view_t *msc_step_view(const msc_t *m, size_t i);

int msc_n_nodes(const msc_t *m);
const char *msc_node_name(const msc_t *m, int node);    /* "?" when out of range */
int msc_node_by_name(const msc_t *m, const char *name); /* -1 when unknown */
/* The scenario's name and description, for titles. */
const char *msc_title(const msc_t *m);
const char *msc_description(const msc_t *m);
int msc_n_hosts(const msc_t *m);
/* true for a stationary correspondent (MOB_HOST_CORRESPONDENT): no home
 * agent, never moves. */
bool msc_host_stationary(const msc_t *m, int host);
/* The name of the network whose /64 prefix holds addr, or "". */
const char *msc_net_of(const msc_t *m, const net_addr_t *addr);

/* The first hop whose message was first sent by `origin` (NULL: any), with
 * this label, that ended at `to` (NULL: any) with fate `fate`; -1 if none. */
int msc_find_hop(const msc_t *m, const char *origin, const char *label, const char *to,
                 msc_fate_t fate);
/* The index of the first step at or after `from` whose text contains all
 * of the given substrings (NULL-terminated list); -1 if none. */
long msc_find_step(const msc_t *m, size_t from, const char *const *words);

/* ------------------------------------------------------------ charts */

typedef struct msc_opts {
    sim_time_t from, to; /* window; -1: automatic (msc_window()) */
    int data_every;      /* 0: no data; N: every N-th data packet of each host */
    double px_per_ms;    /* vertical scale of the stretches drawn to scale */
    sim_time_t gap;      /* idle stretches longer than this are cut out; < 0: never */
    bool interactive;    /* SVG: data-s/data-e step attributes for the HTML demo */
} msc_opts_t;

/* from = to = -1, no data, 3 px per ms, gap 100 ms, not interactive. */
void msc_opts_default(msc_opts_t *o);

/* The chart's window. Automatic: from 50 ms before the first L2 detach (or
 * the first record) to 150 ms after both directions were restored (with
 * more than one pair of correspondents: every direction of every pair), or
 * 3 s after the later L2 detach when they were not. A chart also shows the
 * end of every hop that left within the window. */
void msc_window(const msc_t *m, const msc_opts_t *o, sim_time_t *from, sim_time_t *to);

/* The steps shown by a chart of this window: [*first, *end). */
void msc_step_range(const msc_t *m, const msc_opts_t *o, size_t *first, size_t *end);

/* Which hops and marks a chart of o shows: hops[msc_n_hops()] and
 * marks[msc_n_marks()] (either may be NULL). A hop is shown when it left
 * within the window (data: only every N-th packet of each host, with all
 * its later hops); a mark when it is within the window. */
void msc_shown(const msc_t *m, const msc_opts_t *o, bool *hops, bool *marks);

/* Nodes drawn, left to right: the first half of the hosts (config order,
 * the extra one of an odd count on the left), each followed by the access
 * routers of the networks it visited (in the order visited) and its home
 * agent; the nodes that belong to nobody; then the other hosts mirrored,
 * each as its home agent, its access routers (last visited first), the
 * host. A router that hosts share stands once, with the first of them.
 * Two hosts: A, A's ARs, HA_A, ..., HA_B, B's ARs, B. Every host is drawn;
 * other nodes only when they take part in the window. Fills order[]
 * (capacity cap) and returns the count. */
int msc_lifelines(const msc_t *m, const msc_opts_t *o, int *order, int cap);

/* x of column col (0 = leftmost lifeline) in the SVG, in its user units. */
double msc_svg_column_x(int col);

/* Writes the chart as SVG 1.1. Returns 0, or -SIM_EIO when writing failed,
 * -SIM_ENOMEM. */
/* Writes s with &, <, > and " escaped for XML/HTML text (control characters
 * other than newline and tab dropped). */
void msc_xml_escape(FILE *f, const char *s);

int msc_write_svg(const msc_t *m, const msc_opts_t *o, FILE *f);

/* The same chart as mscgen input (one arc per hop, at the row where it
 * arrived or died; marks as boxes). Returns 0 or -SIM_EIO. */
int msc_write_mscgen(const msc_t *m, const msc_opts_t *o, FILE *f);

/* Compact ASCII chart of the window's steps up to and including step
 * `upto` (an index into the steps): one row per arrival, loss or mark,
 * lifelines as columns, at most `max_rows` rows (the latest), each at most
 * `width` columns; then the messages still in flight after that step.
 * Returns 0 or -SIM_EIO. */
int msc_write_ascii(const msc_t *m, const msc_opts_t *o, size_t upto, int width, int max_rows,
                    FILE *f);

/* For the HTML demo: the y coordinate (in the SVG of the same opts) of the
 * moment of step i; -1 when outside the chart. Costs a layout: call
 * msc_step_ys() for all steps at once. Fills ys[first..end) of msc_step_range
 * (ys has msc_n_steps() entries). Returns 0 or -SIM_ENOMEM. */
int msc_step_ys(const msc_t *m, const msc_opts_t *o, double *ys);

#endif /* MOBSIM_ANALYSIS_MSC_H */
