/* models/mobility.h - handoffs: scripted moves and mobility processes
 * (mobility.c). Internal to models/. */
#ifndef MOBSIM_MODELS_MOBILITY_H
#define MOBSIM_MODELS_MOBILITY_H

#include "models/state.h"

struct mob_mn;

/* Schedules cfg.moves and the first handoff of every mobility process;
 * called once when the run starts. Failures set w->oom. */
void mob_mobility_start(mob_world_t *w);

/* Host h starts a handoff to network `to` now: L2 detach (the MN role is
 * told at once), then attach, movement detection and CoA usable after the
 * configured delays. A handoff in progress is replaced. */
void mob_start_handoff(mob_world_t *w, struct mob_mn *h, int to);

#endif /* MOBSIM_MODELS_MOBILITY_H */
