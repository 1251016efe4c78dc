/* sim/sim.h - one simulated world: clock, event queue, random streams and
 * trace bus. No globals: worlds on different threads never meet.
 *
 * The clock only moves forward, to the time of the event being run. Models
 * schedule callbacks relative to now (sim_after) or at an absolute time
 * (sim_at), cancel them by handle, and publish trace records through
 * sim_trace_on()/sim_emit().
 */
#ifndef MOBSIM_SIM_SIM_H
#define MOBSIM_SIM_SIM_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/err.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/time.h"
#include "sim/trace.h"

/* Stream purposes known to sim/; models may use any value >= SIM_RNG_MODEL. */
enum { SIM_RNG_MAIN = 0, SIM_RNG_MODEL = 16 };

typedef struct sim_stream_id {
    uint64_t master_seed, point, rep;
} sim_stream_id_t;

/* Not for models: the first fields of every world, which the inline
 * functions below read (they run several times per event). */
typedef struct sim_head {
    sim_time_t now;
    sim_queue_t *queue;
    sim_trace_bus_t *bus;
} sim_head_t;

static inline const sim_head_t *sim_head_(const sim_t *sim)
{
    return (const sim_head_t *)(const void *)sim;
}

/* NULL when out of memory. The world owns its queue, bus and streams. */
sim_t *sim_create(sim_stream_id_t id);
void sim_destroy(sim_t *sim); /* NULL is a no-op; finalizers of pending events run */

static inline sim_time_t sim_now(const sim_t *sim)
{
    return sim_head_(sim)->now;
}

/* Schedules fn(sim, ctx, arg) `delay` from now (delay >= 0) or at `at`
 * (>= now). Returns 0 and fills *h (may be NULL), or -SIM_ENOMEM. A time past
 * SIM_TIME_MAX saturates. */
static inline int sim_after(sim_t *sim, sim_time_t delay, sim_event_fn *fn, void *ctx, void *arg,
                            sim_handle_t *h)
{
    const sim_head_t *s = sim_head_(sim);
    return sim_queue_schedule(s->queue, sim_time_add(s->now, delay < 0 ? 0 : delay), fn, ctx, arg,
                              h);
}
int sim_at(sim_t *sim, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg, sim_handle_t *h);

/* sim_after()/sim_at() for an event that owns arg (a packet in flight):
 * fin(arg) runs if the event is cancelled or still pending when the world
 * is destroyed; when it fires, fn gets arg and must free it. On -SIM_ENOMEM
 * arg still belongs to the caller. */
static inline int sim_after_owned(sim_t *sim, sim_time_t delay, sim_event_fn *fn, void *ctx,
                                  void *arg, sim_event_free_fn *fin, sim_handle_t *h)
{
    const sim_head_t *s = sim_head_(sim);
    return sim_queue_schedule_owned(s->queue, sim_time_add(s->now, delay < 0 ? 0 : delay), fn, ctx,
                                    arg, fin, h);
}
int sim_at_owned(sim_t *sim, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                 sim_event_free_fn *fin, sim_handle_t *h);

/* Cancels *h if pending and resets it to SIM_HANDLE_NONE; returns whether an
 * event was cancelled. Stale handles are harmless. */
bool sim_cancel(sim_t *sim, sim_handle_t *h);
bool sim_pending(const sim_t *sim, sim_handle_t h);

/* Runs events in order until the queue is empty, sim_stop() is called, or
 * the next event lies after `horizon` (the clock then stands at horizon).
 * Returns the number of events run. */
uint64_t sim_run(sim_t *sim, sim_time_t horizon);

/* Makes sim_run() return after the current event. */
void sim_stop(sim_t *sim);

/* The generator of stream `purpose` of this world's (seed, point, rep),
 * created on first use; NULL only when out of memory. Borrowed: valid until
 * sim_destroy(). */
gsl_rng *sim_rng(sim_t *sim, uint64_t purpose);
sim_stream_id_t sim_stream_id(const sim_t *sim);

sim_trace_bus_t *sim_bus(sim_t *sim);
sim_queue_t *sim_queue(sim_t *sim);

/* true when some subscriber wants records of this kind. */
static inline bool sim_trace_on(const sim_t *sim, sim_trace_kind_t kind)
{
    return (sim_trace_mask(sim_head_(sim)->bus) & SIM_TR_MASK(kind)) != 0;
}

/* Publishes rec, with rec->at set to now. Cheap no-op without subscribers. */
void sim_emit(sim_t *sim, sim_trace_rec_t *rec);

#endif /* MOBSIM_SIM_SIM_H */
