/* models/mobility.h - handoffs: scripted moves and mobility processes
 * (mobility.c). Internal to models/.
 *
 * A process (a host's cfg.mobility[i] when enabled, a vehicle's
 * cfg.groups[g].mobility) moves at dwell-time intervals (Poisson rate or a
 * dwell distribution), the first time at `first` when given, to the
 * network its `next` rule picks: uniform over `nets` without the current
 * one, a random walk along cfg.edges, or the next entry of `nets`
 * (cyclic). No network to go to: no handoff that time, the next move one
 * dwell later. A vehicle's members (mobility.grouped) hand off to the
 * vehicle's new network each after its own jitter draw.
 *
 * Streams: host i's process, and a member's jitter draws, use
 * mob_mobility_stream(i); vehicle g's dwell and next-network draws
 * mob_vehicle_stream(g). Handoff phase delays use MOB_RNG_HANDOFF. */
#ifndef MOBSIM_MODELS_MOBILITY_H
#define MOBSIM_MODELS_MOBILITY_H

#include <stdint.h>

#include "models/state.h"

struct mob_mn;

/* The world's mobility state: the cell graph (CSR, each edge both ways),
 * the vehicles' member lists, one process record per host and vehicle.
 * O(hosts + networks + edges + list lengths). Called at world creation on
 * a checked config; 0, or -1 when out of memory (mob_mobility_fini frees
 * what was built). */
int mob_mobility_init(mob_world_t *w);
void mob_mobility_fini(mob_world_t *w);

/* Schedules cfg.moves and the first move of every process; called once
 * when the run starts. Failures set w->oom. */
void mob_mobility_start(mob_world_t *w);

/* Host h starts a handoff to network `to` now: L2 detach (the MN role is
 * told at once), then attach, movement detection and CoA usable after the
 * configured delays. A handoff in progress is replaced. */
void mob_start_handoff(mob_world_t *w, struct mob_mn *h, int to);

/* The stream purposes (sim_rng) of host i's process and jitter draws and
 * of vehicle g's process: disjoint from each other and from MOB_RNG_*. */
uint64_t mob_mobility_stream(int host);
uint64_t mob_vehicle_stream(int group);

/* Vehicle g's current network (it changes at the vehicle's move, before
 * the members' jittered handoffs), -1 for an unknown vehicle. */
int mob_vehicle_net(const mob_world_t *w, int group);

#endif /* MOBSIM_MODELS_MOBILITY_H */
