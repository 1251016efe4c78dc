/* sim/trace.h - the trace bus: models publish typed records, sinks subscribe.
 *
 * sim/ knows nothing of IPv6: a record carries a kind, the time, two model
 * node ids, a model-defined code (a message type, a handoff phase, a binding
 * operation), a short label ("stale-address", "HA buffered"), an optional
 * byte string (a packet as it is on the wire) and an optional borrowed
 * pointer to a model-defined detail struct. Everything in a record is
 * borrowed for the duration of the callback only: a sink that keeps anything
 * copies it.
 *
 * Cost: with no subscriber, sim_trace_on() is one load and compare; models
 * test it before building a record, so tracing costs next to nothing.
 */
#ifndef MOBSIM_SIM_TRACE_H
#define MOBSIM_SIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

typedef enum sim_trace_kind {
    SIM_TR_PKT_SENT = 0,  /* a node put a packet on the network */
    SIM_TR_PKT_RECEIVED,  /* a node took a packet off the network */
    SIM_TR_PKT_DROPPED,   /* a packet died: `what` says why, `node` where */
    SIM_TR_PKT_FORWARDED, /* a router/HA passed a packet on (tunnel, forward) */
    SIM_TR_TIMER,         /* a protocol timer fired (`code`: model timer id) */
    SIM_TR_BINDING,       /* a binding was created/updated/deleted/expired */
    SIM_TR_HANDOFF,       /* a handoff phase began (`code`: phase) */
    SIM_TR_SCHEME,        /* a scheme action: buffered, re-forwarded, ... */
    SIM_TR_NOTE,          /* anything else worth a line in a text log */
    SIM_TR_N_KINDS
} sim_trace_kind_t;

#define SIM_TR_MASK(kind) (1u << (kind))
#define SIM_TR_ALL        ((1u << SIM_TR_N_KINDS) - 1)

typedef struct sim_trace_rec {
    sim_trace_kind_t kind;
    sim_time_t at;
    int node;         /* model node id where it happened, -1 none */
    int peer;         /* the other end (destination, sender), -1 none */
    int code;         /* model-defined */
    uint64_t id;      /* model-defined (packet id pairs sent/received/dropped) */
    const char *what; /* short label, may be NULL */
    const uint8_t *bytes;
    size_t len;
    const void *detail; /* model-defined struct, may be NULL */
} sim_trace_rec_t;

typedef void sim_trace_fn(void *ctx, const sim_trace_rec_t *rec);

typedef struct sim_trace_bus sim_trace_bus_t;

sim_trace_bus_t *sim_trace_create(void);
void sim_trace_destroy(sim_trace_bus_t *bus); /* NULL is a no-op */

/* Adds a subscriber for the kinds in `mask` (SIM_TR_MASK bits). ctx is
 * borrowed. Returns 0, or -SIM_ENOMEM. */
int sim_trace_subscribe(sim_trace_bus_t *bus, uint32_t mask, sim_trace_fn *fn, void *ctx);

/* Removes every subscription with this fn and ctx. */
void sim_trace_unsubscribe(sim_trace_bus_t *bus, sim_trace_fn *fn, void *ctx);

/* The union of all subscribers' masks. Inline, because every packet asks
 * (sim_trace_on): the bus's first member is its mask, a uint32_t, and a
 * pointer to a struct points to its first member (C11 6.7.2.1p15). */
static inline uint32_t sim_trace_mask(const sim_trace_bus_t *bus)
{
    return *(const uint32_t *)(const void *)bus;
}

/* Delivers rec to every subscriber of rec->kind, in subscription order. */
void sim_trace_publish(const sim_trace_bus_t *bus, const sim_trace_rec_t *rec);

#endif /* MOBSIM_SIM_TRACE_H */
