#include "sim/sim.h"

#include <stdlib.h>

#include "sim/queue_run.h"

#define MAX_STREAMS 64

typedef struct stream {
    uint64_t purpose;
    gsl_rng *rng;
} stream_t;

struct sim {
    sim_time_t now;
    sim_queue_t *queue;
    sim_trace_bus_t *bus;
    sim_stream_id_t id;
    stream_t streams[MAX_STREAMS];
    int n_streams;
    bool stop;
};

sim_t *sim_create(sim_stream_id_t id)
{
    sim_t *sim = calloc(1, sizeof(*sim));
    if (!sim)
        return NULL;
    sim->id = id;
    sim->queue = sim_queue_create(1024);
    sim->bus = sim_trace_create();
    if (!sim->queue || !sim->bus) {
        sim_destroy(sim);
        return NULL;
    }
    return sim;
}

void sim_destroy(sim_t *sim)
{
    if (!sim)
        return;
    for (int i = 0; i < sim->n_streams; i++)
        gsl_rng_free(sim->streams[i].rng);
    sim_queue_destroy(sim->queue);
    sim_trace_destroy(sim->bus);
    free(sim);
}

sim_time_t sim_now(const sim_t *sim)
{
    return sim->now;
}

int sim_at(sim_t *sim, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg, sim_handle_t *h)
{
    if (at < sim->now)
        at = sim->now;
    return sim_queue_schedule(sim->queue, at, fn, ctx, arg, h);
}

int sim_after(sim_t *sim, sim_time_t delay, sim_event_fn *fn, void *ctx, void *arg, sim_handle_t *h)
{
    if (delay < 0)
        delay = 0;
    return sim_queue_schedule(sim->queue, sim_time_add(sim->now, delay), fn, ctx, arg, h);
}

int sim_at_owned(sim_t *sim, sim_time_t at, sim_event_fn *fn, void *ctx, void *arg,
                 sim_event_free_fn *fin, sim_handle_t *h)
{
    if (at < sim->now)
        at = sim->now;
    return sim_queue_schedule_owned(sim->queue, at, fn, ctx, arg, fin, h);
}

int sim_after_owned(sim_t *sim, sim_time_t delay, sim_event_fn *fn, void *ctx, void *arg,
                    sim_event_free_fn *fin, sim_handle_t *h)
{
    if (delay < 0)
        delay = 0;
    return sim_queue_schedule_owned(sim->queue, sim_time_add(sim->now, delay), fn, ctx, arg, fin,
                                    h);
}

bool sim_cancel(sim_t *sim, sim_handle_t *h)
{
    bool was = sim_queue_cancel(sim->queue, *h);
    *h = SIM_HANDLE_NONE;
    return was;
}

bool sim_pending(const sim_t *sim, sim_handle_t h)
{
    return sim_queue_is_pending(sim->queue, h);
}

uint64_t sim_run(sim_t *sim, sim_time_t horizon)
{
    sim->stop = false;
    return sim_queue_run(sim->queue, sim, horizon, &sim->now, &sim->stop);
}

void sim_stop(sim_t *sim)
{
    sim->stop = true;
}

gsl_rng *sim_rng(sim_t *sim, uint64_t purpose)
{
    for (int i = 0; i < sim->n_streams; i++)
        if (sim->streams[i].purpose == purpose)
            return sim->streams[i].rng;
    if (sim->n_streams == MAX_STREAMS)
        return NULL;
    gsl_rng *r = sim_rng_stream(sim->id.master_seed, sim->id.point, sim->id.rep, purpose);
    if (!r)
        return NULL;
    sim->streams[sim->n_streams++] = (stream_t){purpose, r};
    return r;
}

sim_stream_id_t sim_stream_id(const sim_t *sim)
{
    return sim->id;
}

sim_trace_bus_t *sim_bus(sim_t *sim)
{
    return sim->bus;
}

sim_queue_t *sim_queue(sim_t *sim)
{
    return sim->queue;
}

bool sim_trace_on(const sim_t *sim, sim_trace_kind_t kind)
{
    return (sim_trace_mask(sim->bus) & SIM_TR_MASK(kind)) != 0;
}

void sim_emit(sim_t *sim, sim_trace_rec_t *rec)
{
    if (!(sim_trace_mask(sim->bus) & SIM_TR_MASK(rec->kind)))
        return;
    rec->at = sim->now;
    sim_trace_publish(sim->bus, rec);
}
