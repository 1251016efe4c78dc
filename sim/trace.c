#include "sim/trace.h"

#include <stdlib.h>

typedef struct sub {
    uint32_t mask;
    sim_trace_fn *fn;
    void *ctx;
} sub_t;

struct sim_trace_bus {
    uint32_t mask; /* first: sim_trace_mask() in trace.h reads it inline */
    sub_t *subs;
    size_t n, cap;
};

sim_trace_bus_t *sim_trace_create(void)
{
    return calloc(1, sizeof(sim_trace_bus_t));
}

void sim_trace_destroy(sim_trace_bus_t *bus)
{
    if (!bus)
        return;
    free(bus->subs);
    free(bus);
}

int sim_trace_subscribe(sim_trace_bus_t *bus, uint32_t mask, sim_trace_fn *fn, void *ctx)
{
    if (bus->n == bus->cap) {
        size_t cap = bus->cap ? 2 * bus->cap : 4;
        sub_t *s = realloc(bus->subs, cap * sizeof(*s));
        if (!s)
            return -SIM_ENOMEM;
        bus->subs = s;
        bus->cap = cap;
    }
    bus->subs[bus->n++] = (sub_t){mask & SIM_TR_ALL, fn, ctx};
    bus->mask |= mask & SIM_TR_ALL;
    return 0;
}

void sim_trace_unsubscribe(sim_trace_bus_t *bus, sim_trace_fn *fn, void *ctx)
{
    size_t j = 0;
    bus->mask = 0;
    for (size_t i = 0; i < bus->n; i++) {
        if (bus->subs[i].fn == fn && bus->subs[i].ctx == ctx)
            continue;
        bus->subs[j++] = bus->subs[i];
        bus->mask |= bus->subs[i].mask;
    }
    bus->n = j;
}

void sim_trace_publish(const sim_trace_bus_t *bus, const sim_trace_rec_t *rec)
{
    uint32_t bit = SIM_TR_MASK(rec->kind);
    for (size_t i = 0; i < bus->n; i++)
        if (bus->subs[i].mask & bit)
            bus->subs[i].fn(bus->subs[i].ctx, rec);
}
