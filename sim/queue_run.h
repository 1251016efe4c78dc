/* sim/queue_run.h - internal to sim/: the run loop, compiled next to the queue.
 *
 * sim_run() lives in sim.c, but the loop that pops and dispatches lives in
 * queue.c, so the pop is inlined into it: one call per event (the handler)
 * instead of three. Models call sim_run(), never this.
 */
#ifndef MOBSIM_SIM_QUEUE_RUN_H
#define MOBSIM_SIM_QUEUE_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/queue.h"

/* Pops and runs events as sim_run() describes: until the queue is empty,
 * *stop is set (handlers set it through sim_stop()), or the next event lies
 * after horizon (then *now = horizon if that is later). Sets *now to each
 * event's time before calling its handler with `sim`. Returns the number of
 * events run. */
uint64_t sim_queue_run(sim_queue_t *q, sim_t *sim, sim_time_t horizon, sim_time_t *now,
                       const bool *stop);

#endif /* MOBSIM_SIM_QUEUE_RUN_H */
