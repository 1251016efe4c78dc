#include "sim/sim.h"

#include <stdlib.h>

#include "sim/queue_run.h"

/* The random streams by purpose: an open-addressing table (linear probing,
 * load at most 1/2, rng NULL = empty), created on first use. Models use a
 * purpose per process of a node (models/mobility.h: a stream per mobile
 * host and per vehicle), so a world of 10^5 hosts has 10^5 of them; a fixed array
 * of 64 refused the 65th (a world of 80 Poisson-mobile hosts failed with
 * out of memory) and was scanned on every call. */
typedef struct stream {
    uint64_t purpose;
    gsl_rng *rng;
} stream_t;

struct sim {
    sim_head_t h; /* now, queue, bus: first, for sim.h's inline functions */
    sim_stream_id_t id;
    stream_t *streams;
    size_t n_streams, cap_streams; /* cap: 0 or a power of two */
    bool stop;
};

sim_t *sim_create(sim_stream_id_t id)
{
    sim_t *sim = calloc(1, sizeof(*sim));
    if (!sim)
        return NULL;
    sim->id = id;
    sim->h.queue = sim_queue_create(1024);
    sim->h.bus = sim_trace_create();
    if (!sim->h.queue || !sim->h.bus) {
        sim_destroy(sim);
        return NULL;
    }
    return sim;
}

void sim_destroy(sim_t *sim)
{
    if (!sim)
        return;
    for (size_t i = 0; i < sim->cap_streams; i++)
        gsl_rng_free(sim->streams[i].rng);
    free(sim->streams);
    sim_queue_destroy(sim->h.queue);
    sim_trace_destroy(sim->h.bus);
    free(sim);
}

int sim_at(sim_t *sim, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg, sim_handle_t *h)
{
    if (at < sim->h.now)
        at = sim->h.now;
    return sim_queue_schedule(sim->h.queue, at, fn, ctx, arg, h);
}

int sim_at_owned(sim_t *sim, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                 sim_event_free_fn *fin, sim_handle_t *h)
{
    if (at < sim->h.now)
        at = sim->h.now;
    return sim_queue_schedule_owned(sim->h.queue, at, fn, ctx, arg, fin, h);
}

bool sim_cancel(sim_t *sim, sim_handle_t *h)
{
    bool was = sim_queue_cancel(sim->h.queue, *h);
    *h = SIM_HANDLE_NONE;
    return was;
}

bool sim_pending(const sim_t *sim, sim_handle_t h)
{
    return sim_queue_is_pending(sim->h.queue, h);
}

uint64_t sim_run(sim_t *sim, sim_time_t horizon)
{
    sim->stop = false;
    return sim_queue_run(sim->h.queue, sim, horizon, &sim->h.now, &sim->stop);
}

void sim_stop(sim_t *sim)
{
    sim->stop = true;
}

/* The slot of purpose in a table of cap slots, or the empty one where it
 * would go. */
static size_t stream_slot(const stream_t *t, size_t cap, uint64_t purpose)
{
    size_t i = (size_t)((purpose * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (cap - 1);
    while (t[i].rng && t[i].purpose != purpose)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow_streams(sim_t *sim)
{
    size_t cap = sim->cap_streams ? 2 * sim->cap_streams : 32;
    stream_t *t = calloc(cap, sizeof(*t));
    if (!t)
        return -1;
    for (size_t i = 0; i < sim->cap_streams; i++)
        if (sim->streams[i].rng)
            t[stream_slot(t, cap, sim->streams[i].purpose)] = sim->streams[i];
    free(sim->streams);
    sim->streams = t;
    sim->cap_streams = cap;
    return 0;
}

gsl_rng *sim_rng(sim_t *sim, uint64_t purpose)
{
    if (sim->cap_streams) {
        stream_t *s = &sim->streams[stream_slot(sim->streams, sim->cap_streams, purpose)];
        if (s->rng)
            return s->rng;
    }
    if ((sim->n_streams + 1) * 2 > sim->cap_streams && grow_streams(sim) < 0)
        return NULL;
    gsl_rng *r = sim_rng_stream(sim->id.master_seed, sim->id.point, sim->id.rep, purpose);
    if (!r)
        return NULL;
    sim->streams[stream_slot(sim->streams, sim->cap_streams, purpose)] = (stream_t){purpose, r};
    sim->n_streams++;
    return r;
}

sim_stream_id_t sim_stream_id(const sim_t *sim)
{
    return sim->id;
}

sim_trace_bus_t *sim_bus(sim_t *sim)
{
    return sim->h.bus;
}

sim_queue_t *sim_queue(sim_t *sim)
{
    return sim->h.queue;
}

void sim_emit(sim_t *sim, sim_trace_rec_t *rec)
{
    if (!(sim_trace_mask(sim->h.bus) & SIM_TR_MASK(rec->kind)))
        return;
    rec->at = sim->h.now;
    sim_trace_publish(sim->h.bus, rec);
}
