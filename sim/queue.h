/* sim/queue.h - the pending events of one simulated world.
 *
 * Events fire in (time, seq) order; seq counts schedule calls, so events due
 * at the same nanosecond fire in the order they were scheduled and every run
 * is reproducible.
 *
 * Structure (sim/queue.c says why): with few events pending, an array-backed
 * 4-ary min-heap of (time, seq|slot) entries; past 128 pending, a radix heap
 * over the integer, monotone time (buckets by the highest bit in which an
 * event's time differs from the last popped time), back to the heap below
 * 32. The key word holds seq in its high 36 bits and the slot in its low 28,
 * so one comparison orders equal times FIFO. Slots (generation, position)
 * live in a pool with a free list: no malloc per event. Each slot knows
 * where its entry is, so cancel is O(log n) in the heap and O(1) in the radix
 * heap, with no search. Schedule is O(log n) / O(1); pop is O(log n) /
 * amortised O(log of the longest delay). In front of both, up to 8 FIFO
 * lanes, each bound to one delay (at - time of the last pop) that recurs:
 * events scheduled with the same delay come out in the order they went in,
 * so a lane is sorted by construction; schedule appends, pop compares the
 * fronts of the non-empty lanes with the earliest event of the rest (O(1)
 * each, cancel O(1) by a tombstone).
 *
 * A handle names one scheduled event. After the event fires or is cancelled
 * the handle is stale, and every call below recognises that by the slot's
 * generation counter instead of touching a reused record. Generation 0 is
 * never issued, so a zeroed handle (SIM_HANDLE_NONE) is always stale.
 *
 * The queue owns its records; ctx and arg are borrowed and never freed here,
 * except that an event may carry a finalizer (as Redis ae's timers do): an
 * event scheduled with sim_queue_schedule_owned() owns its arg, and the
 * queue calls fin(arg) when the event is cancelled, cleared or still pending
 * when the queue is destroyed. When the event fires, its callback receives
 * the arg and with it the ownership: the finalizer is not called.
 * One queue belongs to one sim_t, used by one thread.
 */
#ifndef MOBSIM_SIM_QUEUE_H
#define MOBSIM_SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

typedef struct sim_queue sim_queue_t;
typedef struct sim sim_t;

/* The callback of an event: the world it runs in, and the two borrowed
 * pointers given to schedule. */
typedef void sim_event_fn(sim_t *sim, void *ctx, void *arg);

/* Frees what an event owns (its arg), when the event will never run. */
typedef void sim_event_free_fn(void *arg);

typedef struct sim_handle {
    uint32_t slot, gen;
} sim_handle_t;

#define SIM_HANDLE_NONE ((sim_handle_t){0, 0})

/* A popped event. */
typedef struct sim_event {
    sim_time_t at;
    sim_event_fn *fn;
    void *ctx, *arg;
} sim_event_t;

/* NULL when out of memory. `expected` presizes the pool and heap; it is not a
 * limit. */
sim_queue_t *sim_queue_create(size_t expected);
/* NULL is a no-op; pending events are dropped (their finalizers run). */
void sim_queue_destroy(sim_queue_t *q);

/* Schedules fn(sim, ctx, arg) at `at`. `at` must not be before the time of
 * the last popped event (asserted: scheduling into the past is a model bug).
 * Returns 0 and fills *out (out may be NULL), or -SIM_ENOMEM with the queue
 * unchanged (also when 2^28 events are pending). O(log n). */
int sim_queue_schedule(sim_queue_t *q, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                       sim_handle_t *out);

/* sim_queue_schedule() for an event that owns arg: fin (not NULL) frees it
 * if the event is cancelled or dropped unrun. On -SIM_ENOMEM nothing is
 * scheduled and arg still belongs to the caller. */
int sim_queue_schedule_owned(sim_queue_t *q, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                             sim_event_free_fn *fin, sim_handle_t *out);

/* true if h was pending and now is not (its finalizer, if any, has run);
 * false if it already fired, was cancelled, or is SIM_HANDLE_NONE. O(log n). */
bool sim_queue_cancel(sim_queue_t *q, sim_handle_t h);

/* true while h names a pending event. */
bool sim_queue_is_pending(const sim_queue_t *q, sim_handle_t h);

/* Time of a pending event, or -1 when h is stale. */
sim_time_t sim_queue_time_of(const sim_queue_t *q, sim_handle_t h);

/* Takes out the earliest event into *ev; returns false, *ev untouched, when
 * empty. */
bool sim_queue_pop(sim_queue_t *q, sim_event_t *ev);

/* Time of the earliest pending event, or SIM_TIME_MAX when empty. */
sim_time_t sim_queue_peek_time(const sim_queue_t *q);

size_t sim_queue_pending(const sim_queue_t *q);

/* Drops every pending event (their handles become stale), then runs the
 * finalizers of those that had one. */
void sim_queue_clear(sim_queue_t *q);

#endif /* MOBSIM_SIM_QUEUE_H */
