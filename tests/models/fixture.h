/* tests/models/fixture.h - the paper's world in C (the SCENARIOS.md example:
 * homeA/homeB with HA_A/HA_B, foreign A1, A2, B1, B2; access 5 ms, core
 * 20 ms, homeA-homeB 40 ms; handoff 50 ms L2 + 50 ms movement detection),
 * and a trace collector for asserting what happened where and when. */
#ifndef MOBSIM_TESTS_MODELS_FIXTURE_H
#define MOBSIM_TESTS_MODELS_FIXTURE_H

#include "models/world.h"
#include "sim/sim.h"

enum { NET_HOMEA, NET_HOMEB, NET_A1, NET_A2, NET_B1, NET_B2, NET_A3 };

/* two hosts, no moves, defaults of SCENARIOS.md */
void fx_config(mob_config_t *c);
void fx_move(mob_config_t *c, int host, sim_time_t at, int to);

/* Four hosts (the shape of scenarios/multi.json): mobile hosts A, B, D
 * with their own home networks and HAs (homeA, homeB, homeD) and foreign
 * networks A1, A2, B1, B2, D1, D2, and a stationary correspondent C on
 * cnet. Pairs A-B, A-C, B-D; moves A at 1 s to A2, B at 1.03 s to B2
 * (Figure 1's timing), D at 6 s to D2; delays as fx_config (homeA-homeB
 * 40 ms); traffic 50/s of 160 bytes; horizon 20 s. A and B have fig1's
 * addresses. */
enum { MX_HOMEA, MX_HOMEB, MX_HOMED, MX_A1, MX_A2, MX_B1, MX_B2, MX_D1, MX_D2, MX_CNET };
enum { MX_A, MX_B, MX_D, MX_C };
void fx_multi_config(mob_config_t *c);
/* two hosts: mobile A (fx_config's homeA, A1, A2) and stationary
 * correspondent C on cnet (network 3), no peers listed; no moves */
enum { CX_HOMEA, CX_A1, CX_A2, CX_CNET };
void fx_corr_config(mob_config_t *c);

typedef struct fx_rec {
    sim_trace_kind_t kind;
    sim_time_t at;
    char node[24], peer[24];
    int code;
    char what[64];
    char label[48];     /* packets: mob_packet_label of the bytes */
    uint8_t bytes[256]; /* packets: the first bytes as on the wire */
    size_t len;
} fx_rec_t;

typedef struct fx_run {
    sim_t *sim;
    mob_world_t *w;
    const mob_metrics_t *m;
    fx_rec_t *recs;
    size_t n, cap;
} fx_run_t;

/* builds, runs to the horizon, collects every trace record except packets
 * sent/received of data */
int fx_run(fx_run_t *r, const mob_config_t *c);
/* fx_run with a second subscriber `tap` (every record, before the
 * collector's filter) */
int fx_run_tap(fx_run_t *r, const mob_config_t *c, sim_trace_fn *tap, void *ctx);
void fx_free(fx_run_t *r);

/* the lost-list entry of a message type from `from` that died at `where`
 * (NULL: any), or NULL */
const mob_lost_t *fx_lost(const fx_run_t *r, const char *type, const char *from, const char *where);
/* number of trace records matching (NULL/-1 fields match anything) */
int fx_count(const fx_run_t *r, sim_trace_kind_t kind, const char *node, int code, const char *what,
             sim_time_t after);
/* first record matching after `after`, or NULL */
const fx_rec_t *fx_first(const fx_run_t *r, sim_trace_kind_t kind, const char *node, int code,
                         const char *what, sim_time_t after);

/* first record of a packet at `node` whose label is `label`, after `after` */
const fx_rec_t *fx_first_label(const fx_run_t *r, sim_trace_kind_t kind, const char *node,
                               const char *label, sim_time_t after);
int fx_count_label(const fx_run_t *r, sim_trace_kind_t kind, const char *node, const char *label,
                   sim_time_t after);

/* runs with packets injected: (at, from node name, bytes) before the run */
typedef struct fx_inject {
    sim_time_t at;
    const char *from;
    const uint8_t *bytes;
    size_t len;
} fx_inject_t;
int fx_run_injected(fx_run_t *r, const mob_config_t *c, const fx_inject_t *inj, int n_inj);

#endif
