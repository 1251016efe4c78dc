/* tests/sim/queue_ref.h - the reference the event-queue tests check every
 * pop against: (time, id) kept sorted by time, equal times in schedule order
 * (FIFO), slow and obviously right. The caller owns ev (room for every event
 * pending at once). */
#ifndef MOBSIM_TESTS_SIM_QUEUE_REF_H
#define MOBSIM_TESTS_SIM_QUEUE_REF_H

#include <string.h>

#include "sim/time.h"

typedef struct {
    sim_time_t at;
    int id;
} ref_ev_t;

typedef struct {
    ref_ev_t *ev;
    int n;
} ref_t;

static inline void ref_add(ref_t *r, sim_time_t at, int id)
{
    int i = r->n;
    while (i > 0 && r->ev[i - 1].at > at) /* equal times: after, FIFO */
        i--;
    memmove(&r->ev[i + 1], &r->ev[i], sizeof(*r->ev) * (size_t)(r->n - i));
    r->ev[i] = (ref_ev_t){at, id};
    r->n++;
}

/* Index of the event id, or -1. */
static inline int ref_find(const ref_t *r, int id)
{
    for (int i = 0; i < r->n; i++)
        if (r->ev[i].id == id)
            return i;
    return -1;
}

static inline void ref_remove(ref_t *r, int i)
{
    memmove(&r->ev[i], &r->ev[i + 1], sizeof(*r->ev) * (size_t)(r->n - i - 1));
    r->n--;
}

#endif /* MOBSIM_TESTS_SIM_QUEUE_REF_H */
