/* analysis/stateat.h - the protocol state of a run at chosen instants, for
 * `mobsim run FILE --state-at T` (docs/cli.md, "State at an instant").
 *
 *   stateat_t *s;
 *   stateat_create(sim, w, times, n, STATEAT_JSON, &s);  // before the run
 *   mob_world_run(w);
 *   stateat_write(s, stdout, NULL, &err);                      // after it
 *   stateat_destroy(s);
 *
 * At each instant T the snapshot lists, for every host, where it is (network,
 * home address, care-of address), its home registration (the MN role's
 * Binding Update List entry toward its home agent), its Binding Update List
 * entry toward each correspondent with its state, and its binding cache (CN
 * role: one entry per correspondent home address with a valid binding); for
 * every home agent, its binding cache (the home bindings). Nothing is capped:
 * a population prints every host.
 *
 * "At T" means after every event due at or before T: the snapshot event,
 * when it fires at T and finds more events due at T (scheduled after it),
 * puts itself behind them, so a move or a packet arrival at exactly T is
 * already in the state. It only reads the world: no model event, random
 * draw or trace record is added, so the run is the same run.
 */
#ifndef MOBSIM_ANALYSIS_STATEAT_H
#define MOBSIM_ANALYSIS_STATEAT_H

#include <stdio.h>

#include "models/world.h"
#include "sim/err.h"
#include "sim/sim.h"

typedef struct stateat stateat_t;

typedef enum stateat_format {
    STATEAT_TEXT, /* readable lines, one block per instant */
    STATEAT_JSON, /* {"state_at": [{"t": ..., "hosts": [...], "home_agents": [...]}]} */
} stateat_format_t;

/* Schedules a snapshot of w at each of times[0..n) (copied; each >= now, in
 * any order, repeats allowed; n >= 1) in sim. sim and w are borrowed and must
 * outlive s; call before the run. Returns 0 and *out, -SIM_EINVAL (n == 0 or
 * a time before now) or -SIM_ENOMEM. */
int stateat_create(sim_t *sim, const mob_world_t *w, const sim_time_t *times, size_t n,
                   stateat_format_t format, stateat_t **out);

/* The number of snapshots taken so far (n after a run to past the last). */
size_t stateat_count(const stateat_t *s);

/* Writes every snapshot taken, in time order, to out; the JSON form starts
 * with prov's "provenance" object (prov may be NULL: none). Returns 0, or
 * -SIM_ENOMEM (a snapshot could not be recorded) / -SIM_EIO with a message in
 * err. */
struct prov;
int stateat_write(const stateat_t *s, FILE *out, const struct prov *prov, sim_err_t *err);

/* Frees s; snapshots not yet taken are cancelled. NULL is a no-op. */
void stateat_destroy(stateat_t *s);

#endif /* MOBSIM_ANALYSIS_STATEAT_H */
