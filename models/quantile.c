/* models/quantile.c - exact, then log-linear histogram (see quantile.h). */
#include "models/quantile.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define SUB_COUNT (INT64_C(1) << MOB_Q_SUB_BITS)

void mob_q_init(mob_q_t *q)
{
    memset(q, 0, sizeof(*q));
}

void mob_q_fini(mob_q_t *q)
{
    free(q->exact);
    free(q->bucket);
    mob_q_init(q);
}

/* Bucket of v: v itself below 2 * SUB_COUNT, else SUB_COUNT buckets per
 * power of two, the top MOB_Q_SUB_BITS + 1 bits of v naming one. */
static size_t bucket_of(sim_time_t v)
{
    uint64_t u = (uint64_t)v;
    if (u < (uint64_t)SUB_COUNT)
        return (size_t)u;
    int e = 63 - __builtin_clzll(u); /* 2^e <= u < 2^(e+1), e >= MOB_Q_SUB_BITS */
    int shift = e - MOB_Q_SUB_BITS;
    size_t sub = (size_t)(u >> shift) - (size_t)SUB_COUNT;
    return (size_t)SUB_COUNT + ((size_t)shift << MOB_Q_SUB_BITS) + sub;
}

/* The middle of bucket i (rounded down): within half a width of any value
 * in it. */
static sim_time_t bucket_value(size_t i)
{
    if (i < (size_t)SUB_COUNT)
        return (sim_time_t)i;
    int shift = (int)((i - (size_t)SUB_COUNT) >> MOB_Q_SUB_BITS);
    uint64_t sub = (uint64_t)((i - (size_t)SUB_COUNT) & (size_t)(SUB_COUNT - 1));
    uint64_t lo = ((uint64_t)SUB_COUNT + sub) << shift;
    uint64_t width = UINT64_C(1) << shift;
    return (sim_time_t)(lo + (width - 1) / 2);
}

static int fold(mob_q_t *q)
{
    q->bucket = calloc(MOB_Q_N_BUCKETS, sizeof(*q->bucket));
    if (!q->bucket)
        return -SIM_ENOMEM;
    for (uint64_t i = 0; i < q->count; i++)
        q->bucket[bucket_of(q->exact[i])]++;
    free(q->exact);
    q->exact = NULL;
    q->cap = 0;
    return 0;
}

int mob_q_add(mob_q_t *q, sim_time_t v)
{
    assert(v >= 0);
    if (v < 0)
        v = 0;
    if (!q->bucket && q->count == MOB_Q_EXACT_MAX && fold(q) < 0)
        return -SIM_ENOMEM;
    if (q->bucket) {
        q->bucket[bucket_of(v)]++;
        q->count++;
        return 0;
    }
    if (q->count == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 1024;
        sim_time_t *d = realloc(q->exact, cap * sizeof(*d));
        if (!d)
            return -SIM_ENOMEM;
        q->exact = d;
        q->cap = cap;
    }
    q->exact[q->count++] = v;
    assert(q->count <= MOB_Q_EXACT_MAX);
    return 0;
}

uint64_t mob_q_count(const mob_q_t *q)
{
    return q->count;
}

int mob_q_is_exact(const mob_q_t *q)
{
    return q->bucket == NULL;
}

size_t mob_q_bytes(const mob_q_t *q)
{
    return q->bucket ? MOB_Q_N_BUCKETS * sizeof(*q->bucket) : q->cap * sizeof(*q->exact);
}

static int cmp_time(const void *a, const void *b)
{
    sim_time_t x = *(const sim_time_t *)a, y = *(const sim_time_t *)b;
    return (x > y) - (x < y);
}

sim_time_t mob_q_quantile(mob_q_t *q, double p)
{
    assert(p >= 0 && p <= 1);
    if (q->count == 0)
        return 0;
    uint64_t rank = (uint64_t)(p * (double)(q->count - 1) + 0.5);
    if (rank >= q->count)
        rank = q->count - 1;
    if (!q->bucket) {
        qsort(q->exact, (size_t)q->count, sizeof(*q->exact), cmp_time);
        return q->exact[rank];
    }
    uint64_t seen = 0;
    for (size_t i = 0; i < MOB_Q_N_BUCKETS; i++) {
        seen += q->bucket[i];
        if (seen > rank)
            return bucket_value(i);
    }
    assert(0 && "bucket counts below count");
    return bucket_value(MOB_Q_N_BUCKETS - 1);
}
